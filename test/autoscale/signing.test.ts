// Signatures: SigV4 against AWS's published test vector and botocore, SigV2 against Phantom's algorithm (computed independently in Python).
import { describe, expect, it } from 'vitest'
import { signV2, signV4 } from '../../src/autoscale/signing.js'

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const now = new Date('2015-08-30T12:36:00Z')
const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

describe('signV4', () => {
  it('matches the AWS SigV4 test suite vector post-x-www-form-urlencoded', async () => {
    const { headers } = await signV4(
      { method: 'POST', url: 'https://example.amazonaws.com/', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'x' }, body: 'Param1=value1' },
      { credentials, region: 'us-east-1', service: 'service', now },
    )
    expect(headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    })
  })

  it('signs a Query request to a port as botocore does (host with port, charset in the content type)', async () => {
    const { headers } = await signV4(
      { method: 'POST', url: 'http://127.0.0.1:5055/', headers: { 'content-type': FORM, accept: 'text/xml' }, body: 'Action=DescribeAutoScalingGroups&MaxRecords=100&Version=2011-01-01' },
      { credentials, region: 'us-east-1', now },
    )
    expect(headers?.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/autoscaling/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=412bf51100f61cd37945722f66495271e2ee9db2df4cb58dd4ab657a1de9e5cf',
    )
  })

  it('adds and signs X-Amz-Security-Token for temporary credentials', async () => {
    const { headers } = await signV4(
      { method: 'POST', url: 'http://127.0.0.1:5055/', headers: { 'content-type': FORM }, body: 'Action=DescribeAutoScalingGroups&Version=2011-01-01' },
      { credentials: { ...credentials, sessionToken: 'SESSIONTOKEN/abc' }, region: 'us-east-1', now },
    )
    expect(headers?.['x-amz-security-token']).toBe('SESSIONTOKEN/abc')
    expect(headers?.authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=11195ccbe38a504e53866f54aa90da3a94aa5fb0ad56f55844f60c2de42ea1ae')
  })

  it('a shared key cache derives the key once and signs exactly as without it', async () => {
    const keyCache = new Map<string, ArrayBuffer>()
    const req = { method: 'POST', url: 'http://127.0.0.1:5055/', headers: { 'content-type': FORM }, body: 'Action=DescribeAutoScalingGroups&MaxRecords=100&Version=2011-01-01' }
    for (let i = 0; i < 2; i++) {
      const { headers } = await signV4(req, { credentials, region: 'us-east-1', now, keyCache })
      expect(headers?.authorization).toContain('Signature=412bf51100f61cd37945722f66495271e2ee9db2df4cb58dd4ab657a1de9e5cf')
    }
    expect(keyCache.size).toBe(1)
  })

  it('changes with the body, so a tampered payload fails verification', async () => {
    const sign = (body: string) => signV4({ method: 'POST', url: 'http://h/', headers: { 'content-type': FORM }, body }, { credentials, region: 'us-east-1', now })
    expect((await sign('Action=A')).headers?.authorization).not.toBe((await sign('Action=B')).headers?.authorization)
  })
})

describe('signV2 (Phantom)', () => {
  const request = {
    method: 'POST',
    url: 'http://127.0.0.1:8445/',
    headers: { 'content-type': FORM },
    body: 'Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=web%20group~1%2F%C3%A9&Version=2011-01-01',
  }

  it('signs HmacSHA256 as pyhantom verifies it', () => {
    const { body } = signV2(request, { credentials, region: 'us-east-1', now })
    const params = new URLSearchParams(body)
    expect(params.get('Signature')).toBe('agmQN2gFpzEHv5OESmWRZh9PYFJ4M/xpIQuq6pUqPdA=')
    expect(params.get('AWSAccessKeyId')).toBe('AKIDEXAMPLE')
    expect(params.get('SignatureVersion')).toBe('2')
    expect(params.get('Timestamp')).toBe('2015-08-30T12:36:00Z')
    // The signature's own + and / are escaped, so a form parser reads it back intact.
    expect(body).toContain('Signature=agmQN2gFpzEHv5OESmWRZh9PYFJ4M%2FxpIQuq6pUqPdA%3D')
  })

  it('signs HmacSHA1 when asked', () => {
    const { body } = signV2(request, { credentials, region: 'us-east-1', now, method: 'HmacSHA1' })
    expect(new URLSearchParams(body).get('Signature')).toBe('CfKLxvZvDIkp6pDLH2+z5tvDrXY=')
  })

  it('puts the signature in the query of a GET and replaces an old one', () => {
    const { url } = signV2({ method: 'GET', url: 'http://h:1/?Action=X&Signature=old', headers: {}, body: undefined }, { credentials, region: 'r', now })
    const q = new URL(url!).searchParams
    expect(q.getAll('Signature')).toHaveLength(1)
    expect(q.get('Signature')).not.toBe('old')
    expect(q.get('Action')).toBe('X')
  })

  it('sends the session token as SecurityToken', () => {
    const { body } = signV2(request, { credentials: { ...credentials, sessionToken: 'tok' }, region: 'r', now })
    expect(new URLSearchParams(body).get('SecurityToken')).toBe('tok')
  })
})
