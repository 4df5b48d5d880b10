// test/netconf/session-operations.test.ts — NetconfSession operations against the fake device: the XML each one sends and its effect on the datastores; filters, withDefaults, getSchema, DataReply.tree().
import { describe, expect, it } from 'vitest'
import { ConfigTree } from '../../src/netconf/config-tree.js'
import { featureCapabilities } from '../../src/testing/netconf-capabilities.js'
import { MONITORING_NS } from '../../src/testing/netconf-state.js'
import { CAP, IF, NC, SYS, TOASTER, hostname, open, refusedLocally, setup, useCleanup, wire } from './support/session.js'

useCleanup()

describe('NetconfSession: get and getConfig', () => {
  it('get with no filter, a subtree string, { subtree } and { xpath, namespaces }', async () => {
    const { device, session } = await setup()
    const all = await session.get()
    expect(wire(device)).toBe('<get></get>')
    expect(all.xml).toContain('<hostname>r1</hostname>')
    expect(all.xml).toContain('<netconf-state')
    expect(all.reply.ok).toBe(false)

    const sub = await session.get({ filter: `<system xmlns="${SYS}"><hostname/></system>` })
    expect(wire(device)).toBe(`<get><filter type="subtree"><system xmlns="${SYS}"><hostname/></system></filter></get>`)
    expect(sub.xml).toBe(`<system xmlns="${SYS}"><hostname>r1</hostname></system>`)

    const obj = await session.get({ filter: { subtree: `<interfaces xmlns="${IF}"/>` } })
    expect(wire(device)).toBe(`<get><filter type="subtree"><interfaces xmlns="${IF}"/></filter></get>`)
    expect(obj.xml).toContain('<mtu>1500</mtu>')
    expect(obj.xml).not.toContain('hostname')

    const xp = await session.get({ filter: { xpath: "/if:interfaces/if:interface[if:name='eth0']/if:mtu", namespaces: { if: IF, sys: SYS } } })
    expect(wire(device)).toBe(`<get><filter type="xpath" select="/if:interfaces/if:interface[if:name='eth0']/if:mtu" xmlns:if="${IF}" xmlns:sys="${SYS}"/></get>`)
    expect(xp.xml).toContain('<mtu>1500</mtu>')
    expect(xp.xml).not.toContain('hostname')
  })

  it('getConfig reads running by default, candidate and startup on request', async () => {
    const { device, session } = await setup({ startup: `<system xmlns="${SYS}"><hostname>boot</hostname></system>` })
    expect((await session.getConfig()).xml).toContain('<hostname>r1</hostname>')
    expect(wire(device)).toBe('<get-config><source><running/></source></get-config>')
    await session.getConfig({ source: 'candidate', filter: `<system xmlns="${SYS}"/>` })
    expect(wire(device)).toBe(`<get-config><source><candidate/></source><filter type="subtree"><system xmlns="${SYS}"/></filter></get-config>`)
    expect((await session.getConfig({ source: 'startup' })).xml).toBe(`<system xmlns="${SYS}"><hostname>boot</hostname></system>`)
    expect(wire(device)).toBe('<get-config><source><startup/></source></get-config>')
  })

  it('withDefaults is sent in the with-defaults namespace when the server announces :with-defaults', async () => {
    const caps = [...featureCapabilities({}), `${CAP}with-defaults:1.0?basic-mode=explicit&also-supported=report-all`]
    const { device, session } = await setup({ capabilities: caps })
    expect(session.capabilities.has(':with-defaults')).toBe(true)
    await session.getConfig({ withDefaults: 'report-all' })
    expect(wire(device)).toBe('<get-config><source><running/></source><with-defaults xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">report-all</with-defaults></get-config>')
    await session.get({ withDefaults: 'trim', filter: `<system xmlns="${SYS}"/>` })
    expect(wire(device)).toBe(`<get><filter type="subtree"><system xmlns="${SYS}"/></filter><with-defaults xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">trim</with-defaults></get>`)
    await refusedLocally(device, session.get({ withDefaults: 'everything' as 'trim' }), /withDefaults must be one of/)
  })

  it('bad filters are InputErrors before sending', async () => {
    const { device, session } = await setup()
    await refusedLocally(device, session.get({ filter: '' }), /non-empty/)
    await refusedLocally(device, session.get({ filter: 'hostname' }), /start with an element/)
    await refusedLocally(device, session.get({ filter: { subtree: '  ' } }))
    await refusedLocally(device, session.get({ filter: { xpath: '' } }))
    await refusedLocally(device, session.get({ filter: { xpath: '/a:x', namespaces: { '1a': 'urn:a' } } }), /"1a" cannot be an XML namespace prefix/)
    await refusedLocally(device, session.get({ filter: { xpath: '/a:x', namespaces: { xmlfoo: 'urn:a' } } }))
    await refusedLocally(device, session.get({ filter: { xpath: '/a:x', namespaces: { a: '' } } }), /non-empty URI/)
    await refusedLocally(device, session.getConfig({ filter: 42 as unknown as string }))
    await refusedLocally(device, session.getConfig({ source: 'nowhere' as 'running' }), /source must be/)
  })

  it('DataReply.tree(): several top elements under one <config>; empty data is an empty tree', async () => {
    const { session } = await setup()
    const reply = await session.getConfig()
    const tree = reply.tree()
    expect(tree).toBe(reply.tree())
    expect(tree.name).toBe('config')
    expect(tree.namespace).toBe(NC)
    expect(tree.children().map((c) => c.name)).toEqual(['system', 'interfaces', 'toaster'])
    expect(tree.find('interfaces/interface/mtu')?.text).toBe('1500')
    const single = (await session.getConfig({ filter: `<system xmlns="${SYS}"/>` })).tree()
    expect(single.name).toBe('config')
    expect(single.children().map((c) => c.name)).toEqual(['system'])
    const none = await session.getConfig({ filter: '<nothing xmlns="urn:none"/>' })
    expect(none.xml).toBe('')
    expect(none.tree().name).toBe('config')
    expect(none.tree().children()).toEqual([])
  })
})

