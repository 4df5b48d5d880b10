// test/core/redact.test.ts — secrets never survive redaction of headers, URLs, JSON and free text.
import { describe, expect, it } from 'vitest'
import { SecretScrubber, redactHeaders, redactJson, redactUrl } from '../../src/core/redact.js'

describe('redaction', () => {
  it('hides credential headers, whatever their case, and keeps the rest', () => {
    const h = new Headers({ 'X-Auth-Token': 'gAAAAtoken', Authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc', 'X-Subject-Token': 't2', 'Content-Type': 'text/plain' })
    expect(redactHeaders(h)).toEqual({ 'x-auth-token': '***', authorization: '***', 'x-subject-token': '***', 'content-type': 'text/plain' })
    expect(redactHeaders({ 'X-Amz-Security-Token': 's', 'X-Auth-Key': 'k', 'X-Storage-Pass': 'p' })).toEqual({
      'x-amz-security-token': '***',
      'x-auth-key': '***',
      'x-storage-pass': '***',
    })
  })

  it('hides temp URL signatures, SigV2/SigV4 signatures and userinfo in URLs', () => {
    expect(redactUrl('http://s/v1/a/c/o?temp_url_sig=deadbeef&temp_url_expires=17')).toBe('http://s/v1/a/c/o?temp_url_sig=***&temp_url_expires=17')
    expect(redactUrl('http://aws/?Action=X&Signature=abc%2B&AWSAccessKeyId=AK')).toBe('http://aws/?Action=X&Signature=***&AWSAccessKeyId=AK')
    expect(redactUrl('https://b/o?X-Amz-Signature=ff&X-Amz-Credential=AK%2F2024')).toBe('https://b/o?X-Amz-Signature=***&X-Amz-Credential=***')
    expect(redactUrl('http://user:pw@h/x')).toBe('http://***:***@h/x')
    expect(redactUrl('http://h/x?a=1')).toBe('http://h/x?a=1')
    expect(redactUrl('not a url')).toBe('not a url')
  })

  it('hides secret JSON fields at any depth but not look-alikes such as key_name', () => {
    const body = {
      auth: { identity: { password: { user: { name: 'demo', password: 'pw' } }, application_credential: { id: 'i', secret: 's' } } },
      server: { key_name: 'mykey', adminPass: 'ap' },
      list: [{ token: 't' }],
    }
    expect(redactJson(body)).toEqual({
      auth: { identity: { password: { user: { name: 'demo', password: '***' } }, application_credential: { id: 'i', secret: '***' } } },
      server: { key_name: 'mykey', adminPass: '***' },
      list: [{ token: '***' }],
    })
  })

  it('scrubs remembered secret values out of any text, ignoring very short ones', () => {
    const s = new SecretScrubber()
    s.add('gAAAAABtoken-value')
    s.add('pw') // too short to scrub safely
    expect(s.scrub('server said: invalid token gAAAAABtoken-value, pw')).toBe('server said: invalid token ***, pw')
  })
})
