// src/autoscale/signing.ts — SigV4 (through aws4fetch) and SigV2 (Phantom's older dialect) for Query requests.
import { createHmac } from 'node:crypto'
import { AwsV4Signer } from 'aws4fetch'
import type { SignableRequest, SignedRequest } from '../core/options.js'
import { encodeForm, rfc3986 } from './query.js'
import type { AwsCredentials } from './credentials.js'

/** The signing name of the Auto Scaling service in SigV4 credential scopes. */
export const AUTOSCALING_SIGNING_NAME = 'autoscaling'

/** What a signature needs besides the request. @example { credentials, region: 'us-east-1', now: new Date() } */
export interface SigningContext {
  credentials: AwsCredentials
  region: string
  /** Signing name in the credential scope. Default `autoscaling`. */
  service?: string
  /** The signing time; tests pin it. Default now. */
  now?: Date
  /**
   * Derived signing keys (one per secret, day, region and service) kept between signatures, so
   * each request costs one HMAC instead of five. A client passes the same Map to every call.
   */
  keyCache?: Map<string, ArrayBuffer>
}

/** `20150830T123600Z` from a Date. */
function amzDate(d: Date): string {
  return d.toISOString().replace(/[:-]|\.\d{3}/g, '')
}

/**
 * SigV4 headers for a form POST (or a GET) to a Query API: `Authorization`, `X-Amz-Date` and,
 * with temporary credentials, `X-Amz-Security-Token`. Signs `content-type`, `host`, `x-amz-date`
 * (and the token), as the AWS SDKs do; the payload hash is the SHA-256 of the body.
 * @example const { headers } = await signV4({ method: 'POST', url, headers: { 'content-type': FORM }, body }, { credentials, region })
 */
export async function signV4(request: SignableRequest, ctx: SigningContext): Promise<SignedRequest> {
  const signed: Record<string, string> = {}
  const contentType = request.headers['content-type']
  if (contentType !== undefined) signed['content-type'] = contentType
  // Only the headers above are handed to the signer: proxies and fetch may rewrite the others
  // (user-agent, accept-encoding), which would break a signature that covered them.
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url,
    headers: signed,
    ...(request.body !== undefined ? { body: request.body } : {}),
    accessKeyId: ctx.credentials.accessKeyId,
    secretAccessKey: ctx.credentials.secretAccessKey,
    ...(ctx.credentials.sessionToken ? { sessionToken: ctx.credentials.sessionToken } : {}),
    service: ctx.service ?? AUTOSCALING_SIGNING_NAME,
    region: ctx.region,
    ...(ctx.keyCache ? { cache: ctx.keyCache } : {}),
    datetime: amzDate(ctx.now ?? new Date()),
    allHeaders: true,
  })
  const out = await signer.sign()
  const headers: Record<string, string> = {}
  for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token']) {
    const v = out.headers.get(name)
    if (v !== null) headers[name] = v
  }
  return { headers }
}

/** SigV2 HMAC variants Phantom verifies. */
export type SigV2Method = 'HmacSHA256' | 'HmacSHA1'

/**
 * Signs a Query form body with Signature Version 2, the scheme of old AWS SDKs (boto 2) that
 * Phantom's pyhantom checks: `AWSAccessKeyId`, `SignatureVersion=2`, `SignatureMethod`,
 * `Timestamp` (and `SecurityToken`) are added to the parameters, then
 * `Signature = base64(HMAC(secret, METHOD \n host \n path \n sorted-RFC3986-query))`.
 * No maintained npm package signs SigV2 (AWS retired it), so this is the one hand-written signer;
 * its test checks it against an independent implementation of Phantom's algorithm.
 * @example const { body } = signV2({ method: 'POST', url, headers, body: 'Action=DescribeAutoScalingGroups&Version=2011-01-01' }, { credentials, region })
 */
export function signV2(request: SignableRequest, ctx: SigningContext & { method?: SigV2Method }): SignedRequest {
  const url = new URL(request.url)
  const inBody = request.method === 'POST'
  const params = new URLSearchParams(inBody ? (request.body ?? '') : url.search)
  const method = ctx.method ?? 'HmacSHA256'
  params.delete('Signature')
  params.set('AWSAccessKeyId', ctx.credentials.accessKeyId)
  params.set('SignatureVersion', '2')
  params.set('SignatureMethod', method)
  // Seconds precision, as boto 2 sends it; pyhantom drops fractions anyway.
  params.set('Timestamp', (ctx.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'))
  if (ctx.credentials.sessionToken) params.set('SecurityToken', ctx.credentials.sessionToken)
  const canonical = encodeForm([...params.entries()])
  // pyhantom reads the Host header as sent, port included; lower-cased.
  const stringToSign = `${request.method}\n${url.host.toLowerCase()}\n${url.pathname || '/'}\n${canonical}`
  const signature = createHmac(method === 'HmacSHA1' ? 'sha1' : 'sha256', ctx.credentials.secretAccessKey)
    .update(stringToSign, 'utf8')
    .digest('base64')
  const signedQuery = `${canonical}&Signature=${rfc3986(signature)}`
  if (inBody) return { body: signedQuery }
  url.search = signedQuery
  return { url: url.href }
}
