// test/netconf/rpc-messages.test.ts — capability URIs, hello build/parse, reply reading and root start tags.
import { beforeAll, describe, expect, it } from 'vitest'
import { ResponseError } from '../../src/core/errors.js'
import { loadXmlParser } from '../../src/core/xml.js'
import { CAP_BASE_11, buildHello, parseCapability, parseHello, readStartTag } from '../../src/netconf/messages.js'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { readRpcReply } from '../../src/netconf/rpc-reply.js'

beforeAll(() => loadXmlParser())

describe('parseCapability', () => {
  it('takes module, revision, features and deviations out of the query', () => {
    const uri = 'urn:ietf:params:xml:ns:yang:ietf-interfaces?module=ietf-interfaces&revision=2014-05-08&features=arbitrary-names,pre-provisioning&deviations=my-dev'
    expect(parseCapability(uri)).toEqual({
      uri,
      base: 'urn:ietf:params:xml:ns:yang:ietf-interfaces',
      module: 'ietf-interfaces',
      revision: '2014-05-08',
      features: ['arbitrary-names', 'pre-provisioning'],
      deviations: ['my-dev'],
      params: { module: 'ietf-interfaces', revision: '2014-05-08', features: 'arbitrary-names,pre-provisioning', deviations: 'my-dev' },
    })
  })

  it('handles plain URIs, other parameters and a doubly escaped &amp;', () => {
    expect(parseCapability(' urn:ietf:params:netconf:base:1.1 ')).toEqual({ uri: CAP_BASE_11, base: CAP_BASE_11, params: {} })
    expect(parseCapability('urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=report-all').params).toEqual({
      'basic-mode': 'explicit',
      'also-supported': 'report-all',
    })
    expect(parseCapability('urn:m?module=m&amp;revision=2020-01-01').revision).toBe('2020-01-01')
  })
})

describe('hello', () => {
  it('builds a hello with escaped capability URIs and parses a prefixed server hello', () => {
    expect(buildHello(['urn:m?module=a&revision=b'])).toContain('<capability>urn:m?module=a&amp;revision=b</capability>')
    const xml = '<nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:capabilities><nc:capability> urn:ietf:params:netconf:base:1.1 </nc:capability></nc:capabilities><nc:session-id>42</nc:session-id></nc:hello>'
    expect(parseHello(xml)).toEqual({ capabilities: [CAP_BASE_11], sessionId: 42 })
  })

  it('refuses a hello without capabilities or with a bad session-id', () => {
    expect(() => parseHello('<hello><capabilities/></hello>')).toThrow(ResponseError)
    expect(() => parseHello(`<hello><capabilities><capability>${CAP_BASE_11}</capability></capabilities><session-id>x</session-id></hello>`)).toThrow(/session-id/)
  })
})

describe('readStartTag and readRpcReply', () => {
  it('skips the declaration and comments, decodes attributes, strips prefixes but keeps xmlns names', () => {
    const tag = readStartTag('\uFEFF<?xml version="1.0"?>\n<!-- hi --><nc:rpc-reply xmlns:nc="urn:x" nc:message-id=\'a&amp;b\'>')
    expect(tag).toMatchObject({ name: 'rpc-reply', prefix: 'nc', attributes: { 'xmlns:nc': 'urn:x', 'message-id': 'a&b' }, selfClosing: false })
    expect(readStartTag('not xml')).toBeUndefined()
  })

  it('reads ok, data (prefixed, empty) and the lazy parsed form', () => {
    expect(readRpcReply('<rpc-reply message-id="1"><ok/></rpc-reply>', '1').ok).toBe(true)
    const r = readRpcReply('<nc:rpc-reply xmlns:nc="urn:nc" message-id="2"><nc:data><a xmlns="urn:a"><data>x</data></a></nc:data></nc:rpc-reply>', '2')
    expect(r.ok).toBe(false)
    expect(r.data).toBe('<a xmlns="urn:a"><data>x</data></a>')
    expect(r.parsed).toMatchObject({ data: { a: { data: 'x' } } })
    expect(readRpcReply('<rpc-reply message-id="3"><data/></rpc-reply>', '3').data).toBe('')
    expect(readRpcReply('<rpc-reply message-id="4"><other/></rpc-reply>', '4').data).toBeUndefined()
  })

  it('throws NetconfRpcError for one rpc-error, with a default severity', () => {
    const xml = '<rpc-reply message-id="5"><rpc-error><error-type>rpc</error-type><error-tag>missing-attribute</error-tag></rpc-error></rpc-reply>'
    expect(() => readRpcReply(xml, '5')).toThrow(NetconfRpcError)
    try {
      readRpcReply(xml, '5')
    } catch (e) {
      expect((e as NetconfRpcError).errors).toEqual([{ type: 'rpc', tag: 'missing-attribute', severity: 'error' }])
      expect((e as NetconfRpcError).details).toEqual(['rpc/missing-attribute (error)'])
    }
    expect(() => readRpcReply('<hello/>', '1')).toThrow(ResponseError)
  })
})
