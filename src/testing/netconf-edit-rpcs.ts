// src/testing/netconf-edit-rpcs.ts — the fake NETCONF device's writing RPCs: edit-config (test-option, error-option), copy-config, delete-config.
import { ConfigTree, type ConfigNode } from '../netconf/config-tree.js'
import { assertUnlocked, datastoreParam, onlyParams, param, paramPath, requireParam, runValidate, type RpcHandler } from './netconf-context.js'
import { cloneTree, type DatastoreName } from './netconf-datastore.js'
import { applyEdit, asData } from './netconf-edit.js'
import { RpcFailure, invalidValue, notSupported } from './netconf-errors.js'

/** A parameter whose text is one of `values`, else `invalid-value`. */
function enumParam<T extends string>(op: ConfigNode, name: string, values: readonly T[], fallback: T): T {
  const p = param(op, name)
  if (!p) return fallback
  const v = p.text.trim() as T
  if (!values.includes(v)) throw invalidValue(name, `${name} must be one of ${values.join(', ')}, not "${v}"`, paramPath(op, name))
  return v
}

/**
 * `<edit-config>` (RFC 6241 §7.2) on running or candidate. Edits are made on a copy and stored
 * at the end, so `test-then-set` and `rollback-on-error` leave the datastore untouched on error;
 * `continue-on-error` stores what succeeded and still answers every error.
 * @example editConfigRpc(call) // '<ok/>' or throws RpcFailure (data-exists, data-missing, in-use, …)
 */
export const editConfigRpc: RpcHandler = (call) => {
  const { op, device } = call
  onlyParams(op, ['target', 'default-operation', 'test-option', 'error-option', 'config', 'url'])
  const ds = datastoreParam(call, requireParam(op, 'target'), { write: true }) as DatastoreName
  if (ds === 'startup') throw invalidValue('startup', 'edit-config cannot target startup: use copy-config', paramPath(op, 'target'))
  const defaultOperation = enumParam(op, 'default-operation', ['merge', 'replace', 'none'] as const, 'merge')
  const testOption = enumParam(op, 'test-option', ['test-then-set', 'set', 'test-only'] as const, 'test-then-set')
  const errorOption = enumParam(op, 'error-option', ['stop-on-error', 'continue-on-error', 'rollback-on-error'] as const, 'stop-on-error')
  if (param(op, 'test-option') && !device.features.validate) throw notSupported('test-option', 'test-option needs the :validate capability', paramPath(op, 'test-option'))
  if (errorOption === 'rollback-on-error' && !device.features.rollbackOnError) {
    throw notSupported('error-option', 'rollback-on-error needs the :rollback-on-error capability', paramPath(op, 'error-option'))
  }
  if (param(op, 'url')) throw notSupported('url', 'the :url capability is not supported', paramPath(op, 'url'))
  const config = requireParam(op, 'config')
  assertUnlocked(call, ds)
  const { tree, errors } = applyEdit(device.store.get(ds), config, { defaultOperation, errorOption, hints: device.hints })
  if (errors.length > 0 && errorOption !== 'continue-on-error') throw new RpcFailure(errors)
  if (testOption !== 'set') runValidate(device, tree, ds)
  if (testOption === 'test-only') {
    if (errors.length > 0) throw new RpcFailure(errors)
    return '<ok/>'
  }
  device.store.set(ds, tree)
  if (errors.length > 0) throw new RpcFailure(errors)
  return '<ok/>'
}

/**
 * `<copy-config>` (RFC 6241 §7.3): a datastore or inline `<config>` replaces a target datastore.
 * @example copyConfigRpc(call) // running → startup
 */
export const copyConfigRpc: RpcHandler = (call) => {
  const { op, device } = call
  onlyParams(op, ['target', 'source', 'with-defaults'])
  const target = datastoreParam(call, requireParam(op, 'target'), { write: true }) as DatastoreName
  const source = datastoreParam(call, requireParam(op, 'source'), { inline: true })
  if (source === target) throw invalidValue('target', 'source and target are the same datastore', paramPath(op, 'target'))
  assertUnlocked(call, target)
  const tree = typeof source === 'string' ? device.store.get(source) : cloneTree(asData(source))
  if (target === 'running') runValidate(device, tree, target)
  device.store.set(target, tree)
  return '<ok/>'
}

/**
 * `<delete-config>` (RFC 6241 §7.4): empties startup (or candidate); running cannot be deleted.
 * @example deleteConfigRpc(call) // '<ok/>'
 */
export const deleteConfigRpc: RpcHandler = (call) => {
  const { op, device } = call
  onlyParams(op, ['target'])
  const target = datastoreParam(call, requireParam(op, 'target')) as DatastoreName
  if (target === 'running') throw invalidValue('running', 'the running datastore cannot be deleted', paramPath(op, 'target'))
  assertUnlocked(call, target)
  device.store.set(target, new ConfigTree())
  return '<ok/>'
}
