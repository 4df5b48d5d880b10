// src/testing/autoscale-sigv2.ts — checks AWS Signature Version 2 (as pyhantom does: HmacSHA256 or HmacSHA1 over METHOD, host, path and the sorted parameters).
import { AUTH_MESSAGES, canonicalParams, denied, hmac, sameText, type CredentialStore, type SignatureCheck, type SignedRequest } from './autoscale-signing.js'
import { MAX_SKEW_MS } from './autoscale-sigv4.js'

const METHODS = { HmacSHA256: 'sha256', HmacSHA1: 'sha1' } as const

/**
 * Whether a request carries SigV2 parameters (`AWSAccessKeyId` or `SignatureVersion`).
 * @example if (isSigV2(params)) return checkSigV2(signed, params, keys, now)
 */
export function isSigV2(params: ReadonlyMap<string, string>): boolean {
  return params.has('AWSAccessKeyId') || params.has('SignatureVersion')
}

/**
 * The string a SigV2 signer signs: `METHOD\nhost (lowercased)\npath\n` then every parameter but
 * `Signature`, RFC 3986-encoded, sorted by name, joined with `&`.
 * @example sigV2StringToSign('POST', 'Cloud.Test:8445', '/', params) // 'POST\ncloud.test:8445\n/\nAWSAccessKeyId=…'
 */
export function sigV2StringToSign(method: string, host: string, path: string, params: ReadonlyMap<string, string>): string {
  const pairs = [...params].filter(([k]) => k !== 'Signature')
  return `${method}\n${host.toLowerCase()}\n${path === '' ? '/' : path}\n${canonicalParams(pairs)}`
}

/**
 * Verifies a SigV2 signature from the request's parameters (query string and form body), and its
 * `Timestamp` (at most 15 minutes off the fake clock) or `Expires` (not passed, at most 15 minutes ahead).
 * Errors as AWS words them: MissingParameter / InvalidParameterValue / RequestExpired (400),
 * InvalidClientTokenId / SignatureDoesNotMatch (403).
 * @example const check = checkSigV2(signed, params, keys, cloud.clock.now())
 */
export function checkSigV2(req: SignedRequest, params: ReadonlyMap<string, string>, keys: CredentialStore, now: number): SignatureCheck {
  for (const p of ['AWSAccessKeyId', 'Signature', 'SignatureMethod']) {
    if (!params.get(p)) return denied(400, 'MissingParameter', `The request must contain the parameter ${p}`)
  }
  const version = params.get('SignatureVersion')
  if (version !== '2') return denied(400, 'InvalidParameterValue', `Value (${version ?? ''}) for parameter SignatureVersion is invalid. Valid Signature versions are 2 and 4.`)
  const method = params.get('SignatureMethod')!
  const algorithm = method in METHODS ? METHODS[method as keyof typeof METHODS] : undefined
  if (!algorithm) return denied(400, 'InvalidParameterValue', `Value (${method}) for parameter SignatureMethod is invalid. Valid signature methods are HmacSHA1 and HmacSHA256.`)
  const credential = keys.get(params.get('AWSAccessKeyId')!)
  if (!credential) return denied(403, 'InvalidClientTokenId', AUTH_MESSAGES.unknownKey)
  if ((credential.sessionToken ?? null) !== (params.get('SecurityToken') ?? null)) return denied(403, 'InvalidClientTokenId', AUTH_MESSAGES.unknownKey)
  const timeError = checkTime(params, now)
  if (timeError) return denied(400, timeError.code, timeError.message)
  const host = req.headers.get('host') ?? req.host
  const expected = hmac(algorithm, credential.secretAccessKey, sigV2StringToSign(req.method, host, req.path, params)).toString('base64')
  if (!sameText(expected, params.get('Signature')!)) return denied(403, 'SignatureDoesNotMatch', AUTH_MESSAGES.mismatch)
  return { ok: true, credential }
}

/** The RequestExpired or MissingParameter error of a request's Timestamp/Expires, if any. */
function checkTime(params: ReadonlyMap<string, string>, now: number): { code: string; message: string } | undefined {
  const expires = params.get('Expires')
  const timestamp = params.get('Timestamp')
  if (expires !== undefined) {
    const at = Date.parse(expires)
    if (Number.isNaN(at)) return { code: 'InvalidParameterValue', message: `Value (${expires}) for parameter Expires is invalid.` }
    if (now > at || at > now + MAX_SKEW_MS) return { code: 'RequestExpired', message: `Request has expired. Expires date is ${expires}` }
    return undefined
  }
  if (timestamp === undefined) return { code: 'MissingParameter', message: 'The request must contain the parameter Timestamp or Expires' }
  const at = Date.parse(timestamp)
  if (Number.isNaN(at)) return { code: 'InvalidParameterValue', message: `Value (${timestamp}) for parameter Timestamp is invalid.` }
  if (Math.abs(now - at) > MAX_SKEW_MS) return { code: 'RequestExpired', message: `Request has expired. Timestamp date is ${timestamp}` }
  return undefined
}
