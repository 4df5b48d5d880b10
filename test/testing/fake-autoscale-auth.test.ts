// test/testing/fake-autoscale-auth.test.ts — the fake Auto Scaling service's wire format, signature checks (SigV4 header and query, SigV2), faults, and real HTTP.
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AKID, SECRET, amzDate, list, parse, rfc3986, setupAutoscale, signV2, signV4, text } from './support/fake-autoscale.js'

const NS = 'http://autoscaling.amazonaws.com/doc/2011-01-01/'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('fake Auto Scaling: wire format', () => {
  it('answers signed requests with AWS XML: text/xml, no declaration, the 2011-01-01 namespace, a RequestId', async () => {
    const { call } = await setupAutoscale()
    const r = await call('DescribeAutoScalingGroups')
    expect(r.status).toBe(200)
    expect(r.type).toBe('text/xml')
    expect(r.text).toMatch(new RegExp(`^<DescribeAutoScalingGroupsResponse xmlns="${NS}"><DescribeAutoScalingGroupsResult><AutoScalingGroups/></DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>$`))
    expect(text(parse(r.text).DescribeAutoScalingGroupsResponse?.ResponseMetadata?.RequestId)).toMatch(UUID)
    expect(r.r.headers.get('x-amzn-requestid')).toMatch(UUID)
  })

  it('has no XResult for actions without output', async () => {
    const { call } = await setupAutoscale()
    const r = await call('CreateLaunchConfiguration', { LaunchConfigurationName: 'lc', ImageId: 'ami-1', InstanceType: 't2.micro' })
    expect(r.text).toMatch(/^<CreateLaunchConfigurationResponse xmlns="[^"]+"><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/CreateLaunchConfigurationResponse>$/)
  })

  it('answers errors as <ErrorResponse> with Type, Code, Message and RequestId under the root', async () => {
    const { call } = await setupAutoscale()
    const r = await call('DeleteAutoScalingGroup', { AutoScalingGroupName: 'nope' })
    expect(r.status).toBe(400)
    expect(r.text).toMatch(new RegExp(`^<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>AutoScalingGroup name not found - AutoScalingGroup 'nope' not found</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`))
  })

  it('refuses unknown and missing Actions, and missing required parameters', async () => {
    const { err } = await setupAutoscale()
    expect(await err('FrobnicateGroups')).toMatchObject({ status: 400, code: 'InvalidAction' })
    expect(await err('')).toMatchObject({ status: 400, code: 'MissingAction' })
    expect(await err('SetDesiredCapacity', { DesiredCapacity: 1 })).toMatchObject({
      status: 400,
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null",
    })
  })
})

