// src/testing/swift-tempurl.ts — temp URLs: Swift's HMAC check over METHOD\nEXPIRES\nPATH with account or container keys.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { BlockList, isIPv6 } from 'node:net'
import type { SwiftPrincipal } from './swift-auth.js'
import { swiftError, titleCase } from './swift-http.js'
import type { SwiftLimits } from './swift-limits.js'
import type { SwiftStore } from './swift-store.js'

/**
 * Where a temp URL request points, decoded.
 * @example checkTempUrl(url, { method: 'GET', account: 'AUTH_test', container: 'c', object: 'o' }, store, limits, now, headers)
 */
export interface TempUrlTarget {
  method: string
  account: string
  container: string | undefined
  object: string | undefined
}

/**
 * A valid temp URL: who it acts as, and how its GET/HEAD responses are dressed.
 * @example if (grant && !(grant instanceof Response)) return grant.decorate(getObject(ctx, c, o))
 */
export interface TempUrlGrant {
  principal: SwiftPrincipal
  decorate(response: Response): Response
}

/** The fake has no client addresses of its own: msw calls and listen() callers are both local. */
const CLIENT_ADDRESS = '127.0.0.1'

// The router drops bodies of HEAD answers, so one shape serves every method.
const invalid = (): Response => swiftError(401, '401 Unauthorized: Temp URL invalid\n', { 'Www-Authenticate': 'Swift realm="unknown"' })

/** Python's urllib quote(): only unreserved characters and `safe` stay as they are. */
function pyQuote(s: string, safe = '/'): string {
  return [...new TextEncoder().encode(s)]
    .map((b) => {
      const c = String.fromCharCode(b)
      return /[A-Za-z0-9_.~-]/.test(c) || (b < 128 && safe.includes(c)) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')
}

function parseExpires(value: string): number {
  if (/^-?\d+$/.test(value)) return Number(value)
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value)
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000 : 0
}

/** `<hex>` (algorithm from its length) or `<algorithm>:<base64 or base64url>`, as Swift accepts. */
function parseSignature(sig: string): { algorithm: string; hex: string } | undefined {
  const colon = sig.indexOf(':')
  if (colon >= 0) {
    const algorithm = sig.slice(0, colon)
    const b64 = sig.slice(colon + 1)
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) return undefined
    return { algorithm, hex: Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex') }
  }
  const algorithm = { 40: 'sha1', 64: 'sha256', 128: 'sha512' }[sig.length]
  return algorithm && /^[0-9a-fA-F]+$/.test(sig) ? { algorithm, hex: sig.toLowerCase() } : undefined
}

function ipAllowed(range: string): boolean {
  const [address = '', bits] = range.split('/')
  const family = isIPv6(address) ? 'ipv6' : 'ipv4'
  const list = new BlockList()
  try {
    if (bits === undefined) list.addAddress(address, family)
    else list.addSubnet(address, Number(bits), family)
  } catch {
    return false
  }
  return list.check(CLIENT_ADDRESS, 'ipv4')
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

/**
 * Checks a request's temp URL parameters. Undefined when it carries none (normal auth
 * applies), a 401 when they are wrong or expired by the fake clock, else the grant.
 * Signatures are over Swift's own path, `/v1/<account>/<container>/<object>`: the fake's
 * `/swift` mount point is invisible to them, as a reverse proxy's prefix is to real Swift.
 * @example const grant = checkTempUrl(url, target, store, limits, clock.now(), request.headers)
 */
export function checkTempUrl(url: URL, t: TempUrlTarget, store: SwiftStore, limits: SwiftLimits, nowMs: number, headers: Headers): TempUrlGrant | Response | undefined {
  if (t.method === 'OPTIONS') return undefined
  const q = url.searchParams
  const sig = q.get('temp_url_sig')
  const expiresRaw = q.get('temp_url_expires')
  if (sig === null && expiresRaw === null) return undefined
  if (!sig || !expiresRaw) return invalid()
  const expires = parseExpires(expiresRaw)
  if (expires < nowMs / 1000) return invalid()
  const parsed = parseSignature(sig)
  if (!parsed || !limits.allowedDigests.includes(parsed.algorithm)) return invalid()
  if (!limits.tempUrlMethods.includes(t.method) || !t.container || !t.object || !t.object.replace(/\//g, '')) return invalid()
  const ipRange = q.get('temp_url_ip_range')
  if (ipRange !== null && !ipAllowed(ipRange)) return invalid()
  const prefix = q.get('temp_url_prefix')
  if (prefix !== null && !t.object.startsWith(prefix)) return invalid()

  const accountMeta = store.accounts.get(t.account)?.meta
  const containerMeta = store.container(t.account, t.container)?.meta
  const keys = [
    ...['temp-url-key', 'temp-url-key-2'].flatMap((k) => (accountMeta?.get(k) ? [{ key: accountMeta.get(k)!, scope: 'account' as const }] : [])),
    ...['temp-url-key', 'temp-url-key-2'].flatMap((k) => (containerMeta?.get(k) ? [{ key: containerMeta.get(k)!, scope: 'container' as const }] : [])),
  ]
  if (keys.length === 0) return invalid()
  const path = prefix === null ? `/v1/${t.account}/${t.container}/${t.object}` : `prefix:/v1/${t.account}/${t.container}/${prefix}`
  // A HEAD may use a URL signed for any of these, so a GET link can be checked without a download.
  const methods = t.method === 'HEAD' ? ['HEAD', 'GET', 'POST', 'PUT'] : [t.method]
  let scope: 'account' | 'container' | undefined
  for (const method of methods) {
    const body = `${ipRange !== null ? `ip=${ipRange}\n` : ''}${method}\n${expires}\n${path}`
    const hit = keys.find(({ key }) => sameHex(createHmac(parsed.algorithm, key).update(body).digest('hex'), parsed.hex))
    if (hit) {
      scope = hit.scope
      break
    }
  }
  if (!scope) return invalid()
  for (const h of ['x-object-manifest', 'x-symlink-target']) {
    if (headers.has(h)) return swiftError(400, `The header '${titleCase(h)}' is not allowed in this tempurl`)
  }

  const filename = q.get('filename')
  const inline = q.has('inline')
  const objectName = t.object
  return {
    principal: { kind: 'tempurl', account: t.account, container: scope === 'container' ? t.container : undefined },
    decorate(response) {
      const out = new Headers(response.headers)
      // Swift hides private metadata from temp URL users; x-object-meta-public-* stays.
      for (const name of [...out.keys()]) if (name.startsWith('x-object-meta-') && !name.startsWith('x-object-meta-public-')) out.delete(name)
      if ((t.method === 'GET' || t.method === 'HEAD') && response.status < 300) {
        const format = (type: string, name: string) => `${type}; filename="${pyQuote(name, ' /')}"; filename*=UTF-8''${pyQuote(name)}`
        const base = objectName.replace(/\/+$/, '').split('/').pop() ?? objectName
        const existing = out.get('content-disposition')
        out.set('Content-Disposition', inline ? (filename ? format('inline', filename) : 'inline') : filename ? format('attachment', filename) : (existing ?? format('attachment', base)))
        out.set('Expires', new Date(expires * 1000).toUTCString())
      }
      return new Response(response.body, { status: response.status, headers: out })
    },
  }
}
