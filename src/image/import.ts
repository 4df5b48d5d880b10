// src/image/import.ts — interoperable image import: what the cloud offers, and POST /v2/images/{id}/import.
import { InputError } from '../core/errors.js'
import { path } from '../core/path.js'
import { parseResponse } from '../core/validation.js'
import type { ImageClient } from './client.js'
import { ImportInfoSchema, StoresSchema, type ImageStore } from './schemas.js'

/**
 * How Glance gets the data: `glance-direct` (from the staging area, after `stage()`),
 * `web-download` (Glance fetches `uri` itself) or `copy-image` (an active image copied to more stores).
 * @example { name: 'web-download', uri: 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2' }
 */
export type ImportMethod = 'glance-direct' | 'copy-image' | { name: 'web-download'; uri: string }

/**
 * Options of `images.import()`.
 * @example { method: 'copy-image', stores: ['ceph-2'], allStoresMustSucceed: false }
 */
export interface ImportOptions {
  method: ImportMethod
  /** Stores to import into (multi-store clouds); checked against `stores()`. */
  stores?: readonly string[]
  /** Import into every store. Exclusive with `stores`. */
  allStores?: boolean
  /** Fail the whole import when one store fails (Glance's default: true). */
  allStoresMustSucceed?: boolean
  signal?: AbortSignal
}

/** Names of the import methods the cloud enabled (`GET /v2/info/import`). */
export async function importMethods(client: ImageClient, signal?: AbortSignal): Promise<string[]> {
  const res = await client.get('/info/import', signal ? { signal } : {})
  const body = parseResponse(ImportInfoSchema, await res.json(), { method: 'GET', url: res.url })
  return body['import-methods'].value
}

/** The cloud's stores (`GET /v2/info/stores`); a cloud without multi-store answers 404 here. */
export async function listStores(client: ImageClient, signal?: AbortSignal): Promise<ImageStore[]> {
  const res = await client.get('/info/stores', signal ? { signal } : {})
  const body = parseResponse(StoresSchema, await res.json(), { method: 'GET', url: res.url })
  return body.stores.map((s) => ({ ...s, default: truthy(s.default), 'read-only': truthy(s['read-only']) }))
}

/**
 * Starts an import (202: it runs in the background; follow it with `waitFor`). The method is
 * checked against `importMethods()` first, and `stores` against `stores()`, so a typo is an
 * InputError instead of an image left half-imported.
 */
export async function startImport(client: ImageClient, id: string, opts: ImportOptions): Promise<void> {
  if (typeof id !== 'string' || id === '') throw new InputError('image id must be a non-empty string')
  const body = importBody(opts)
  const signal = opts.signal
  const enabled = await importMethods(client, signal)
  if (!enabled.includes(body.method.name)) {
    throw new InputError(`import method ${body.method.name} is not enabled on this cloud (enabled: ${enabled.join(', ') || 'none'})`)
  }
  if (opts.stores !== undefined) {
    const known = (await listStores(client, signal)).map((s) => s.id)
    const unknown = opts.stores.filter((s) => !known.includes(s))
    if (unknown.length > 0) throw new InputError(`unknown store${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (stores: ${known.join(', ')})`)
  }
  const res = await client.post(path`/images/${id}/import`, { json: body, expect: [202], ...(signal ? { signal } : {}) })
  await res.discard()
}

/** The JSON body of an import request; InputError on a bad combination. */
export function importBody(opts: ImportOptions): {
  method: { name: string; uri?: string }
  stores?: string[]
  all_stores?: boolean
  all_stores_must_succeed?: boolean
} {
  if (typeof opts !== 'object' || opts === null) throw new InputError('import options must be an object with a method')
  const m = opts.method
  let method: { name: string; uri?: string }
  if (m === 'glance-direct' || m === 'copy-image') method = { name: m }
  else if (typeof m === 'object' && m !== null && m.name === 'web-download') {
    if (typeof m.uri !== 'string' || !/^https?:\/\/[^/]/i.test(m.uri)) throw new InputError('web-download needs an http(s) uri')
    method = { name: 'web-download', uri: m.uri }
  } else throw new InputError(`method must be 'glance-direct', 'copy-image' or { name: 'web-download', uri }, got ${JSON.stringify(m)}`)
  if (opts.stores !== undefined && opts.allStores) throw new InputError('give stores or allStores, not both')
  if (opts.stores !== undefined) {
    if (!Array.isArray(opts.stores) || opts.stores.length === 0 || !opts.stores.every((s) => typeof s === 'string' && s !== '')) {
      throw new InputError('stores must be a non-empty array of store ids')
    }
  }
  return {
    method,
    ...(opts.stores !== undefined ? { stores: [...opts.stores] } : {}),
    ...(opts.allStores !== undefined ? { all_stores: opts.allStores } : {}),
    ...(opts.allStoresMustSucceed !== undefined ? { all_stores_must_succeed: opts.allStoresMustSucceed } : {}),
  }
}

function truthy(v: boolean | string | undefined): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true')
}