describe('fake Auto Scaling: SigV4', () => {
  it('verifies the signature: tampered, wrong secret, wrong service, changed body → 403 SignatureDoesNotMatch', async () => {
    const { err, cloud, url } = await setupAutoscale()
    for (const v4 of [{ tamper: true }, { secret: 'WRONG' }, { service: 'ec2' }]) {
      expect(await err('DescribeAutoScalingGroups', {}, v4)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', type: 'Sender' })
    }
    const headers = signV4('POST', url, 'Action=DescribeTags&Version=2011-01-01', { at: cloud.clock.now() })
    const r = await cloud.handle(new Request(url, { method: 'POST', headers, body: 'Action=DeleteTags&Version=2011-01-01' }))
    expect(r.status).toBe(403)
    expect(await r.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })

  it('accepts any region of the credential scope', async () => {
    const { call } = await setupAutoscale()
    expect((await call('DescribeTags', {}, { region: 'RegionOne' })).status).toBe(200)
  })

  it('knows only its keys: unknown → 403 InvalidClientTokenId; addCredentials and removeCredentials change that', async () => {
    const { err, call, cloud } = await setupAutoscale()
    expect(await err('DescribeTags', {}, { key: 'AKIDOTHER', secret: 'other' })).toMatchObject({ status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' })
    cloud.autoscale.addCredentials('AKIDOTHER', 'other')
    expect((await call('DescribeTags', {}, { key: 'AKIDOTHER', secret: 'other' })).status).toBe(200)
    cloud.autoscale.removeCredentials(AKID)
    expect((await err('DescribeTags')).code).toBe('InvalidClientTokenId')
  })

  it('requires the session token of temporary credentials', async () => {
    const { err, call, cloud } = await setupAutoscale()
    cloud.autoscale.addCredentials('ASIATEMP', 'temp-secret', 'the-token')
    expect((await err('DescribeTags', {}, { key: 'ASIATEMP', secret: 'temp-secret' })).code).toBe('InvalidClientTokenId')
    expect((await call('DescribeTags', {}, { key: 'ASIATEMP', secret: 'temp-secret', token: 'the-token' })).status).toBe(200)
  })

  it('refuses unsigned requests (403 MissingAuthenticationToken) and malformed headers (400 IncompleteSignature)', async () => {
    const { cloud, url } = await setupAutoscale()
    const unsigned = await cloud.handle(new Request(url, { method: 'POST', body: 'Action=DescribeTags' }))
    expect(unsigned.status).toBe(403)
    expect(parse(await unsigned.text()).ErrorResponse?.Error).toMatchObject({ Code: 'MissingAuthenticationToken', Message: 'Request is missing Authentication Token' })
    const bad = await cloud.handle(new Request(url, { method: 'POST', headers: { authorization: `AWS4-HMAC-SHA256 Credential=${AKID}/20260101/us-east-1/autoscaling/aws4_request` }, body: 'Action=DescribeTags' }))
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain("<Code>IncompleteSignature</Code><Message>Authorization header requires 'SignedHeaders' parameter.")
  })

  it('refuses an X-Amz-Date more than 15 minutes off the fake clock, either way', async () => {
    const { err, call, cloud } = await setupAutoscale()
    const now = cloud.clock.now()
    expect((await call('DescribeTags', {}, { at: now - 14 * 60_000 })).status).toBe(200)
    const old = await err('DescribeTags', {}, { at: now - 16 * 60_000 })
    expect(old).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' })
    expect(old.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/)
    expect((await err('DescribeTags', {}, { at: now + 16 * 60_000 })).message).toMatch(/^Signature not yet current: /)
    cloud.clock.advance(3_600_000) // the fake clock, not the machine's, is what counts
    expect((await call('DescribeTags', {}, { at: now + 3_600_000 })).status).toBe(200)
  })

  it('verifies the query-string form (a presigned GET)', async () => {
    const { cloud, url } = await setupAutoscale()
    const presign = (secret: string) => {
      const date = amzDate(cloud.clock.now())
      const scope = `${date.slice(0, 8)}/us-east-1/autoscaling/aws4_request`
      const q: Record<string, string> = { Action: 'DescribeTags', Version: '2011-01-01', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': `${AKID}/${scope}`, 'X-Amz-Date': date, 'X-Amz-Expires': '300', 'X-Amz-SignedHeaders': 'host' }
      const query = Object.keys(q).sort().map((k) => `${rfc3986(k)}=${rfc3986(q[k]!)}`).join('&')
      const canonical = ['GET', '/autoscaling/', query, `host:${new URL(url).host}\n`, 'host', createHash('sha256').update('').digest('hex')].join('\n')
      const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n')
      let k: Buffer = createHmac('sha256', `AWS4${secret}`).update(date.slice(0, 8)).digest()
      for (const part of ['us-east-1', 'autoscaling', 'aws4_request']) k = createHmac('sha256', k).update(part).digest()
      return `${url}?${query}&X-Amz-Signature=${createHmac('sha256', k).update(toSign).digest('hex')}`
    }
    expect((await cloud.handle(new Request(presign(SECRET)))).status).toBe(200)
    expect((await cloud.handle(new Request(presign('WRONG')))).status).toBe(403)
  })
})

describe('fake Auto Scaling: SigV2', () => {
  const v2 = async (method: 'GET' | 'POST', o: Parameters<typeof signV2>[3] = {}, change?: (p: Record<string, string>) => void) => {
    const ctx = await setupAutoscale()
    const params = signV2(method, ctx.url, { Action: 'DescribeTags', Version: '2011-01-01' }, { at: ctx.cloud.clock.now(), ...o })
    change?.(params)
    const qs = new URLSearchParams(params).toString()
    const r = await ctx.cloud.handle(method === 'GET' ? new Request(`${ctx.url}?${qs}`) : new Request(ctx.url, { method, body: qs, headers: { 'content-type': 'application/x-www-form-urlencoded' } }))
    const body = await r.text()
    return { status: r.status, code: text(parse(body).ErrorResponse?.Error?.Code), body }
  }

  it('accepts HmacSHA256 in a form body and HmacSHA1 in a query string', async () => {
    expect((await v2('POST')).status).toBe(200)
    expect((await v2('GET', { algo: 'HmacSHA1' })).status).toBe(200)
    expect((await v2('POST', { expires: Date.now() + 5 * 60_000 })).status).toBe(200)
  })

  it('refuses a tampered signature or parameter, an unknown key, a stale Timestamp, a passed Expires, another version', async () => {
    expect(await v2('POST', {}, (p) => (p.Signature = `${p.Signature!.startsWith('x') ? 'y' : 'x'}${p.Signature!.slice(1)}`))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' })
    expect(await v2('POST', {}, (p) => (p.Action = 'DescribePolicies'))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' })
    expect(await v2('POST', { secret: 'WRONG' })).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' })
    expect(await v2('POST', { key: 'AKIDNOPE' })).toMatchObject({ status: 403, code: 'InvalidClientTokenId' })
    expect(await v2('POST', { at: Date.now() - 20 * 60_000 })).toMatchObject({ status: 400, code: 'RequestExpired' })
    expect(await v2('POST', { expires: Date.now() - 60_000 })).toMatchObject({ status: 400, code: 'RequestExpired' })
    expect(await v2('POST', {}, (p) => (p.SignatureVersion = '1'))).toMatchObject({ status: 400, code: 'InvalidParameterValue' })
    expect(await v2('POST', {}, (p) => delete p.Timestamp)).toMatchObject({ status: 400, code: 'MissingParameter' })
  })
})

describe('fake Auto Scaling: faults', () => {
  it('failNext answers the dialect error once, for that Action only, and counts hits', async () => {
    const { err, call, cloud } = await setupAutoscale()
    const f = cloud.autoscale.failNext('DescribeAutoScalingGroups', { code: 'Throttling' })
    expect((await call('DescribeTags')).status).toBe(200)
    expect(await err('DescribeAutoScalingGroups')).toMatchObject({ status: 400, code: 'Throttling', message: 'Rate exceeded', type: 'Sender' })
    expect((await call('DescribeAutoScalingGroups')).status).toBe(200)
    expect(f.hits).toBe(1)
    cloud.autoscale.faults.add({ action: /^Describe/, status: 503, code: 'ServiceUnavailable', times: 2 })
    expect(await err('DescribePolicies')).toMatchObject({ status: 503, code: 'ServiceUnavailable', type: 'Receiver' })
    expect(await err('DescribeTags')).toMatchObject({ status: 503 })
    expect(cloud.autoscale.faults.pending).toBe(0)
  })

  it("answers moto's generic Flask 500 page, or any body", async () => {
    const { call, cloud } = await setupAutoscale()
    cloud.autoscale.failNext('SetDesiredCapacity', { html: true })
    const r = await call('SetDesiredCapacity', { AutoScalingGroupName: 'g', DesiredCapacity: 1 })
    expect([r.status, r.type]).toEqual([500, 'text/html; charset=utf-8'])
    expect(r.text).toHaveLength(265)
    expect(r.text).toMatch(/^<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error<\/title>/)
    cloud.autoscale.failNext('DescribeTags', { status: 502, body: 'bad gateway', contentType: 'text/plain' })
    expect(await call('DescribeTags')).toMatchObject({ status: 502, type: 'text/plain', text: 'bad gateway' })
  })
})

describe('fake Auto Scaling: over real HTTP', () => {
  it('verifies SigV4 and SigV2 against the Host header with its port, through cloud.listen()', async () => {
    const { cloud } = await setupAutoscale()
    await using server = await cloud.listen()
    const url = `${server.url}/autoscaling/`
    const body = 'Action=CreateLaunchConfiguration&Version=2011-01-01&LaunchConfigurationName=lc&ImageId=ami-1&InstanceType=t2.micro'
    const r4 = await fetch(url, { method: 'POST', headers: signV4('POST', url, body, { at: cloud.clock.now() }), body })
    expect(r4.status).toBe(200)
    const params = signV2('GET', url, { Action: 'DescribeLaunchConfigurations', Version: '2011-01-01' }, { at: cloud.clock.now() })
    const r2 = await fetch(`${url}?${new URLSearchParams(params)}`)
    expect(r2.status).toBe(200)
    const lcs = list(parse(await r2.text()).DescribeLaunchConfigurationsResponse?.DescribeLaunchConfigurationsResult?.LaunchConfigurations)
    expect(lcs.map((l) => text(l.LaunchConfigurationName))).toEqual(['lc'])
  })
})