describe('NetconfSession: editConfig', () => {
  it('string content goes to the candidate by default, wrapped in <config>', async () => {
    const { device, session } = await setup()
    const reply = await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>c1</hostname></system>` })
    expect(reply.ok).toBe(true)
    expect(wire(device)).toBe(`<edit-config><target><candidate/></target><config><system xmlns="${SYS}"><hostname>c1</hostname></system></config></edit-config>`)
    expect(hostname(device, 'candidate')).toBe('c1')
    expect(hostname(device)).toBe('r1')
  })

  it('a whole <config> string (base namespace or none) is sent as is, not wrapped again', async () => {
    const { device, session } = await setup()
    const whole = `<config xmlns="${NC}"><system xmlns="${SYS}"><hostname>w1</hostname></system></config>`
    await session.editConfig({ target: 'running', config: whole })
    expect(wire(device)).toBe(`<edit-config><target><running/></target>${whole}</edit-config>`)
    expect(hostname(device)).toBe('w1')
    const bare = `  <config><system xmlns="${SYS}"><hostname>w2</hostname></system></config>\n`
    await session.editConfig({ target: 'running', config: bare })
    expect(wire(device)).toBe(`<edit-config><target><running/></target>${bare.trim()}</edit-config>`)
    expect(hostname(device)).toBe('w2')
    // A <config> element of another namespace is content.
    await session.editConfig({ target: 'candidate', config: '<config xmlns="urn:ex:app"><x>1</x></config>' })
    expect(wire(device)).toBe('<edit-config><target><candidate/></target><config><config xmlns="urn:ex:app"><x>1</x></config></config></edit-config>')
  })

  it('a ConfigTree: a <config> root is sent as is; any other root (or a subtree node) is wrapped', async () => {
    const { device, session } = await setup()
    const tree = (await session.getConfig()).tree()
    tree.find('system/hostname')?.setText('t1')
    await session.editConfig({ config: tree })
    expect(wire(device)).toMatch(new RegExp(`^<edit-config><target><candidate/></target><config xmlns="${NC}"><system xmlns="${SYS}"><hostname>t1</hostname>`))
    expect(hostname(device, 'candidate')).toBe('t1')

    const system = ConfigTree.parse(`<system xmlns="${SYS}"><contact>ops</contact></system>`, { wrap: 'never' })
    expect(system.name).toBe('system')
    await session.editConfig({ config: system })
    expect(wire(device)).toBe(`<edit-config><target><candidate/></target><config><system xmlns="${SYS}"><contact>ops</contact></system></config></edit-config>`)
    expect(device.candidate.find('system/contact')?.text).toBe('ops')

    const node = tree.find('interfaces')
    node?.find('interface/mtu')?.setText('9000')
    await session.editConfig({ config: node! })
    expect(wire(device)).toBe(`<edit-config><target><candidate/></target><config><interfaces xmlns="${IF}"><interface><name>eth0</name><mtu>9000</mtu></interface></interfaces></config></edit-config>`)
    expect(device.candidate.find('interfaces/interface/mtu')?.text).toBe('9000')
  })

  it('a ConfigTree parsed from a <config> without namespace is the <config> element, as the string form is', async () => {
    const { device, session } = await setup()
    const tree = ConfigTree.parse(`<config><system xmlns="${SYS}"><hostname>nons</hostname></system></config>`)
    expect(tree.name).toBe('config')
    await session.editConfig({ target: 'running', config: tree })
    expect(wire(device)).toBe(`<edit-config><target><running/></target><config><system xmlns="${SYS}"><hostname>nons</hostname></system></config></edit-config>`)
    expect(hostname(device)).toBe('nons')
  })

  it('without :candidate the default target is running', async () => {
    const { device, session } = await setup({ capabilities: { candidate: false } })
    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>direct</hostname></system>` })
    expect(wire(device)).toMatch(/^<edit-config><target><running\/><\/target>/)
    expect(hostname(device)).toBe('direct')
  })

  it('defaultOperation, testOption and errorOption are sent in RFC order; bad values are refused locally', async () => {
    const { device, session } = await setup()
    await session.editConfig({ target: 'running', config: `<system xmlns="${SYS}"><hostname>only</hostname></system>`, defaultOperation: 'replace', testOption: 'test-then-set', errorOption: 'rollback-on-error' })
    expect(wire(device)).toBe(
      `<edit-config><target><running/></target><default-operation>replace</default-operation><test-option>test-then-set</test-option><error-option>rollback-on-error</error-option><config><system xmlns="${SYS}"><hostname>only</hostname></system></config></edit-config>`,
    )
    expect(device.running.children().map((c) => c.name)).toEqual(['system'])
    await session.editConfig({ target: 'running', config: `<system xmlns="${SYS}"><hostname>never</hostname></system>`, testOption: 'test-only' })
    expect(hostname(device)).toBe('only')
    await refusedLocally(device, session.editConfig({ config: '<x/>', defaultOperation: 'merge-ish' as 'merge' }), /default-operation must be one of merge, replace, none/)
    await refusedLocally(device, session.editConfig({ config: '<x/>', testOption: 'maybe' as 'set' }), /test-option must be one of/)
    await refusedLocally(device, session.editConfig({ config: '<x/>', errorOption: 'ignore' as 'stop-on-error' }), /error-option must be one of/)
    await refusedLocally(device, session.editConfig({ config: 'text only' }), /config must be XML/)
    await refusedLocally(device, session.editConfig({ config: 7 as unknown as string }), /ConfigTree or an XML string/)
  })
})

