// src/testing/autoscale-signing.ts — what both signature checks share: the fake's AWS credentials, RFC 3986 encoding, HMAC and digests.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * One access key the fake knows. A `sessionToken` makes it temporary: requests must then carry it
 * as `X-Amz-Security-Token`.
 * @example { accessKeyId: 'AKIDSTRATO', secretAccessKey: 'strato-secret' }
 */
export interface FakeAwsCredential {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** The key the fake is seeded with (AKIDSTRATO / strato-secret). @example keys.add(SEED_CREDENTIAL.accessKeyId, SEED_CREDENTIAL.secretAccessKey) */
export const SEED_CREDENTIAL: FakeAwsCredential = { accessKeyId: 'AKIDSTRATO', secretAccessKey: 'strato-secret' }

/**
 * What a signature check needs to know about a request: the parts any signer signs.
 * @example const signed: SignedRequest = { method: 'POST', host: 'cloud.strato.test', path: '/autoscaling/', query, headers, body: 'Action=…' }
 */
export interface SignedRequest {
  method: string
  /** The Host header as sent (the URL's host when a client could not set it, as in msw mode). */
  host: string
  /** The path as received, still percent-encoded. */
  path: string
  query: URLSearchParams
  headers: Headers
  body: string
}

/**
 * The outcome of a signature check: the key that signed, or the error to answer with
 * (`status`, AWS `code`, message).
 * @example if (!result.ok) return fail(result.status, result.code, result.message)
 */
export type SignatureCheck = { ok: true; credential: FakeAwsCredential } | { ok: false; status: number; code: string; message: string }

/** AWS's messages for the auth failures both signature versions share. @example denied(403, 'InvalidClientTokenId', AUTH_MESSAGES.unknownKey) */
export const AUTH_MESSAGES = {
  missing: 'Request is missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  mismatch: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
} as const

/**
 * A failed check.
 * @example return denied(403, 'InvalidClientTokenId', AUTH_MESSAGES.unknownKey)
 */
export function denied(status: number, code: string, message: string): SignatureCheck {
  return { ok: false, status, code, message }
}

/**
 * RFC 3986 percent-encoding of a UTF-8 string: everything but `A-Z a-z 0-9 - _ . ~` (space is `%20`),
 * as both SigV4 and SigV2 (boto's `urllib.quote(v, safe='-_~')`) encode.
 * @example uriEncode("a b*~") // 'a%20b%2A~'
 */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * The sorted, encoded `key=value&…` form both signature versions build from parameters.
 * @example canonicalParams([['b', '2'], ['a', 'x y']]) // 'a=x%20y&b=2'
 */
export function canonicalParams(pairs: Iterable<[string, string]>): string {
  return [...pairs]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** HMAC of a string under a key. @example hmac('sha256', 'key', 'data').toString('hex') */
export function hmac(algorithm: 'sha1' | 'sha256', key: string | Buffer, data: string): Buffer {
  return createHmac(algorithm, key).update(data, 'utf8').digest()
}

/** Hex SHA-256 of a string. @example sha256Hex('') // 'e3b0c442…' */
export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex')
}

/** Constant-time string comparison. @example sameText(given, expected) */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * The access keys of a fake Query service.
 * @example const keys = new CredentialStore(); keys.add('AKIDOTHER', 'other-secret')
 */
export class CredentialStore {
  readonly #byId = new Map<string, FakeAwsCredential>()

  /** Adds or replaces a key. @example keys.add('ASIATEMP', 'temp-secret', 'session-token') */
  add(accessKeyId: string, secretAccessKey: string, sessionToken?: string): FakeAwsCredential {
    const credential: FakeAwsCredential = { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) }
    this.#byId.set(accessKeyId, credential)
    return credential
  }

  /** Forgets a key; requests signed with it then get InvalidClientTokenId. @example keys.remove('AKIDSTRATO') */
  remove(accessKeyId: string): boolean {
    return this.#byId.delete(accessKeyId)
  }

  /** A key by id. @example keys.get('AKIDSTRATO')?.secretAccessKey */
  get(accessKeyId: string): FakeAwsCredential | undefined {
    return this.#byId.get(accessKeyId)
  }
}
