// test/netconf/support/session.ts — shared setup of the NetconfSession unit tests: a fake device, sessions over connectPair(), wire helpers.
import { afterEach, expect } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { NetconfClient } from '../../../src/netconf/client.js'
import { NetconfRpcError } from '../../../src/netconf/rpc-errors.js'
import type { NetconfSession } from '../../../src/netconf/session.js'
import { startFakeNetconfDevice, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from '../../../src/testing/netconf-device.js'

export const SYS = 'urn:ietf:params:xml:ns:yang:ietf-system'
export const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
export const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0'
export const TOASTER = 'http://netconfcentral.org/ns/toaster'
export const CAP = 'urn:ietf:params:netconf:capability:'
export const RUNNING = `<system xmlns="${SYS}"><hostname>r1</hostname><location>lab</location></system><interfaces xmlns="${IF}"><interface><name>eth0</name><mtu>1500</mtu></interface></interfaces><toaster xmlns="${TOASTER}"/>`

const devices: FakeNetconfDevice[] = []
const sessions: NetconfSession[] = []

/** Registers the afterEach that closes what {@link setup} opened; call once per test file. */
export function useCleanup(): void {
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()))
    await Promise.all(devices.splice(0).map((d) => d.close()))
  })
}

/** A fake device (RUNNING unless given) and one session to it over the in-memory pair. */
export async function setup(opts: FakeNetconfDeviceOptions = {}): Promise<{ device: FakeNetconfDevice; session: NetconfSession }> {
  const device = await startFakeNetconfDevice({ running: RUNNING, ...opts })
  devices.push(device)
  return { device, session: await open(device) }
}

/** Another session to the same device. */
export async function open(device: FakeNetconfDevice, timeoutMs?: number): Promise<NetconfSession> {
  const session = await NetconfClient.connect({ transport: device.connectPair(), ...(timeoutMs === undefined ? {} : { timeoutMs }) })
  sessions.push(session)
  return session
}

/** The operation XML (what is inside `<rpc>`) of an rpcLog entry; the last one by default. */
export function wire(device: FakeNetconfDevice, index = -1): string {
  const xml = device.rpcLog.at(index)?.xml ?? ''
  return xml.slice(xml.indexOf('>') + 1, xml.lastIndexOf('</rpc>'))
}

/** Asserts that `p` rejects with an InputError and that nothing reached the device meanwhile. */
export async function refusedLocally(device: FakeNetconfDevice, p: Promise<unknown> | (() => Promise<unknown>), message?: RegExp): Promise<InputError> {
  const before = device.rpcLog.length
  const e = await (typeof p === 'function' ? p() : p).then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(InputError)
  if (message) expect((e as Error).message).toMatch(message)
  await new Promise((r) => setTimeout(r, 5))
  expect(device.rpcLog.length).toBe(before)
  return e as InputError
}

/** Asserts that `p` rejects with a NetconfRpcError and returns it. */
export async function rpcError(p: Promise<unknown>): Promise<NetconfRpcError> {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(NetconfRpcError)
  return e as NetconfRpcError
}

/** The hostname leaf of a datastore. */
export const hostname = (d: FakeNetconfDevice, ds: 'running' | 'candidate' | 'startup' = 'running'): string | undefined => d[ds].find('system/hostname')?.text