describe('NetconfSession: datastore operations', () => {
  it('copyConfig between datastores and from given configuration; deleteConfig empties startup', async () => {
    const { device, session } = await setup()
    await session.copyConfig({ source: 'running', target: 'startup' })
    expect(wire(device)).toBe('<copy-config><target><startup/></target><source><running/></source></copy-config>')
    expect(device.startup.equals(device.running)).toBe(true)
    await session.copyConfig({ source: { config: `<system xmlns="${SYS}"><hostname>copied</hostname></system>` }, target: 'candidate' })
    expect(wire(device)).toBe(`<copy-config><target><candidate/></target><source><config><system xmlns="${SYS}"><hostname>copied</hostname></system></config></source></copy-config>`)
    expect(device.candidate.children().map((c) => c.name)).toEqual(['system'])
    expect(hostname(device, 'candidate')).toBe('copied')
    await session.deleteConfig({ target: 'startup' })
    expect(wire(device)).toBe('<delete-config><target><startup/></target></delete-config>')
    expect(device.startup.children()).toEqual([])
  })

  it('lock and unlock name the datastore; a custom { xml } datastore is sent verbatim', async () => {
    const { device, session } = await setup()
    await session.lock('candidate')
    expect(wire(device)).toBe('<lock><target><candidate/></target></lock>')
    expect(device.locks.get('candidate')).toBe(session.sessionId)
    await session.unlock('candidate')
    expect(wire(device)).toBe('<unlock><target><candidate/></target></unlock>')
    expect(device.locks.size).toBe(0)
    await session.lock({ xml: ' <actions xmlns="http://clicon.org/controller"/> ' }).catch(() => undefined)
    expect(wire(device)).toBe('<lock><target><actions xmlns="http://clicon.org/controller"/></target></lock>')
    await refusedLocally(device, session.lock({ xml: 'none' }))
    await refusedLocally(device, session.lock({ url: '' }))
  })

  it('commit, confirmed commit with timeout, persist and persistId, cancelCommit, discardChanges', async () => {
    const { device, session } = await setup()
    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>c1</hostname></system>` })
    await session.commit()
    expect(wire(device)).toBe('<commit/>')
    expect(hostname(device)).toBe('c1')

    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>c2</hostname></system>` })
    await session.commit({ confirmed: true, confirmTimeout: 60 })
    expect(wire(device)).toBe('<commit><confirmed/><confirm-timeout>60</confirm-timeout></commit>')
    expect(device.confirmedCommitPending).toBe(true)
    await session.cancelCommit()
    expect(wire(device)).toBe('<cancel-commit/>')
    expect(device.confirmedCommitPending).toBe(false)
    expect(hostname(device)).toBe('c1')

    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>p&amp;1</hostname></system>` })
    await session.commit({ confirmed: true, persist: 'change <7>' })
    expect(wire(device)).toBe('<commit><confirmed/><persist>change &lt;7&gt;</persist></commit>')
    const other = await open(device)
    await other.commit({ persistId: 'change <7>' })
    expect(wire(device)).toBe('<commit><persist-id>change &lt;7&gt;</persist-id></commit>')
    expect(device.confirmedCommitPending).toBe(false)
    expect(hostname(device)).toBe('p&1')

    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>q</hostname></system>` })
    await session.commit({ confirmed: true, persist: 'x' })
    await other.cancelCommit({ persistId: 'x' })
    expect(wire(device)).toBe('<cancel-commit><persist-id>x</persist-id></cancel-commit>')
    expect(hostname(device)).toBe('p&1')

    await session.editConfig({ config: `<system xmlns="${SYS}"><hostname>dropped</hostname></system>` })
    await session.discardChanges()
    expect(wire(device)).toBe('<discard-changes/>')
    expect(hostname(device, 'candidate')).toBe('p&1')
  })

  it('validate: the candidate by default, another datastore, or given configuration', async () => {
    const { device, session } = await setup({ validate: (tree) => (tree.find('system/hostname')?.text === 'bad' ? [{ tag: 'invalid-value', message: 'bad hostname' }] : undefined) })
    await session.validate()
    expect(wire(device)).toBe('<validate><source><candidate/></source></validate>')
    await session.validate({ source: 'running' })
    expect(wire(device)).toBe('<validate><source><running/></source></validate>')
    const e = await session.validate({ source: { config: `<system xmlns="${SYS}"><hostname>bad</hostname></system>` } }).catch((x: unknown) => x)
    expect(wire(device)).toBe(`<validate><source><config><system xmlns="${SYS}"><hostname>bad</hostname></system></config></source></validate>`)
    expect(e).toMatchObject({ name: 'NetconfRpcError', code: 'invalid-value', errors: [{ message: 'bad hostname' }] })
  })

  it('killSession ends another session; rpc() sends any operation', async () => {
    const { device, session } = await setup()
    const other = await open(device)
    await other.lock('running')
    const closed = new Promise((r) => other.once('close', r))
    await session.killSession(other.sessionId!)
    expect(wire(device)).toBe(`<kill-session><session-id>${other.sessionId}</session-id></kill-session>`)
    await closed
    expect(other.closed).toBe(true)
    expect(device.sessions).toEqual([session.sessionId])
    expect(device.locks.size).toBe(0)
    const reply = await session.rpc(`<make-toast xmlns="${TOASTER}"><toasterDoneness>2</toasterDoneness></make-toast>`)
    expect(reply.ok).toBe(true)
    expect(device.rpcLog.at(-1)?.operation).toBe('make-toast')
    await refusedLocally(device, session.rpc('  '), /operation XML/)
  })
})

