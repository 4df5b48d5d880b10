// test/netconf/config-tree.test.ts — ConfigTree: parse/serialize round trips, editing, lookup, namespaces, operations, change tracking.
import { beforeAll, describe, expect, it } from 'vitest'
import { InputError, ResponseError } from '../../src/core/errors.js'
import { ConfigTree, NETCONF_BASE_NS, loadConfigTreeParser, type ConfigNode } from '../../src/netconf/config-tree.js'

const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
const IANA = 'urn:ietf:params:xml:ns:yang:iana-if-type'
const sample = `<config xmlns="${NETCONF_BASE_NS}">
  <interfaces xmlns="${IF}" xmlns:ianaift="${IANA}">
    <interface><name>eth0</name><type>ianaift:ethernetCsmacd</type><mtu>1500</mtu></interface>
    <interface><name>eth1</name><enabled>false</enabled></interface>
  </interfaces>
</config>`

beforeAll(loadConfigTreeParser)

const roundTrip = (t: ConfigNode): void => {
  const again = ConfigTree.parse(t.toXml(), { wrap: 'never' })
  expect(again.equals(t)).toBe(true)
  expect(again.toXml()).toBe(t.toXml())
}

describe('parse and serialize', () => {
  it('keeps order, names, namespaces and text', () => {
    const t = ConfigTree.parse(sample)
    expect(t.name).toBe('config')
    expect(t.namespace).toBe(NETCONF_BASE_NS)
    const ifs = t.findAll('interfaces/interface')
    expect(ifs.map((i) => i.child('name')?.text)).toEqual(['eth0', 'eth1'])
    expect(ifs[0]?.namespace).toBe(IF)
    expect(ifs[0]?.children().map((c) => c.name)).toEqual(['name', 'type', 'mtu'])
    expect(t.toXml()).toBe(
      `<config xmlns="${NETCONF_BASE_NS}"><interfaces xmlns="${IF}" xmlns:ianaift="${IANA}"><interface><name>eth0</name><type>ianaift:ethernetCsmacd</type><mtu>1500</mtu></interface><interface><name>eth1</name><enabled>false</enabled></interface></interfaces></config>`,
    )
    roundTrip(t)
    expect(t.modified).toBe(false)
  })

  it('wraps content and other elements in <config>, or not', () => {
    const content = ConfigTree.parse(`<a xmlns="urn:a"/><b xmlns="urn:b"/>`)
    expect(content.name).toBe('config')
    expect(content.children().map((c) => `${c.name} ${c.namespace}`)).toEqual(['a urn:a', 'b urn:b'])
    expect(ConfigTree.parse(`<a xmlns="urn:a"><b/></a>`).find('a/b')?.namespace).toBe('urn:a')
    const data = ConfigTree.parse(`<data xmlns="${NETCONF_BASE_NS}"><x xmlns="urn:x"/></data>`, { wrap: 'never' })
    expect(data.name).toBe('data')
    expect(ConfigTree.parse(`<config/>`, { wrap: 'always' }).child('config')?.namespace).toBeUndefined()
    expect(() => ConfigTree.parse('<a/><b/>', { wrap: 'never' })).toThrow(ResponseError)
  })

  it('handles prefixes, default namespaces, mixed prefixes and undeclaring', () => {
    const xml = `<r xmlns="urn:d" xmlns:p="urn:p"><p:a><b/><c xmlns="urn:c"><d/></c><e xmlns=""><p:f/></e></p:a></r>`
    const t = ConfigTree.parse(xml, { wrap: 'never' })
    const a = t.child('p:a')
    expect(a?.prefix).toBe('p')
    expect(a?.namespace).toBe('urn:p')
    expect(t.find('a/b')?.namespace).toBe('urn:d')
    expect(t.find('a/c/d')?.namespace).toBe('urn:c')
    expect(t.find('a/e')?.namespace).toBeUndefined()
    expect(t.find('a/e/f')?.namespace).toBe('urn:p')
    expect(t.toXml()).toBe(xml)
    roundTrip(t)
  })

  it('decodes entities once and escapes on output (text with <, & and ]]>)', () => {
    const t = ConfigTree.parse(`<a>x &lt; y &amp;amp; ]]&gt; &#65;&#x42;<![CDATA[<raw&>]]></a>`, { wrap: 'never' })
    expect(t.text).toBe('x < y &amp; ]]> AB<raw&>')
    expect(t.toXml()).toBe('<a>x &lt; y &amp;amp; ]]&gt; AB&lt;raw&amp;&gt;</a>')
    roundTrip(t)
  })

  it('round-trips attributes with quotes, newlines, tabs and &', () => {
    const t = new ConfigTree('a', {})
    t.setAttribute('v', `say "hi" & <bye>\n\tend\r`)
    t.setAttribute('w', "it's")
    expect(t.toXml()).toBe(`<a v="say &quot;hi&quot; &amp; &lt;bye>&#10;&#9;end&#13;" w="it's"/>`)
    roundTrip(t)
    expect(ConfigTree.parse(t.toXml(), { wrap: 'never' }).attribute('v')).toBe(`say "hi" & <bye>\n\tend\r`)
  })

  it('normalizes literal whitespace in attribute values and CRLF line ends', () => {
    const t = ConfigTree.parse(`<a b="x\ny\tz" c='q"'>l1\r\nl2</a>`, { wrap: 'never' })
    expect(t.attribute('b')).toBe('x y z')
    expect(t.attribute('c')).toBe('q"')
    expect(t.text).toBe('l1\nl2')
  })

  it('pretty prints with indentation, declaration and compact leaves', () => {
    const t = ConfigTree.parse(sample)
    const pretty = t.toXml({ pretty: true, declaration: true })
    expect(pretty).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<config xmlns="${NETCONF_BASE_NS}">
  <interfaces xmlns="${IF}" xmlns:ianaift="${IANA}">
    <interface>
      <name>eth0</name>
      <type>ianaift:ethernetCsmacd</type>
      <mtu>1500</mtu>
    </interface>
    <interface>
      <name>eth1</name>
      <enabled>false</enabled>
    </interface>
  </interfaces>
</config>
`)
    expect(ConfigTree.parse(pretty).equals(t)).toBe(true)
    expect(t.find('interfaces/interface')?.toXml({ pretty: true, indent: '\t' })).toContain('\n\t<name>eth0</name>')
  })

  it('writes a subtree with the declarations it inherits', () => {
    const t = ConfigTree.parse(sample)
    expect(t.find('interfaces/interface')?.toXml()).toBe(`<interface xmlns="${IF}" xmlns:ianaift="${IANA}"><name>eth0</name><type>ianaift:ethernetCsmacd</type><mtu>1500</mtu></interface>`)
  })
})

describe('refusals', () => {
  it('refuses DOCTYPE, entity declarations and unknown entities', () => {
    expect(() => ConfigTree.parse('<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>')).toThrow(ResponseError)
    expect(() => ConfigTree.parse('<a>&x;</a>')).toThrow(/predefined/)
    expect(() => ConfigTree.parse('<a>&nbsp;</a>')).toThrow(ResponseError)
    expect(() => ConfigTree.parse('<a>&#0;</a>')).toThrow(ResponseError)
  })
  it('refuses malformed XML as ResponseError', () => {
    for (const bad of ['', 'text', '<a>', '<a></b>', '<a b="1" b="2"/>', '<p:a/>', '<a:b:c/>', '<a b="<"/>', '<a>x & y</a>', '<a/>tail', '<__proto__/>', '<a xmlns:p=""/>']) {
      expect(() => ConfigTree.parse(bad), bad).toThrow(ResponseError)
    }
  })
  it('refuses bad names and characters as InputError', () => {
    const t = new ConfigTree()
    for (const bad of ['1st', 'a b', 'a:b:c', '', '-x', 'x>']) expect(() => t.create(bad), bad).toThrow(InputError)
    expect(() => t.create('p:x')).toThrow(/not declared/)
    expect(() => t.setAttribute('a"b', 'x')).toThrow(InputError)
    expect(() => t.setAttribute('xmlns:p', 'urn:p')).toThrow(/declareNamespace/)
    expect(() => t.create('x').rename('9')).toThrow(InputError)
    expect(() => t.create('y', { text: 'bell \u0007' })).toThrow(InputError)
    expect(() => t.declareNamespace('xmlns', 'urn:x')).toThrow(InputError)
    expect(() => ConfigTree.parse('<a/>')).not.toThrow()
  })
})
