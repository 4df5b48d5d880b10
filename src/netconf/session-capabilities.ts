// src/netconf/session-capabilities.ts — the server's capabilities, asked by RFC shorthand (`:candidate`), and the InputError when one is missing.
import { InputError } from '../core/errors.js'
import { parseCapability, type Capability } from './messages.js'

const CAPABILITY_PREFIX = 'urn:ietf:params:netconf:capability:'

/**
 * The capabilities a server announced, parsed once. Ask with a full URI (`?query` ignored) or
 * RFC 6241's shorthand: `:candidate` (any version), `:confirmed-commit:1.1` (that version).
 * @example
 * session.capabilities.has(':candidate')                      // true
 * session.capabilities.module('ietf-system')?.revision        // '2014-08-06'
 */
export class ServerCapabilities {
  /** Every capability in the order the server listed them. */
  readonly list: readonly Capability[]

  /** @example new ServerCapabilities(['urn:ietf:params:netconf:base:1.1']) */
  constructor(uris: readonly string[]) {
    this.list = uris.map(parseCapability)
  }

  /** Whether the server announced `name` (URI or shorthand). @example caps.has(':xpath') */
  has(name: string): boolean {
    if (name.startsWith(':')) {
      const [cap, version] = name.slice(1).split(':')
      const exact = version === undefined ? undefined : `${CAPABILITY_PREFIX}${cap}:${version}`
      return this.list.some((c) => (exact ? c.base === exact : c.base.startsWith(`${CAPABILITY_PREFIX}${cap}:`)))
    }
    const base = name.split('?', 1)[0]
    return this.list.some((c) => c.uri === name || c.base === base)
  }

  /** The capability announcing a YANG module, with revision, features and deviations. @example caps.module('toaster')?.revision */
  module(name: string): Capability | undefined {
    return this.list.find((c) => c.module === name)
  }

  /** Every announced YANG module. @example caps.modules().map((m) => m.module) */
  modules(): Capability[] {
    return this.list.filter((c) => c.module !== undefined)
  }

  /**
   * Throws an InputError naming the operation when a capability is missing, before anything is sent.
   * @example caps.require(':candidate', 'commit')
   */
  require(name: string, operation: string): void {
    if (!this.has(name)) throw new InputError(`${operation} needs the ${name} capability, which the server does not announce`, { code: 'missing-capability', details: [name] })
  }
}
