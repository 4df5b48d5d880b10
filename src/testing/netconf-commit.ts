// src/testing/netconf-commit.ts — the fake NETCONF device's locks and candidate workflow: lock, unlock, commit (confirmed, persist), cancel-commit, discard-changes.
import { assertUnlocked, datastoreParam, onlyParams, param, paramPath, requireParam, runValidate, type DeviceState, type RpcCall, type RpcHandler } from './netconf-context.js'
import { cloneTree, type DatastoreName } from './netconf-datastore.js'
import { RpcFailure, invalidValue, notSupported, operationFailed, unknownElement } from './netconf-errors.js'

/** Seconds a confirmed commit waits for its confirmation unless `<confirm-timeout>` says otherwise (RFC 6241 §8.4.5.1). */
export const DEFAULT_CONFIRM_TIMEOUT_S = 600

/**
 * `<lock>` (RFC 6241 §7.5). Denied with `lock-denied` and the holder's session-id when any session
 * (this one included) holds it, or with session-id 0 when the candidate has uncommitted changes.
 * @example lockRpc(call) // '<ok/>'
 */
export const lockRpc: RpcHandler = (call) => {
  onlyParams(call.op, ['target'])
  const ds = datastoreParam(call, requireParam(call.op, 'target')) as DatastoreName
  const { store } = call.device
  const holder = store.holder(ds)
  const denied = (id: number, message: string): RpcFailure =>
    new RpcFailure({ type: 'protocol', tag: 'lock-denied', path: paramPath(call.op, 'target'), message, info: { 'session-id': String(id) } })
  if (holder !== undefined) throw denied(holder, `the ${ds} datastore is already locked by session ${holder}`)
  if (ds === 'candidate' && store.candidateDirty) throw denied(0, 'the candidate datastore has uncommitted changes')
  store.locks.set(ds, call.session.id)
  return '<ok/>'
}

/** `<unlock>` (RFC 6241 §7.6): only the holder may unlock; else `operation-failed`. @example unlockRpc(call) */
export const unlockRpc: RpcHandler = (call) => {
  onlyParams(call.op, ['target'])
  const ds = datastoreParam(call, requireParam(call.op, 'target')) as DatastoreName
  const holder = call.device.store.holder(ds)
  if (holder !== call.session.id) {
    throw operationFailed(holder === undefined ? `the ${ds} datastore is not locked` : `the ${ds} lock is held by session ${holder}`, holder === undefined ? undefined : { 'session-id': String(holder) })
  }
  call.device.store.locks.delete(ds)
  return '<ok/>'
}

function needCandidate(call: RpcCall): void {
  if (!call.device.features.candidate) throw notSupported(call.op.name, `${call.op.name} needs the :candidate capability`, paramPath(call.op))
}

function timeoutSeconds(call: RpcCall): number {
  const p = param(call.op, 'confirm-timeout')
  if (!p) return DEFAULT_CONFIRM_TIMEOUT_S
  const n = Number(p.text.trim())
  if (!Number.isInteger(n) || n < 1 || n > 4294967295) throw invalidValue('confirm-timeout', `confirm-timeout must be 1..4294967295 seconds, not "${p.text}"`, paramPath(call.op, 'confirm-timeout'))
  return n
}

/**
 * Restores running from the pending confirmed commit's rollback point (timeout, cancel-commit,
 * or the end of the session that issued a non-persistent one). An unedited candidate follows.
 * @example revertPendingCommit(device)
 */
export function revertPendingCommit(device: DeviceState): void {
  const pending = device.pendingCommit
  if (!pending) return
  clearTimeout(pending.timer)
  device.pendingCommit = undefined
  const clean = !device.store.candidateDirty
  device.store.set('running', pending.rollback)
  if (clean) device.store.discard()
}

/**
 * `<commit>` (RFC 6241 §8.3, §8.4): candidate → running. `<confirmed/>` keeps a rollback point
 * and reverts after `confirm-timeout` seconds unless a confirming commit comes (from the same
 * session, or with the matching `<persist-id>` when `<persist>` was given).
 * @example commitRpc(call) // '<ok/>'
 */
