// src/testing/netconf-capabilities.ts — what the fake NETCONF device announces: protocol capabilities it can switch off, YANG modules it serves.
import { CAP_BASE_10, CAP_BASE_11 } from '../netconf/messages.js'

const CAP = 'urn:ietf:params:netconf:capability:'

/**
 * The protocol features the fake device can announce; each is on unless set to `false`, and the
 * device then also refuses the feature (a `<commit>` without `candidate`, say), so the client's
 * capability checks and the server's answers can both be tested.
 * @example startFakeNetconfDevice({ capabilities: { candidate: false, base11: false } })
 */
export interface FakeNetconfFeatures {
  /** base:1.0. */
  base10?: boolean
  /** base:1.1: with it, 1.1 chunked framing when the client announces it too. */
  base11?: boolean
  /** :candidate:1.0 — the candidate datastore, commit, discard-changes. */
  candidate?: boolean
  /** :confirmed-commit:1.0 and 1.1 — `<confirmed/>`, cancel-commit. */
  confirmedCommit?: boolean
  /** :validate:1.0 and 1.1. */
  validate?: boolean
  /** :rollback-on-error:1.0. */
  rollbackOnError?: boolean
  /** :writable-running:1.0 — edit-config and copy-config on running. */
  writableRunning?: boolean
  /** :startup:1.0 — the startup datastore. */
  startup?: boolean
  /** :xpath:1.0 — `<filter type="xpath">`. */
  xpath?: boolean
  /** :notification:1.0 — create-subscription. */
  notification?: boolean
  /** :interleave:1.0 — RPCs while subscribed (the fake always allows them; this is only announced). */
  interleave?: boolean
}

/** Every feature, on. @example const on = { ...ALL_FEATURES, xpath: false } */
export const ALL_FEATURES: Readonly<Required<FakeNetconfFeatures>> = {
  base10: true,
  base11: true,
  candidate: true,
  confirmedCommit: true,
  validate: true,
  rollbackOnError: true,
  writableRunning: true,
  startup: true,
  xpath: true,
  notification: true,
  interleave: true,
}

/**
 * The capability URIs of a feature set, in the order netconfd lists them.
 * @example featureCapabilities({ candidate: false }).includes('urn:ietf:params:netconf:base:1.1') // true
 */
export function featureCapabilities(features: FakeNetconfFeatures): string[] {
  const on = { ...ALL_FEATURES, ...features }
  const caps: string[] = []
  if (on.base10) caps.push(CAP_BASE_10)
  if (on.base11) caps.push(CAP_BASE_11)
  if (on.candidate) caps.push(`${CAP}candidate:1.0`)
  if (on.confirmedCommit) caps.push(`${CAP}confirmed-commit:1.0`, `${CAP}confirmed-commit:1.1`)
  if (on.rollbackOnError) caps.push(`${CAP}rollback-on-error:1.0`)
  if (on.validate) caps.push(`${CAP}validate:1.0`, `${CAP}validate:1.1`)
  if (on.writableRunning) caps.push(`${CAP}writable-running:1.0`)
  if (on.startup) caps.push(`${CAP}startup:1.0`)
  if (on.xpath) caps.push(`${CAP}xpath:1.0`)
  if (on.notification) caps.push(`${CAP}notification:1.0`)
  if (on.interleave) caps.push(`${CAP}interleave:1.0`)
  return caps
}

/**
 * Which features are on, read back from a full capability list (when a test passes its own list).
 * @example featuresOf(['urn:ietf:params:netconf:base:1.0']).candidate // false
 */
export function featuresOf(capabilities: readonly string[]): Required<FakeNetconfFeatures> {
  const has = (suffix: string): boolean => capabilities.some((c) => c.split('?', 1)[0] === `${CAP}${suffix}`)
  return {
    base10: capabilities.includes(CAP_BASE_10),
    base11: capabilities.includes(CAP_BASE_11),
    candidate: has('candidate:1.0'),
    confirmedCommit: has('confirmed-commit:1.0') || has('confirmed-commit:1.1'),
    validate: has('validate:1.0') || has('validate:1.1'),
    rollbackOnError: has('rollback-on-error:1.0'),
    writableRunning: has('writable-running:1.0'),
    startup: has('startup:1.0'),
    xpath: has('xpath:1.0'),
    notification: has('notification:1.0'),
    interleave: has('interleave:1.0'),
  }
}

/**
 * A YANG module the fake device serves with get-schema and announces as a module capability.
 * @example { identifier: 'acme', namespace: 'urn:acme', revision: '2024-01-01', text: 'module acme { … }' }
 */
export interface FakeYangModule {
  /** The module name, get-schema's `<identifier>`. */
  identifier: string
  namespace: string
  revision?: string
  /** The YANG source get-schema returns. */
  text: string
}

/**
 * The module capability of a module (RFC 6020 §5.6.4).
 * @example moduleCapability(TOASTER_MODULE) // 'http://netconfcentral.org/ns/toaster?module=toaster&revision=2009-11-20'
 */
export function moduleCapability(m: FakeYangModule): string {
  return `${m.namespace}?module=${m.identifier}${m.revision ? `&revision=${m.revision}` : ''}`
}
