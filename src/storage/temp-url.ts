// src/storage/temp-url.ts — storage.tempUrl(): signed URLs that work without a token until they expire.
import { createHmac } from 'node:crypto'
import { InputError } from '../core/errors.js'
import type { StorageClient } from './client.js'
import { objectPath } from './names.js'

/** Methods a temp URL can grant. */
export type TempUrlMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'

/**
 * Options of `tempUrl()`. Give `expiresIn` (seconds from now) or `expiresAt`.
 * @example { expiresIn: 3600, key: process.env.TEMP_URL_KEY, digest: 'sha256' }
 */
export interface TempUrlOptions {
  expiresIn?: number
  expiresAt?: Date
  /** The account's or container's `Temp-URL-Key`. Default: read from the account's metadata. */
  key?: string
  /** Sign for every object whose name starts with `name` instead of one object. */
  prefix?: boolean
  /** HMAC digest. Default `sha256`; the cluster must list it in `/info` `tempurl.allowed_digests`. */
  digest?: 'sha1' | 'sha256' | 'sha512'
  /** Only clients from this address or CIDR range may use the URL. */
  ipRange?: string
  signal?: AbortSignal
}

/** Builds a temp URL. See {@link TempUrlOptions}. */
export async function tempUrl(client: StorageClient, method: TempUrlMethod, container: string, name: string, opts: TempUrlOptions): Promise<string> {
  if (!['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].includes(method)) throw new InputError(`temp URL method must be GET, HEAD, PUT, POST or DELETE, not ${method}`)
  const expires = expiryOf(opts)
  const digest = opts.digest ?? 'sha256'
  if (!['sha1', 'sha256', 'sha512'].includes(digest)) throw new InputError(`digest must be sha1, sha256 or sha512, not ${digest}`)
  const signal = opts.signal ? { signal: opts.signal } : {}
  const objPath = opts.prefix ? prefixPath(container, name) : objectPath(container, name)
  const key = opts.key ?? (await accountKey(client, signal))
  const endpoint = new URL(await client.endpoint(opts.signal))
  const v = endpoint.pathname.search(/\/v1(\.\d+)?\//)
  if (v < 0) throw new InputError(`cannot sign temp URLs for ${endpoint.origin}: the storage URL has no /v1/ path`)
  // Swift signs the decoded path as its WSGI stack sees it, from the API version on.
  const swiftPath = decodeURIComponent(`${endpoint.pathname.slice(v)}${objPath}`)
  const signed = `${opts.prefix ? 'prefix:' : ''}${swiftPath}`
  const lines = [...(opts.ipRange ? [`ip=${opts.ipRange}`] : []), method, String(expires), signed].join('\n')
  const sig = createHmac(digest, key).update(lines).digest('hex')
  const url = new URL(`${endpoint.href.replace(/\/+$/, '')}${objPath}`)
  url.searchParams.set('temp_url_sig', sig)
  url.searchParams.set('temp_url_expires', String(expires))
  if (opts.prefix) url.searchParams.set('temp_url_prefix', name)
  if (opts.ipRange) url.searchParams.set('temp_url_ip_range', opts.ipRange)
  return url.href
}

function expiryOf(opts: TempUrlOptions): number {
  if ((opts.expiresIn === undefined) === (opts.expiresAt === undefined)) throw new InputError('give expiresIn (seconds) or expiresAt, exactly one')
  if (opts.expiresAt !== undefined) {
    const t = opts.expiresAt.getTime()
    if (Number.isNaN(t)) throw new InputError('expiresAt is not a valid date')
    return Math.floor(t / 1000)
  }
  const s = opts.expiresIn!
  if (!Number.isFinite(s) || s <= 0) throw new InputError(`expiresIn must be a positive number of seconds, got ${String(s)}`)
  return Math.floor(Date.now() / 1000 + s)
}

function prefixPath(container: string, prefix: string): string {
  // A prefix may be empty (the whole container) or end in a slash; objectPath insists on a name.
  return prefix === '' ? `${objectPath(container, 'x').slice(0, -1)}` : objectPath(container, prefix)
}

async function accountKey(client: StorageClient, opts: { signal?: AbortSignal }): Promise<string> {
  const { metadata } = await client.account.info(opts)
  const key = metadata['temp-url-key'] ?? metadata['temp-url-key-2']
  if (!key) throw new InputError('no temp URL key: pass `key`, or set the account metadata Temp-URL-Key first')
  return key
}
