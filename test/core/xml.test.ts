// test/core/xml.test.ts — the safe XML configuration: no entity tricks, no size bombs, no number coercion.
import { beforeAll, describe, expect, it } from 'vitest'
import { ResponseError } from '../../src/core/errors.js'
import { isXml, parseXml } from '../../src/core/xml.js'
import { parseRetryAfter } from '../../src/core/retry-after.js'
import { loadXmlParser } from '../../src/core/xml.js'

beforeAll(() => loadXmlParser())

describe('parseXml', () => {
  it('keeps strings as strings, attributes prefixed, namespace prefixes removed', () => {
    const doc = parseXml('<a:Root xmlns:a="urn:x"><a:Id>007</a:Id><Flag on="true">yes</Flag></a:Root>')
    expect(doc).toEqual({ Root: { Id: '007', Flag: { '@_on': 'true', '#text': 'yes' } } })
  })

  it('forces listed paths to arrays, even with one member', () => {
    const doc = parseXml('<R><Groups><member><Name>g1</Name></member></Groups></R>', { arrayPaths: ['R.Groups.member'] })
    expect(doc).toEqual({ R: { Groups: { member: [{ Name: 'g1' }] } } })
  })

  it('refuses DOCTYPEs: billion laughs and external entities never expand', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
    const external = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>'
    expect(() => parseXml(laughs)).toThrow(ResponseError)
    expect(() => parseXml(external)).toThrow(ResponseError)
  })

  it('decodes only the predefined entities', () => {
    expect(parseXml('<m>a &amp; b &lt;c&gt;</m>')).toEqual({ m: 'a & b <c>' })
  })

  it('rejects oversized and malformed documents with ResponseError', () => {
    expect(() => parseXml(`<a>${'x'.repeat(200)}</a>`, { maxBytes: 100 })).toThrow(/exceeds/)
    const e = (() => {
      try {
        parseXml('<a><b></a>')
      } catch (x) {
        return x
      }
    })()
    expect(e).toBeInstanceOf(ResponseError)
    expect((e as ResponseError).details[0]).toBe('<a><b></a>')
  })

  it('isXml sniffs XML but not HTML', () => {
    expect(isXml('<?xml version="1.0"?><x/>')).toBe(true)
    expect(isXml('  <ErrorResponse>')).toBe(true)
    expect(isXml('<html><body>x</body></html>')).toBe(false)
    expect(isXml('{"a":1}')).toBe(false)
  })
})

describe('parseRetryAfter', () => {
  const h = (v: Record<string, string>) => new Headers(v)
  it('reads seconds, decimals, dates and Retry-After-Ms', () => {
    expect(parseRetryAfter(h({ 'retry-after': '120' }))).toBe(120_000)
    expect(parseRetryAfter(h({ 'retry-after': '1.5' }))).toBe(1500)
    expect(parseRetryAfter(h({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }), Date.parse('Wed, 21 Oct 2015 07:27:50 GMT'))).toBe(10_000)
    expect(parseRetryAfter(h({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }))).toBe(0)
    expect(parseRetryAfter(h({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250)
  })
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter(h({}))).toBeUndefined()
    expect(parseRetryAfter(h({ 'retry-after': 'soon' }))).toBeUndefined()
    expect(parseRetryAfter(h({ 'retry-after': '-5' }))).toBeUndefined()
  })
})

describe('loading', () => {
  it('parseXml before the parser is loaded is an InputError saying what to do (checked in a fresh module)', async () => {
    const { vi } = await import('vitest')
    vi.resetModules()
    const fresh = await import('../../src/core/xml.js')
    expect(() => fresh.parseXml('<a/>')).toThrow(/await loadXmlParser\(\)/)
    await fresh.loadXmlParser()
    expect(fresh.xmlParserLoaded()).toBe(true)
    expect(fresh.parseXml('<a>1</a>')).toEqual({ a: '1' })
  })
})
