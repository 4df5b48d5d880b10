// netconf.config against the fake NETCONF device: the inverse saved before the edit restores running exactly, on candidate and on running-only devices.
import { afterEach, describe, expect, it } from 'vitest'
import { NetconfClient } from '../../src/netconf/client.js'
import { ConfigTree } from '../../src/netconf/config-tree.js'
import type { NetconfSession } from '../../src/netconf/session.js'
import type { InfraClients } from '../../src/infra/handler-types.js'
import { startFakeNetconfDevice, SYSTEM_NS, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from '../../src/testing/index.js'
import { context, deleteContext, handlers, rejection } from './support/context.js'

const config = handlers['netconf.config']!
const NC_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0'
const IF_NS = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
const HOSTNAME = `<system xmlns="${SYSTEM_NS}"><hostname>edge-1</hostname><location>rack 4</location></system>`
const INTERFACES = `<interfaces xmlns="${IF_NS}"><interface><name>eth0</name><enabled>true</enabled></interface></interfaces>`

let devices: FakeNetconfDevice[] = []
afterEach(async () => {
  await Promise.all(devices.map((d) => d.close()))
  devices = []
})

/** A fake device and clients whose `netconf()` opens a TCP session to it, counting the sessions opened. */
async function device(opts: FakeNetconfDeviceOptions = {}): Promise<{ device: FakeNetconfDevice; clients: InfraClients; opened: NetconfSession[] }> {
  const d = await startFakeNetconfDevice(opts)
  devices.push(d)
  const opened: NetconfSession[] = []
  const clients: InfraClients = {
    netconf: async () => {
      const s = await NetconfClient.connect({ transport: 'tcp', port: d.port! })
      opened.push(s)
      return s
    },
  }
  return { device: d, clients, opened }
}

/** Running as a canonical tree, and as XML. */
const running = (d: FakeNetconfDevice): { tree: ConfigTree; xml: string } => ({ tree: ConfigTree.parse(d.datastoreXml('running')), xml: d.running.toXml() })

/**
 * Running is what it was: equal as trees, and byte for byte once the fake's leftover
 * `xmlns:nc` is dropped (its replace clones the edit with the declarations in scope, so the
 * unused binding of the operation attribute's prefix stays on the replaced element).
 */
function expectRestored(d: FakeNetconfDevice, before: { tree: ConfigTree; xml: string }): void {
  const now = running(d)
  expect(now.tree.equals(before.tree)).toBe(true)
  expect(now.xml.replaceAll(` xmlns:nc="${NC_NS}"`, '')).toBe(before.xml)
}

describe('netconf.config', () => {
  it('on a candidate device: saves the inverse, merges and commits under a lock, and delete restores running exactly', async () => {
    const { device: d, clients, opened } = await device()
    const before = running(d)
    const { ctx, refs } = context({ params: { config: HOSTNAME + INTERFACES }, clients, node: 'edge' })
    const { ref } = await config.create(ctx)
    expect(refs).toEqual([ref])
    const r = ref as { target: string; before: { name: string; namespace: string | null; xml: string | null }[] }
    expect(r.target).toBe('candidate')
    expect(r.before.map((b) => [b.name, b.namespace, b.xml === null])).toEqual([
      ['system', SYSTEM_NS, false],
      ['interfaces', IF_NS, true],
    ])
    expect(d.running.find('system/hostname')?.text).toBe('edge-1')
    expect(d.running.find('interfaces/interface/name')?.text).toBe('eth0')
    expect(d.running.find('toaster')).toBeDefined() // merged: the rest of running untouched
    const ops = d.operations()
    expect(ops.slice(ops.indexOf('lock'))).toEqual(['lock', 'get-config', 'get-config', 'edit-config', 'commit', 'unlock', 'close-session'])
    expect(opened.every((s) => s.closed)).toBe(true)
    expect(d.locks.size).toBe(0)

    await config.delete(ref, deleteContext(clients, 'edge'))
    expectRestored(d, before)
    await config.delete(ref, deleteContext(clients, 'edge')) // twice: still the same running
    expectRestored(d, before)
    expect(opened.every((s) => s.closed)).toBe(true)
  })

  it('on a device without :candidate: edits running directly, and delete restores it', async () => {
    const { device: d, clients } = await device({ capabilities: { candidate: false, confirmedCommit: false } })
    const before = running(d)
    const { ctx } = context({ params: { config: `<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${HOSTNAME}</config>` }, clients })
    const { ref } = await config.create(ctx)
    expect((ref as { target: string }).target).toBe('running')
    expect(d.operations()).not.toContain('commit')
    expect(d.running.find('system/hostname')?.text).toBe('edge-1')
    await config.delete(ref, deleteContext(clients))
    expectRestored(d, before)
  })

  it('with confirmTimeout: a confirmed commit, confirmed on the same session', async () => {
    const { device: d, clients } = await device()
    const before = running(d)
    const { ctx } = context({ params: { config: INTERFACES, confirmTimeout: 60 }, clients })
    const { ref } = await config.create(ctx)
    expect(d.operations().filter((o) => o === 'commit')).toHaveLength(2)
    expect(d.confirmedCommitPending).toBe(false)
    expect(d.running.find('interfaces/interface/name')?.text).toBe('eth0')
    await config.delete(ref, deleteContext(clients))
    expectRestored(d, before)
  })

  it('an abort after created() stops before the edit; delete leaves running as it was', async () => {
    const { device: d, clients, opened } = await device()
    const before = running(d)
    const { ctx, lastRef } = context({ params: { config: HOSTNAME }, clients, abortAfterCreated: 1 })
    const e = await rejection(config.create(ctx))
    expect(e.name).toBe('AbortError')
    expect(d.operations()).not.toContain('edit-config')
    expect(running(d).xml).toBe(before.xml)
    await config.delete(lastRef() as { target: 'candidate'; before: [] }, deleteContext(clients))
    expectRestored(d, before)
    expect(opened.every((s) => s.closed)).toBe(true)
  })

  it('a refused commit fails create, discards the candidate and releases the lock; running is unchanged', async () => {
    const { device: d, clients } = await device()
    const before = running(d)
    d.faults.next({ operation: 'commit', reply: 'rpc-error' })
    const { ctx, lastRef } = context({ params: { config: HOSTNAME }, clients })
    await expect(config.create(ctx)).rejects.toBeInstanceOf(Error)
    expect(d.operations()).toContain('discard-changes')
    expect(ConfigTree.parse(d.datastoreXml('candidate')).equals(before.tree)).toBe(true)
    expect(d.locks.size).toBe(0)
    await config.delete(lastRef() as { target: 'candidate'; before: [] }, deleteContext(clients))
    expectRestored(d, before)
  })

  it('refuses bad params and a missing client before opening a session', async () => {
    const { clients, opened } = await device()
    await expect(config.create(context({ params: {}, clients }).ctx)).rejects.toMatchObject({ name: 'InputError', message: 'netconf.config needs params.config' })
    await expect(config.create(context({ params: { config: '<system><unclosed></system>' }, clients }).ctx)).rejects.toThrow('params.config must be well-formed XML')
    await expect(config.create(context({ params: { config: HOSTNAME, target: 'startup' }, clients }).ctx)).rejects.toThrow("params.target must be 'candidate' or 'running'")
    await expect(config.create(context({ params: { config: HOSTNAME, target: 'running', confirmTimeout: 30 }, clients }).ctx)).rejects.toThrow('params.confirmTimeout needs the candidate target')
    await expect(config.create(context({ params: { config: HOSTNAME } }).ctx)).rejects.toThrow('netconf.config needs clients.netconf')
    expect(opened).toHaveLength(0)
  })

  it('asking for the candidate on a device without one is an InputError, and the session is closed', async () => {
    const { device: d, clients, opened } = await device({ capabilities: { candidate: false } })
    await expect(config.create(context({ params: { config: HOSTNAME, target: 'candidate' }, clients }).ctx)).rejects.toThrow('the server does not announce :candidate')
    expect(opened).toHaveLength(1)
    expect(opened[0]!.closed).toBe(true)
    expect(d.operations()).not.toContain('edit-config')
  })
})