export const commitRpc: RpcHandler = (call) => {
  needCandidate(call)
  const { op, device, session } = call
  onlyParams(op, ['confirmed', 'confirm-timeout', 'persist', 'persist-id'])
  if (!device.features.confirmedCommit) {
    const extra = op.children()[0]
    if (extra) throw unknownElement(extra.name, paramPath(op, extra.name))
  }
  assertUnlocked(call, 'running')
  assertUnlocked(call, 'candidate')
  const confirmed = param(op, 'confirmed') !== undefined
  const persist = param(op, 'persist')?.text.trim()
  const persistId = param(op, 'persist-id')?.text.trim()
  const pending = device.pendingCommit
  if (pending) {
    if (pending.persistId !== undefined) {
      if (persistId !== pending.persistId) throw invalidValue('persist-id', persistId === undefined ? 'a persistent confirmed commit is pending: give its persist-id' : `persist-id "${persistId}" does not match`, paramPath(op, 'persist-id'))
    } else if (pending.sessionId !== session.id) {
      throw operationFailed(`a confirmed commit of session ${pending.sessionId} is pending`, { 'session-id': String(pending.sessionId) })
    }
  } else if (persistId !== undefined) {
    throw invalidValue('persist-id', 'no persistent confirmed commit is pending', paramPath(op, 'persist-id'))
  }
  const seconds = confirmed ? timeoutSeconds(call) : 0
  const candidate = device.store.get('candidate')
  runValidate(device, candidate, 'running')
  const before = cloneTree(device.store.get('running'))
  device.store.set('running', candidate)
  device.store.candidateDirty = false
  if (pending) clearTimeout(pending.timer)
  device.pendingCommit = undefined
  if (confirmed) {
    const timer = setTimeout(() => revertPendingCommit(device), seconds * 1000)
    timer.unref?.()
    const keptPersist = persist ?? (persistId !== undefined ? persistId : undefined)
    device.pendingCommit = { rollback: pending?.rollback ?? before, sessionId: keptPersist === undefined ? session.id : undefined, persistId: keptPersist, timer }
  }
  return '<ok/>'
}

/** `<cancel-commit>` (RFC 6241 §8.4.4.1): reverts the pending confirmed commit now. @example cancelCommitRpc(call) */
export const cancelCommitRpc: RpcHandler = (call) => {
  needCandidate(call)
  const { op, device, session } = call
  if (!device.features.confirmedCommit) throw notSupported('cancel-commit', 'cancel-commit needs the :confirmed-commit:1.1 capability', paramPath(op))
  onlyParams(op, ['persist-id'])
  const pending = device.pendingCommit
  if (!pending) throw operationFailed('no confirmed commit is pending')
  const persistId = param(op, 'persist-id')?.text.trim()
  if (pending.persistId !== undefined && persistId !== pending.persistId) {
    throw invalidValue('persist-id', persistId === undefined ? 'the pending commit is persistent: give its persist-id' : `persist-id "${persistId}" does not match`, paramPath(op, 'persist-id'))
  }
  if (pending.persistId === undefined && pending.sessionId !== session.id) throw operationFailed(`the pending confirmed commit belongs to session ${pending.sessionId}`)
  revertPendingCommit(device)
  return '<ok/>'
}

/** `<discard-changes>` (RFC 6241 §8.3.4.2): candidate = running. @example discardChangesRpc(call) */
export const discardChangesRpc: RpcHandler = (call) => {
  needCandidate(call)
  onlyParams(call.op, [])
  assertUnlocked(call, 'candidate')
  call.device.store.discard()
  return '<ok/>'
}

/**
 * What the end of a session undoes: its locks (a locked candidate is discarded, as netconfd does)
 * and its non-persistent confirmed commit.
 * @example endSessionState(device, 3)
 */
export function endSessionState(device: DeviceState, sessionId: number): void {
  const held = device.store.releaseAll(sessionId)
  if (device.pendingCommit && device.pendingCommit.sessionId === sessionId) revertPendingCommit(device)
  if (held.includes('candidate')) device.store.discard()
}