describe('NetconfSession: getSchema', () => {
  it('returns the YANG text exactly, entities decoded; version and format on the wire', async () => {
    const text = 'module acme {\n  namespace "urn:acme";\n  description "a < b && c > d";\n}\n'
    const { device, session } = await setup({ modules: [{ identifier: 'acme', namespace: 'urn:acme', revision: '2024-01-01', text }] })
    expect(session.capabilities.module('acme')?.revision).toBe('2024-01-01')
    expect(await session.getSchema({ identifier: 'acme' })).toBe(text)
    expect(wire(device)).toBe(`<get-schema xmlns="${MONITORING_NS}"><identifier>acme</identifier><format>yang</format></get-schema>`)
    expect(device.rpcLog.at(-1)?.xml).not.toContain('&&')
    expect(await session.getSchema({ identifier: 'acme', version: '2024-01-01', format: 'yang' })).toBe(text)
    expect(wire(device)).toBe(`<get-schema xmlns="${MONITORING_NS}"><identifier>acme</identifier><version>2024-01-01</version><format>yang</format></get-schema>`)
    await expect(session.getSchema({ identifier: 'nope' })).rejects.toMatchObject({ name: 'NetconfRpcError', code: 'invalid-value' })
    await refusedLocally(device, session.getSchema({ identifier: '' }), /identifier must be a non-empty string/)
  })

  it('decodes numeric character references and CDATA in the reply', async () => {
    const { session } = await setup({
      rpcs: [{ namespace: MONITORING_NS, name: 'get-schema', handler: () => `<data xmlns="${MONITORING_NS}">a &#60; b &#x26; c<![CDATA[ <raw> & ]]>\n</data>` }],
    })
    expect(await session.getSchema({ identifier: 'x' })).toBe('a < b & c <raw> & \n')
  })
})
