// test/testing/support/fake-autoscale.ts — a fake cloud with its Auto Scaling service, request signers written from AWS's docs (SigV4, SigV2), and an XML reader.
import { createHash, createHmac } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { createFakeCloud, type FakeCloudOptions } from '../../../src/testing/index.js'

export const AKID = 'AKIDSTRATO'
export const SECRET = 'strato-secret'
/** Fake time a launch takes in these tests, far above the real time a test runs. */
export const LAUNCH_MS = 60_000
export const TERMINATE_MS = 30_000

/** RFC 3986: everything but unreserved characters percent-encoded. */
export const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')
const hmac = (key: string | Buffer, s: string): Buffer => createHmac('sha256', key).update(s).digest()
/** `YYYYMMDDTHHMMSSZ`. */
export const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

export type V4Options = { key?: string; secret?: string; region?: string; service?: string; at?: number; token?: string; tamper?: boolean }

/** Headers signing a request with SigV4, per the AWS General Reference (canonical request, string to sign, derived key). */
export function signV4(method: string, url: string, body: string, o: V4Options = {}): Record<string, string> {
  const u = new URL(url)
  const date = amzDate(o.at ?? Date.now())
  const headers: Record<string, string> = { host: u.host, 'x-amz-date': date }
  if (body) headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8'
  if (o.token) headers['x-amz-security-token'] = o.token
  const names = Object.keys(headers).sort()
  const query = [...u.searchParams].map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).sort().join('&')
  const canonical = [method, u.pathname || '/', query, names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), sha256(body)].join('\n')
  const scope = `${date.slice(0, 8)}/${o.region ?? 'us-east-1'}/${o.service ?? 'autoscaling'}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n')
  let k: Buffer = hmac(`AWS4${o.secret ?? SECRET}`, date.slice(0, 8))
  for (const part of [o.region ?? 'us-east-1', o.service ?? 'autoscaling', 'aws4_request']) k = hmac(k, part)
  let signature = hmac(k, toSign).toString('hex')
  if (o.tamper) signature = `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`
  const { host: _host, ...sent } = headers
  return { ...sent, authorization: `AWS4-HMAC-SHA256 Credential=${o.key ?? AKID}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` }
}

/** Parameters signed with SigV2 as boto2 and pyhantom compute it. */
export function signV2(method: string, url: string, params: Record<string, string>, o: { key?: string; secret?: string; algo?: 'HmacSHA256' | 'HmacSHA1'; at?: number; expires?: number } = {}): Record<string, string> {
  const u = new URL(url)
  const all: Record<string, string> = { ...params, AWSAccessKeyId: o.key ?? AKID, SignatureVersion: '2', SignatureMethod: o.algo ?? 'HmacSHA256' }
  if (o.expires !== undefined) all.Expires = new Date(o.expires).toISOString().replace(/\.\d{3}/, '')
  else all.Timestamp = new Date(o.at ?? Date.now()).toISOString().replace(/\.\d{3}/, '')
  const qs = Object.keys(all).sort().map((k) => `${rfc3986(k)}=${rfc3986(all[k]!)}`).join('&')
  const toSign = `${method}\n${u.host.toLowerCase()}\n${u.pathname}\n${qs}`
  const digest = (o.algo ?? 'HmacSHA256') === 'HmacSHA256' ? 'sha256' : 'sha1'
  return { ...all, Signature: createHmac(digest, o.secret ?? SECRET).update(toSign).digest('base64') }
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'member' })
/** Parsed XML for assertions: elements by name (every `member` is an array); text is a string. */
export type Xml = { readonly [name: string]: Xml | undefined }
/** XML as plain objects. */
export const parse = (xml: string): Xml => parser.parse(xml) as Xml
/** The `<member>` items of a list element (none when it is empty or absent). */
export const list = (x: Xml | undefined): Xml[] => ((x?.member as unknown as Xml[] | undefined) ?? [])
/** The text of an element. */
export const text = (x: Xml | undefined): string | undefined => (x === undefined ? undefined : String(x as unknown as string))

export type Params = Record<string, string | number | boolean>

/** A fake cloud and helpers that POST signed Query requests to its Auto Scaling service. */
export async function setupAutoscale(opts: FakeCloudOptions['autoscale'] = {}) {
  const cloud = await createFakeCloud({ autoscale: { launchDelayMs: LAUNCH_MS, terminateDelayMs: TERMINATE_MS, ...opts } })
  const url = `${cloud.baseUrl}${cloud.autoscale.service.prefix}/`
  /** POSTs `Action` with params, SigV4-signed at fake time now (unless `v4` says otherwise). */
  const call = async (action: string, params: Params = {}, v4: V4Options = {}) => {
    const body = new URLSearchParams({ Action: action, Version: '2011-01-01', ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString()
    const headers = signV4('POST', url, body, { at: cloud.clock.now(), ...v4 })
    const r = await cloud.handle(new Request(url, { method: 'POST', headers, body }))
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text(), r }
  }
  /** The `<XResult>` of a call that must succeed (throws with the body otherwise). */
  const ok = async (action: string, params: Params = {}) => {
    const res = await call(action, params)
    if (res.status !== 200) throw new Error(`${action} → ${res.status}: ${res.text}`)
    return parse(res.text)[`${action}Response`]?.[`${action}Result`] ?? {}
  }
  /** `{ status, code, message }` of a call that must fail with an <ErrorResponse>. */
  const err = async (action: string, params: Params = {}, v4: V4Options = {}) => {
    const res = await call(action, params, v4)
    const e = parse(res.text).ErrorResponse?.Error
    return { status: res.status, code: text(e?.Code), message: text(e?.Message), type: text(e?.Type) }
  }
  const lc = (name = 'lc', extra: Params = {}) => ok('CreateLaunchConfiguration', { LaunchConfigurationName: name, ImageId: 'ami-12c6146b', InstanceType: 't2.micro', ...extra })
  const group = (name = 'g1', extra: Params = {}) => ok('CreateAutoScalingGroup', { AutoScalingGroupName: name, LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 4, 'AvailabilityZones.member.1': 'us-east-1a', ...extra })
  /** The group as DescribeAutoScalingGroups shows it. */
  const describe = async (name = 'g1') => {
    const r = await ok('DescribeAutoScalingGroups', { 'AutoScalingGroupNames.member.1': name })
    return list(r.AutoScalingGroups)[0]
  }
  return { cloud, url, call, ok, err, lc, group, describe }
}
