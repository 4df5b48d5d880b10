// src/autoscale/phantom/rest.ts — the JSON verbs every Phantom resource shares: one-page lists, typed bodies, creates answered with 302.
import { ResponseError } from '../../core/errors.js'
import { Paginator } from '../../core/pagination.js'
import type { QueryParams } from '../../core/options.js'
import type { ClientResponse } from '../../core/response.js'
import { decode, type Decoder } from '../decode.js'
import type { PhantomCallOptions, PhantomClient } from './client.js'
import { conflictFrom } from './errors.js'

/** A resource as its verbs see it. @example const LC: Kind<PhantomLaunchConfiguration> = { what: 'launch configuration', decoder } */
export interface Kind<T> {
  /** Its name in messages. */
  what: string
  decoder: Decoder<T>
  /** Fields holding secrets: their values are remembered for redaction, and bodies never go into errors. */
  secrets?: readonly string[]
}

type Call = PhantomCallOptions & { query?: QueryParams }

function rememberSecrets(client: PhantomClient, kind: Kind<unknown>, value: unknown): void {
  if (!kind.secrets || typeof value !== 'object' || value === null) return
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== 'object' || item === null) continue
    for (const field of kind.secrets) {
      const v = (item as Record<string, unknown>)[field]
      if (typeof v === 'string') client.rememberSecret(v)
    }
  }
}

async function body<T>(client: PhantomClient, res: ClientResponse, method: string, kind: Kind<T>, many: boolean): Promise<T | T[]> {
  const text = await res.text()
  const withheld = kind.secrets !== undefined
  const details = (): string[] => (withheld ? [] : [client.redact(text.slice(0, 2000))])
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new ResponseError(`${method} ${res.url}: expected a JSON ${kind.what}${many ? ' list' : ''}`, { status: res.status, method, url: res.url, details: details(), cause })
  }
  rememberSecrets(client, kind, json)
  const raw = withheld ? undefined : text
  if (!many) return decode(kind.decoder, json, kind.what, raw)
  if (!Array.isArray(json)) {
    throw new ResponseError(`${method} ${res.url}: expected a JSON array (${kind.what} list), got ${json === null ? 'null' : typeof json}`, { status: res.status, method, url: res.url, details: details() })
  }
  return json.map((item, i) => decode(kind.decoder, item, `${kind.what}[${i}]`, raw))
}

/**
 * A GET of a plain JSON array, as a Paginator with one page (Phantom does not page). A path
 * given as a function is built when the listing starts, so its checks reject the listing with
 * InputError before any request.
 * @example listOf(client, path`/sites`, SITE, opts, { details: true })
 */
export function listOf<T>(client: PhantomClient, p: string | (() => string), kind: Kind<T>, opts: PhantomCallOptions = {}, query?: QueryParams): Paginator<T> {
  const { signal, ...call } = opts
  return Paginator.from<T, never>(
    async (_cursor, pageSignal) => {
      const res = await client.get(typeof p === 'string' ? p : p(), { ...call, ...(query ? { query } : {}), ...(pageSignal ? { signal: pageSignal } : {}), expect: [200] })
      return { items: (await body(client, res, 'GET', kind, true)) as T[] }
    },
    signal ? { signal } : {},
  )
}

/** A GET of one resource. @example await getOne(client, path`/domains/${id}`, DOMAIN, opts) */
export async function getOne<T>(client: PhantomClient, p: string, kind: Kind<T>, opts: Call = {}): Promise<T> {
  const res = await client.get(p, { ...opts, expect: [200] })
  return (await body(client, res, 'GET', kind, false)) as T
}

/**
 * A POST that creates: 201 with the new resource, or 302 to the one that already has `name`,
 * which rejects with PhantomConflictError (the redirect is never followed: the core sends every
 * request with `redirect: 'manual'`).
 * @example await createOne(client, path`/domains`, json, DOMAIN, 'web', opts)
 */
export async function createOne<T>(client: PhantomClient, p: string, json: Record<string, unknown>, kind: Kind<T>, name: string, opts: PhantomCallOptions = {}): Promise<T> {
  rememberSecrets(client, kind, json)
  const res = await client.post(p, { ...opts, json, expect: [201, 302] })
  if (res.status === 302) {
    await res.discard()
    throw conflictFrom(res.headers.get('location'), res.url, kind.what, name)
  }
  return (await body(client, res, 'POST', kind, false)) as T
}

/** A PUT that replaces a resource whole (200 with the result). @example await replaceOne(client, path`/domains/${id}`, json, DOMAIN, opts) */
export async function replaceOne<T>(client: PhantomClient, p: string, json: Record<string, unknown>, kind: Kind<T>, opts: PhantomCallOptions = {}): Promise<T> {
  rememberSecrets(client, kind, json)
  const res = await client.put(p, { ...opts, json, expect: [200] })
  return (await body(client, res, 'PUT', kind, false)) as T
}

/** A DELETE answered with 204. @example await deleteOne(client, path`/domains/${id}`, opts) */
export async function deleteOne(client: PhantomClient, p: string, opts: Call & { idempotent?: boolean } = {}): Promise<void> {
  const res = await client.delete(p, { ...opts, expect: [204] })
  await res.discard()
}
