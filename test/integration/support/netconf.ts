// test/integration/support/netconf.ts — sessions on the real netconfd started by scripts/peers/netconfd.sh, and a clean slate between tests.
import { NetconfClient, type NetconfSession, type NetconfSshOptions } from '../../../src/netconf/index.js'
import { env } from './swift.js'

/** The STRATO_NETCONF_* variables; a missing one throws, so a missing peer fails the file. */
export interface NetconfPeer {
  host: string
  port: number
  username: string
  password: string
  keyFile: string
  fingerprint: string
  knownHosts: string
  socket: string
}

/** Reads the peer's variables. */
export function netconfPeer(): NetconfPeer {
  return {
    host: env('STRATO_NETCONF_HOST'),
    port: Number(env('STRATO_NETCONF_PORT')),
    username: env('STRATO_NETCONF_USER'),
    password: env('STRATO_NETCONF_PASSWORD'),
    keyFile: env('STRATO_NETCONF_KEY'),
    fingerprint: env('STRATO_NETCONF_HOSTKEY_SHA256'),
    knownHosts: env('STRATO_NETCONF_KNOWN_HOSTS'),
    socket: env('STRATO_NETCONF_SOCKET'),
  }
}

/** SSH options with the password and the pinned host key; `extra` wins. */
export function sshOptions(peer: NetconfPeer, extra: Partial<NetconfSshOptions> = {}): NetconfSshOptions {
  return { host: peer.host, port: peer.port, username: peer.username, password: peer.password, hostKey: peer.fingerprint, timeoutMs: 20_000, ...extra }
}

/** A password session over SSH. */
export function connect(peer: NetconfPeer, extra: Partial<NetconfSshOptions> = {}): Promise<NetconfSession> {
  return NetconfClient.connect(sshOptions(peer, extra))
}

export const SYS_NS = 'urn:ietf:params:xml:ns:yang:ietf-system'
export const TOASTER_NS = 'http://netconfcentral.org/ns/toaster'

/** `<system><hostname>name</hostname></system>` of ietf-system (YANG only on this peer: editing it runs nothing). */
export function hostnameConfig(name: string): string {
  return `<system xmlns="${SYS_NS}"><hostname>${name}</hostname></system>`
}

/** The running hostname, or undefined. */
export async function runningHostname(session: NetconfSession): Promise<string | undefined> {
  const tree = (await session.getConfig({ source: 'running', filter: `<system xmlns="${SYS_NS}"><hostname/></system>` })).tree()
  return tree.find('system/hostname')?.text
}

/**
 * Back to an empty candidate and no hostname in running: netconfd persists every commit, and a
 * confirmed commit left pending would revert in the middle of a later test.
 */
export async function resetConfig(session: NetconfSession): Promise<void> {
  await session.discardChanges()
  if ((await runningHostname(session)) !== undefined) {
    await session.editConfig({ target: 'candidate', config: `<system xmlns="${SYS_NS}"><hostname xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/></system>` })
    await session.commit()
  }
}
