// src/testing/autoscale-sigv4.ts — checks AWS Signature Version 4 (Authorization header or query string) the way AWS does, against the fake's keys.
import { AUTH_MESSAGES, canonicalParams, denied, hmac, sameText, sha256Hex, uriEncode, type CredentialStore, type SignatureCheck, type SignedRequest } from './autoscale-signing.js'

const ALGORITHM = 'AWS4-HMAC-SHA256'
/** How far X-Amz-Date (or a SigV2 Timestamp) may be from the fake clock, either way. @example Math.abs(now - signedAt) > MAX_SKEW_MS // expired */
export const MAX_SKEW_MS = 15 * 60_000

interface V4Parts {
  credential: string
  signedHeaders: string
  signature: string
  amzDate: string | null
  /** Parameters excluded from the canonical query (the signature itself in the query form). */
  queryForm: boolean
  expiresS?: number
}

/**
 * Whether a request carries SigV4 at all (an `AWS4-HMAC-SHA256` Authorization header or `X-Amz-Algorithm`).
 * @example if (isSigV4(signed)) return checkSigV4(signed, keys, clock.now(), 'autoscaling')
 */
export function isSigV4(req: SignedRequest): boolean {
  return (req.headers.get('authorization') ?? '').startsWith(ALGORITHM) || req.query.get('X-Amz-Algorithm') === ALGORITHM
}

/**
 * Verifies a SigV4 signature: canonical request (method, canonical URI, sorted query, the signed
 * headers, hex SHA-256 of the payload), string to sign, the derived key of the credential scope.
 * Errors as AWS words them: IncompleteSignature (400), InvalidClientTokenId, SignatureDoesNotMatch
 * (including "Signature expired" past 15 minutes of skew), all 403.
 * @example const check = checkSigV4(signed, keys, cloud.clock.now(), 'autoscaling'); if (check.ok) check.credential.accessKeyId
 */
export function checkSigV4(req: SignedRequest, keys: CredentialStore, now: number, service: string): SignatureCheck {
  const parts = v4Parts(req)
  if (typeof parts === 'string') return denied(400, 'IncompleteSignature', parts)
  const [accessKeyId = '', day = '', region = '', scopeService = '', terminator = ''] = parts.credential.split('/')
  const credential = keys.get(accessKeyId)
  if (!credential) return denied(403, 'InvalidClientTokenId', AUTH_MESSAGES.unknownKey)
  const token = req.headers.get('x-amz-security-token') ?? req.query.get('X-Amz-Security-Token')
  if ((credential.sessionToken ?? null) !== token) return denied(403, 'InvalidClientTokenId', AUTH_MESSAGES.unknownKey)
  if (!parts.amzDate) return denied(400, 'IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
  const signedAt = parseAmzDate(parts.amzDate)
  if (signedAt === undefined) return denied(400, 'IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${parts.amzDate}'.`)
  const expired = skewError(parts.amzDate, signedAt, now, parts.expiresS)
  if (expired) return denied(403, 'SignatureDoesNotMatch', expired)
  if (terminator !== 'aws4_request' || scopeService !== service) {
    return denied(403, 'SignatureDoesNotMatch', `Credential should be scoped to correct service: '${service}'. `)
  }
  if (day !== parts.amzDate.slice(0, 8)) {
    return denied(403, 'SignatureDoesNotMatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${parts.amzDate.slice(0, 8)}', from '${parts.amzDate}'.`)
  }
  const headerNames = parts.signedHeaders.split(';')
  if (!headerNames.includes('host')) return denied(400, 'IncompleteSignature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  const payloadHash = req.headers.get('x-amz-content-sha256') ?? sha256Hex(req.body)
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(req.body)) {
    return denied(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.")
  }
  const query = [...req.query].filter(([k]) => !(parts.queryForm && k === 'X-Amz-Signature'))
  const headers = headerNames.map((name) => `${name}:${headerValue(req, name)}\n`).join('')
  const scope = `${day}/${region}/${scopeService}/aws4_request`
  let key: Buffer = hmac('sha256', `AWS4${credential.secretAccessKey}`, day)
  for (const part of [region, scopeService, 'aws4_request']) key = hmac('sha256', key, part)
  for (const uri of canonicalUris(req.path)) {
    const canonical = [req.method, uri, canonicalParams(query), headers, parts.signedHeaders, payloadHash].join('\n')
    const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonical)].join('\n')
    if (sameText(hmac('sha256', key, stringToSign).toString('hex'), parts.signature)) return { ok: true, credential }
  }
  return denied(403, 'SignatureDoesNotMatch', AUTH_MESSAGES.mismatch)
}

/** The signature's fields from the Authorization header or the query string, or what is missing. */
function v4Parts(req: SignedRequest): V4Parts | string {
  const auth = req.headers.get('authorization')
  if (auth?.startsWith(ALGORITHM)) {
    const fields = new Map<string, string>()
    for (const m of auth.slice(ALGORITHM.length).matchAll(/([A-Za-z]+)=([^,\s]*)/g)) fields.set(m[1]!, m[2]!)
    const lacking = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f))
    if (lacking.length) return lacking.map((f) => `Authorization header requires '${f}' parameter.`).join(' ') + ` Authorization=${ALGORITHM}`
    return { credential: fields.get('Credential')!, signedHeaders: fields.get('SignedHeaders')!, signature: fields.get('Signature')!, amzDate: req.headers.get('x-amz-date'), queryForm: false }
  }
  const q = req.query
  const lacking = ['X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Date'].filter((f) => !q.get(f))
  if (lacking.length) return lacking.map((f) => `AWS query-string parameters must include '${f}'.`).join(' ')
  const expires = q.get('X-Amz-Expires')
  return {
    credential: q.get('X-Amz-Credential')!,
    signedHeaders: q.get('X-Amz-SignedHeaders')!,
    signature: q.get('X-Amz-Signature')!,
    amzDate: q.get('X-Amz-Date'),
    queryForm: true,
    ...(expires && /^\d+$/.test(expires) ? { expiresS: Number(expires) } : {}),
  }
}

/** A header's canonical value: trimmed, inner runs of spaces collapsed; `host` falls back to the URL's. */
function headerValue(req: SignedRequest, name: string): string {
  const value = name === 'host' ? (req.headers.get('host') ?? req.host) : (req.headers.get(name) ?? '')
  return value.trim().replace(/\s+/g, ' ')
}

/** The canonical URIs a correct signer may have used: AWS's double encoding of the received path, or the path once-encoded. */
function canonicalUris(path: string): string[] {
  const p = path === '' ? '/' : path
  const once = p.split('/').map((s) => uriEncode(safeDecode(s))).join('/')
  const twice = p.split('/').map((s) => uriEncode(s)).join('/')
  return [...new Set([twice, once, p])]
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** `20260101T000000Z` as epoch ms, or undefined when it is not that form. */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text)
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined
}

/** AWS's "Signature expired" / "not yet current" message when the date is too far from now. */
function skewError(amzDate: string, signedAt: number, now: number, expiresS?: number): string | undefined {
  const fmt = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const latest = expiresS !== undefined ? signedAt + expiresS * 1000 : signedAt + MAX_SKEW_MS
  if (now > latest) return `Signature expired: ${amzDate} is now earlier than ${fmt(now - MAX_SKEW_MS)} (${fmt(now)} - 15 min.)`
  if (signedAt > now + MAX_SKEW_MS) return `Signature not yet current: ${amzDate} is still later than ${fmt(now + MAX_SKEW_MS)} (${fmt(now)} + 15 min.)`
  return undefined
}
