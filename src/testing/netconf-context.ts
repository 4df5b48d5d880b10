// src/testing/netconf-context.ts — what the fake NETCONF device's RPC handlers share: device state, the calling session, parameter helpers.
import type { ConfigNode, ConfigTree } from '../netconf/config-tree.js'
import { NETCONF_NS } from '../netconf/messages.js'
import type { FakeNetconfFeatures, FakeYangModule } from './netconf-capabilities.js'
import type { DatastoreName, FakeDatastores } from './netconf-datastore.js'
import type { FakeSchemaHints } from './netconf-edit.js'
import { RpcFailure, inUse, invalidValue, missingElement, notSupported, unknownElement, type FakeRpcError } from './netconf-errors.js'

/** Per-session counters, as ietf-netconf-monitoring reports them. */
export interface SessionCounters {
  inRpcs: number
  inBadRpcs: number
  outRpcErrors: number
  outNotifications: number
}

/** A server-side session as the handlers see it. */
export interface SessionHandle {
  readonly id: number
  readonly loginTime: string
  readonly transport: string
  readonly counters: SessionCounters
  /** The active subscription (RFC 5277: at most one per session). */
  subscription: { stream: string; filter: ConfigNode | undefined } | undefined
  /** Sends a `<notification>` (already wrapped) if the session is open. */
  sendNotification(xml: string): void
  /** Ends the session at once (kill-session, device close). */
  kill(): void
}

/** The pending confirmed commit (RFC 6241 §8.4). */
export interface PendingCommit {
  /** Running as it was before the first confirmed commit: what a timeout or cancel restores. */
  rollback: ConfigTree
  /** The session that issued it; undefined once persist was given (it survives the session). */
  sessionId: number | undefined
  persistId: string | undefined
  timer: ReturnType<typeof setTimeout>
}

/** Device-wide state the handlers read and change. */
export interface DeviceState {
  readonly store: FakeDatastores
  readonly features: Required<FakeNetconfFeatures>
  readonly capabilities: readonly string[]
  readonly hints: FakeSchemaHints
  readonly schemas: ReadonlyMap<string, FakeYangModule>
  readonly sessions: ReadonlyMap<number, SessionHandle>
  readonly toasterDoneMs: number
  /** Extra state data (config false) merged into `<get>` replies. */
  readonly stateXml: string | undefined
  /** User validation of a datastore about to be committed/validated/edited; errors refuse it. */
  readonly validate: ((tree: ConfigTree, datastore: DatastoreName) => FakeRpcError[] | undefined | void) | undefined
  pendingCommit: PendingCommit | undefined
  /** The toast being made, if any. */
  toast: ReturnType<typeof setTimeout> | undefined
  /** Sends an event to every subscribed session (wrapping and filtering included). */
  notify(eventXml: string): void
}

/** One RPC as a handler gets it. */
export interface RpcCall {
  /** The operation element (first child of `<rpc>`). */
  readonly op: ConfigNode
  readonly session: SessionHandle
  readonly device: DeviceState
}

/** A handler's answer: the reply content (`<ok/>`, `<data>…</data>`) and what to do once it is sent. */
export interface RpcResult {
  body: string
  after?: () => void
}

/** An RPC implementation. Throws RpcFailure for `<rpc-error>` replies. */
export type RpcHandler = (call: RpcCall) => RpcResult | string

/** The `/nc:rpc/nc:<op>/…` error-path of a parameter. @example paramPath(call.op, 'source') // '/nc:rpc/nc:get-config/nc:source' */
export function paramPath(op: ConfigNode, ...names: string[]): string {
  return ['/nc:rpc', `nc:${op.name}`, ...names.map((n) => `nc:${n}`)].join('/')
}

/** A parameter element in the base namespace (or none, leniently). @example param(call.op, 'filter') */
export function param(op: ConfigNode, name: string): ConfigNode | undefined {
  return op.children().find((c) => c.name === name && (c.namespace === undefined || c.namespace === op.namespace || c.namespace === NETCONF_NS))
}

/** A required parameter, else `missing-element`. @example const target = requireParam(call.op, 'target') */
export function requireParam(op: ConfigNode, name: string): ConfigNode {
  const p = param(op, name)
  if (!p) throw missingElement(name, paramPath(op, name))
  return p
}

/** Refuses children the operation does not define (`unknown-element`). @example onlyParams(call.op, ['source', 'filter']) */
export function onlyParams(op: ConfigNode, allowed: readonly string[]): void {
  for (const c of op.children()) if (!allowed.includes(c.name)) throw unknownElement(c.name, paramPath(op, c.name))
}

/**
 * The datastore a `<source>`/`<target>` names, checked against the device's capabilities;
 * `inline` allows `<config>` instead (copy-config, validate).
 * @example const ds = datastoreParam(call, requireParam(call.op, 'target'), { write: true })
 */
export function datastoreParam(call: RpcCall, holder: ConfigNode, opts: { write?: boolean; inline?: boolean } = {}): DatastoreName | ConfigNode {
  const [el, ...rest] = holder.children()
  const path = paramPath(call.op, holder.name)
  if (!el) throw missingElement(`${holder.name} datastore`, path)
  if (rest.length > 0) throw unknownElement(rest[0]?.name ?? '', path)
  const f = call.device.features
  switch (el.name) {
    case 'running':
      if (opts.write && !f.writableRunning) throw invalidValue('running', 'the running datastore is not writable (no :writable-running capability)', path)
      return 'running'
    case 'candidate':
      if (!f.candidate) throw invalidValue('candidate', 'there is no candidate datastore (no :candidate capability)', path)
      return 'candidate'
    case 'startup':
      if (!f.startup) throw invalidValue('startup', 'there is no startup datastore (no :startup capability)', path)
      return 'startup'
    case 'config':
      if (opts.inline) return el
      break
    case 'url':
      throw notSupported('url', 'the :url capability is not supported', path)
  }
  throw unknownElement(el.name, path)
}

/** Refuses a change to a datastore another session has locked (`in-use`). @example assertUnlocked(call, 'running') */
export function assertUnlocked(call: RpcCall, ds: DatastoreName): void {
  const holder = call.device.store.holder(ds)
  if (holder !== undefined && holder !== call.session.id) throw inUse(ds, holder)
}

/** Runs the user's validation hook on a tree about to become a datastore. @example runValidate(call.device, tree, 'running') */
export function runValidate(device: DeviceState, tree: ConfigTree, ds: DatastoreName): void {
  const errors = device.validate?.(tree, ds)
  if (errors && errors.length > 0) throw new RpcFailure(errors)
}
