// test/netconf/config-tree-edit.test.ts — ConfigTree editing: create/find/findByKey/delete/replace/rename, namespaces, operations, change tracking, Clixon regressions.
import { beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { ConfigNode, ConfigTree, NETCONF_BASE_NS, loadConfigTreeParser } from '../../src/netconf/config-tree.js'

const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
beforeAll(loadConfigTreeParser)

function build(): ConfigTree {
  const t = new ConfigTree()
  const ifs = t.create('interfaces', { namespace: IF })
  for (const [name, mtu] of [['eth0', 1500], ['eth1', 9000]] as const) {
    const i = ifs.create('interface')
    i.create('name', { text: name })
    i.create('mtu', { text: mtu })
  }
  return t.markClean()
}

describe('building and finding', () => {
  it('creates children that inherit namespace and prefix', () => {
    const t = build()
    expect(t.toXml()).toBe(
      `<config xmlns="${NETCONF_BASE_NS}"><interfaces xmlns="${IF}"><interface><name>eth0</name><mtu>1500</mtu></interface><interface><name>eth1</name><mtu>9000</mtu></interface></interfaces></config>`,
    )
    const p = new ConfigTree('if:interfaces', { namespace: IF })
    expect(p.create('interface').qualifiedName).toBe('if:interface')
    expect(p.toXml()).toBe(`<if:interfaces xmlns:if="${IF}"><if:interface/></if:interfaces>`)
    expect(p.create('x', { namespace: undefined }).namespace).toBeUndefined()
    expect(p.toXml()).toContain('<x/>')
  })

  it('finds by path, predicate, key, position and descendant', () => {
    const t = build()
    expect(t.find('interfaces/interface/name')?.text).toBe('eth0')
    expect(t.findAll('interfaces/interface').length).toBe(2)
    expect(t.find("interfaces/interface[name='eth1']/mtu")?.text).toBe('9000')
    expect(t.find('interfaces/interface[2]/name')?.text).toBe('eth1')
    expect(t.findAll('//mtu').map((n) => n.text)).toEqual(['1500', '9000'])
    expect(t.findAll('interfaces/*/name').length).toBe(2)
    expect(t.find('/interfaces')?.name).toBe('interfaces')
    expect(t.find('nothing/here')).toBeUndefined()
    expect(t.find((n) => n.name === 'interface' && n.child('name')?.text === 'eth1')?.child('mtu')?.text).toBe('9000')
    expect(t.findAll((n) => n.name === 'name').map((n) => n.text)).toEqual(['eth0', 'eth1'])
    const ifs = t.child('interfaces')!
    expect(ifs.findByKey('interface', { name: 'eth0' })?.child('mtu')?.text).toBe('1500')
    expect(t.findByKey('interfaces/interface', { name: 'eth1', mtu: 9000 })).toBeDefined()
    expect(ifs.findByKey('interface', { name: 'eth9' })).toBeUndefined()
    expect(ifs.children('interface').length).toBe(2)
    expect(() => t.find('a[')).toThrow(InputError)
    expect(() => t.find('1a')).toThrow(InputError)
  })

  it('deletes, replaces, renames and moves nodes', () => {
    const t = build()
    const eth1 = t.findByKey('interfaces/interface', { name: 'eth1' })!
    eth1.delete()
    expect(eth1.parent).toBeUndefined()
    expect(t.findAll('interfaces/interface').length).toBe(1)
    const mtu = t.find('interfaces/interface/mtu')!
    const fresh = mtu.replace(new ConfigNode('mtu', { namespace: IF, text: 1400 }))
    expect(fresh.parent?.name).toBe('interface')
    expect(t.find('interfaces/interface/mtu')?.text).toBe('1400')
    t.find('interfaces/interface/name')!.rename('label')
    expect(t.find('interfaces/interface/label')?.namespace).toBe(IF)
    // a node moved into a tree with another default namespace keeps its own
    const other = ConfigTree.parse('<sys xmlns="urn:sys"/>')
    other.child('sys')!.append(eth1)
    expect(other.toXml()).toContain(`<sys xmlns="urn:sys"><interface xmlns="${IF}"><name>eth1</name>`)
    expect(() => t.delete()).toThrow(InputError)
    expect(() => eth1.append(other)).toThrow(InputError)
    const copy = t.child('interfaces')!.clone()
    expect(copy.equals(t.child('interfaces')!)).toBe(true)
    expect(copy.toXml()).toBe(t.child('interfaces')!.toXml())
  })

  it('looks up and declares namespaces, inherited from ancestors', () => {
    const t = ConfigTree.parse(`<a xmlns="urn:a" xmlns:x="urn:x"><b><c/></b></a>`, { wrap: 'never' })
    const c = t.find('b/c')!
    expect(c.lookupNamespace('x')).toBe('urn:x')
    expect(c.lookupNamespace('')).toBe('urn:a')
    expect(c.lookupPrefix('urn:x')).toBe('x')
    expect(c.lookupNamespace('y')).toBeUndefined()
    t.find('b')!.declareNamespace('y', 'urn:y')
    expect(c.create('y:leaf').namespace).toBe('urn:y')
    expect(t.toXml()).toBe(`<a xmlns="urn:a" xmlns:x="urn:x"><b xmlns:y="urn:y"><c><y:leaf/></c></b></a>`)
    expect(() => t.declareNamespace('', 'urn:other')).toThrow(InputError)
    c.setAttribute('z:k', 'v', { namespace: 'urn:z' })
    expect(c.attributeNamespace('z:k')).toBe('urn:z')
    expect(c.toXml()).toBe(`<c xmlns="urn:a" xmlns:x="urn:x" xmlns:y="urn:y" xmlns:z="urn:z" z:k="v"><y:leaf/></c>`)
  })
})

describe('NETCONF operation attribute', () => {
  it('declares nc: where needed and reuses a prefix in scope', () => {
    const t = build()
    const eth1 = t.findByKey('interfaces/interface', { name: 'eth1' })!
    eth1.setOperation('delete')
    expect(eth1.operation()).toBe('delete')
    expect(eth1.toXml()).toBe(`<interface xmlns="${IF}" xmlns:nc="${NETCONF_BASE_NS}" nc:operation="delete"><name>eth1</name><mtu>9000</mtu></interface>`)
    eth1.setOperation('replace')
    expect(eth1.attributes.get('nc:operation')).toBe('replace')
    expect(eth1.removeOperation()).toBe(true)
    expect(eth1.operation()).toBeUndefined()
    const p = ConfigTree.parse(`<config xmlns:base="${NETCONF_BASE_NS}" xmlns:nc="urn:not-netconf"><a xmlns="urn:a"/></config>`)
    p.child('a')!.setOperation('create')
    expect(p.child('a')!.attributes.get('base:operation')).toBe('create')
    const q = ConfigTree.parse(`<a xmlns="urn:a" xmlns:nc="urn:not-netconf"/>`, { wrap: 'never' })
    q.setOperation('merge')
    expect(q.toXml()).toBe(`<a xmlns="urn:a" xmlns:nc="urn:not-netconf" xmlns:nc1="${NETCONF_BASE_NS}" nc1:operation="merge"/>`)
    expect(() => q.setOperation('drop' as 'merge')).toThrow(InputError)
    expect(ConfigTree.parse(q.toXml(), { wrap: 'never' }).operation()).toBe('merge')
  })
})

describe('modified tracking', () => {
  it('is clean after parse and reports each kind of change', () => {
    const t = build()
    expect(t.modified).toBe(false)
    expect(t.changes()).toEqual([])
    t.find("interfaces/interface[name='eth1']/mtu")!.setText(9000) // same value: no change
    expect(t.modified).toBe(false)
    t.find("interfaces/interface[name='eth1']/mtu")!.setText(1280)
    t.find("interfaces/interface[name='eth0']")!.setOperation('merge')
    t.child('interfaces')!.create('interface').create('name', { text: 'eth2' })
    t.find("interfaces/interface[name='eth0']/mtu")!.delete()
    expect(t.child('interfaces')!.modified).toBe(true)
    expect(t.changes().map((c) => `${c.kind} ${c.path}`)).toEqual([
      'attributes interfaces/interface[1]',
      'deleted interfaces/interface[1]/mtu',
      'text interfaces/interface[2]/mtu',
      'created interfaces/interface[3]',
    ])
    t.markClean()
    expect(t.modified).toBe(false)
    t.find('interfaces/interface')!.rename('iface')
    expect(t.changes().map((c) => c.kind)).toEqual(['renamed'])
  })
  it('a freshly built tree is clean; nodes added to it are created', () => {
    const t = new ConfigTree()
    expect(t.modified).toBe(false)
    t.create('system', { namespace: 'urn:sys' }).create('hostname', { text: 'r1' })
    expect(t.changes().map((c) => `${c.kind} ${c.path}`)).toEqual(['created system'])
  })
})

describe('Clixon element.py defects (regressions)', () => {
  it('text is stored unescaped and escaped exactly once (no stored-escaped cdata)', () => {
    const t = new ConfigTree('a', {})
    t.setText('x &amp; <y>')
    expect(t.text).toBe('x &amp; <y>')
    expect(t.toXml()).toBe('<a>x &amp;amp; &lt;y&gt;</a>')
    const back = ConfigTree.parse(t.toXml(), { wrap: 'never' })
    expect(back.text).toBe('x &amp; <y>')
    expect(back.toXml()).toBe(t.toXml()) // parse → serialize is stable, never double-escaped
    expect(ConfigTree.parse(ConfigTree.parse('<a>&lt;</a>').toXml()).child('a')?.text).toBe('<')
  })
  it('attribute values are always escaped (no raw quotes, & or < in attributes)', () => {
    const t = new ConfigTree('a', {})
    t.setAttribute('cl:creator', `"><evil attr='1'/>&`, { namespace: 'http://clicon.org/lib' })
    const xml = t.toXml()
    expect(xml).toBe(`<a xmlns:cl="http://clicon.org/lib" cl:creator="&quot;>&lt;evil attr='1'/>&amp;"/>`)
    const back = ConfigTree.parse(xml, { wrap: 'never' })
    expect(back.children()).toEqual([])
    expect(back.attribute('cl:creator')).toBe(`"><evil attr='1'/>&`)
  })
})
