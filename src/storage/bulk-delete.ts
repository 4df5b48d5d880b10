// src/storage/bulk-delete.ts — storage.bulkDelete(): many deletes per request through Swift's bulk middleware.
import { parallel } from '../core/concurrency.js'
import { InputError, isClientError, ResponseError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { containerPath, objectPath, splitRef } from './names.js'

/** Options of `bulkDelete()`. @example { batchSize: 1000, concurrency: 2 } */
export interface BulkDeleteOptions {
  /** Paths per request; capped by the cluster's `max_deletes_per_request` (10 000 by default). */
  batchSize?: number
  /** Requests at once. Default 2 (each request already deletes many objects on the server). */
  concurrency?: number
  signal?: AbortSignal
}

/**
 * What happened to one path: `ok` when it is gone (deleted now, or already absent), otherwise the
 * status Swift gave for it (409 for a non-empty container, …).
 * @example for (const r of result.results) if (!r.ok) console.error(r.path, r.status, r.reason)
 */
export type BulkDeleteItem = { path: string; ok: true } | { path: string; ok: false; status: number; reason: string | undefined }

/**
 * The outcome of a bulk delete.
 * @example const { deleted, notFound, errors } = await storage.bulkDelete(paths)
 */
export interface BulkDeleteResult {
  /** Objects and containers deleted. */
  deleted: number
  /** Paths that did not exist. */
  notFound: number
  /** Paths that could not be deleted. */
  errors: { path: string; status: number; reason: string | undefined }[]
  /** One entry per path given, in the same order. */
  results: BulkDeleteItem[]
}

interface SwiftBulkBody {
  'Number Deleted'?: number
  'Number Not Found'?: number
  'Response Status'?: string
  'Response Body'?: string
  Errors?: [string, string][]
}

/** Deletes `paths` (`container/object` or `container`) in batches. See {@link BulkDeleteResult}. */
export async function bulkDelete(client: StorageClient, paths: Iterable<string>, opts: BulkDeleteOptions = {}): Promise<BulkDeleteResult> {
  const all = [...paths]
  const encoded = all.map(encodeRef)
  const caps = await client.capabilities(opts.signal ? { signal: opts.signal } : {})
  const result: BulkDeleteResult = { deleted: 0, notFound: 0, errors: [], results: [] }
  if (all.length === 0) return result
  if (!caps.bulk_delete) return oneByOne(client, all, encoded, opts, result)

  const cap = caps.bulk_delete.max_deletes_per_request ?? 10_000
  const size = Math.min(opts.batchSize ?? cap, cap)
  if (!Number.isInteger(size) || size < 1) throw new InputError(`batchSize must be a positive integer, got ${String(opts.batchSize)}`)
  const batches: number[] = []
  for (let i = 0; i < all.length; i += size) batches.push(i)
  const failures = new Map<string, { status: number; reason: string | undefined }>()
  await parallel(
    batches,
    async (start, _i, signal) => {
      const body = `${encoded.slice(start, start + size).join('\n')}\n`
      const res = await client.post('?bulk-delete', {
        body,
        headers: { 'Content-Type': 'text/plain', Accept: 'application/json' },
        idempotent: true,
        signal,
      })
      const parsed = parseBulkBody(await res.text(), res.url)
      result.deleted += parsed['Number Deleted'] ?? 0
      result.notFound += parsed['Number Not Found'] ?? 0
      for (const [p, status] of parsed.Errors ?? []) failures.set(normalise(p), parseStatus(status))
      const overall = parseStatus(parsed['Response Status'] ?? '200 OK')
      if (overall.status >= 400 && (parsed.Errors ?? []).length === 0) {
        throw new ResponseError(`bulk delete failed: ${parsed['Response Status']} ${parsed['Response Body'] ?? ''}`.trim(), { status: overall.status, url: res.url })
      }
    },
    { concurrency: opts.concurrency ?? 2, ...(opts.signal ? { signal: opts.signal } : {}) },
  )
  all.forEach((p, i) => {
    const failure = failures.get(normalise(encoded[i]!))
    if (failure) {
      result.errors.push({ path: p, ...failure })
      result.results.push({ path: p, ok: false, ...failure })
    } else result.results.push({ path: p, ok: true })
  })
  return result
}

async function oneByOne(client: StorageClient, all: string[], encoded: string[], opts: BulkDeleteOptions, result: BulkDeleteResult): Promise<BulkDeleteResult> {
  const settled = await parallel(encoded, async (p, _i, signal) => (await client.delete(p, { signal, expect: [204, 404] })).status, {
    concurrency: (opts.concurrency ?? 2) * 4,
    failFast: false,
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  settled.forEach((s, i) => {
    const path = all[i]!
    if (s.status === 'fulfilled') {
      if (s.value === 404) result.notFound++
      else result.deleted++
      result.results.push({ path, ok: true })
      return
    }
    const e: unknown = s.reason
    if (!isClientError(e) || e.status === 0) throw e
    const failure = { status: e.status, reason: e.message }
    result.errors.push({ path, ...failure })
    result.results.push({ path, ok: false, ...failure })
  })
  return result
}

function encodeRef(ref: string): string {
  if (typeof ref !== 'string' || ref.replace(/^\/+/, '') === '') throw new InputError('bulk delete paths must be non-empty strings')
  const trimmed = ref.replace(/^\/+/, '')
  if (!trimmed.includes('/')) return containerPath(trimmed)
  const { container, name } = splitRef(trimmed)
  return objectPath(container, name)
}

function normalise(p: string): string {
  let out = p.replace(/^\/+/, '')
  try {
    out = decodeURIComponent(out)
  } catch {
    // keep the raw form; it is only a lookup key
  }
  return out
}

function parseStatus(text: string): { status: number; reason: string | undefined } {
  const m = /^(\d{3})\s*(.*)$/.exec(text.trim())
  return m ? { status: Number(m[1]), reason: m[2] || undefined } : { status: 0, reason: text }
}

function parseBulkBody(text: string, url: string): SwiftBulkBody {
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null) return parsed as SwiftBulkBody
  } catch {
    // fall through
  }
  throw new ResponseError('bulk delete answered with something other than JSON', { url, details: [text.slice(0, 500)] })
}
