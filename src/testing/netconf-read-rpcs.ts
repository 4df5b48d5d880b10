// src/testing/netconf-read-rpcs.ts — the fake NETCONF device's reading RPCs: get, get-config (subtree and xpath filters), validate.
import type { ConfigNode, ConfigTree } from '../netconf/config-tree.js'
import { datastoreParam, onlyParams, param, paramPath, requireParam, runValidate, type RpcCall, type RpcHandler } from './netconf-context.js'
import { cloneTree } from './netconf-datastore.js'
import { RpcFailure, notSupported } from './netconf-errors.js'
import { subtreeFilter, xpathFilter } from './netconf-filter.js'
import { getData } from './netconf-state.js'

/** An attribute by local name, whatever its prefix (`type` or `nc:type`). */
function attr(node: ConfigNode, local: string): string | undefined {
  for (const [k, v] of node.attributes) if (k === local || k.endsWith(`:${local}`)) return v
  return undefined
}

/**
 * Applies the operation's `<filter>` (if any) to `data` and returns the reply's `<data>` element.
 * @example filteredData(call, store.get('running'))
 */
export function filteredData(call: RpcCall, data: ConfigTree): string {
  const out = applyFilter(call, call.op, data)
  const kids = out.children()
  return kids.length === 0 ? '<data/>' : `<data>${kids.map((k) => k.toXml()).join('')}</data>`
}

/**
 * The nodes a `<filter>` selects, under a `<data>` root (everything without a filter).
 * @example applyFilter(call, call.op, tree)
 */
export function applyFilter(call: RpcCall, holder: ConfigNode, data: ConfigTree, filter = param(holder, 'filter')): ConfigTree {
  if (!filter) return cloneTree(data)
  const type = attr(filter, 'type') ?? 'subtree'
  if (type === 'subtree') return subtreeFilter(data, filter)
  if (type === 'xpath') {
    if (!call.device.features.xpath) throw notSupported('filter', 'XPath filters need the :xpath capability', paramPath(holder, 'filter'))
    const select = attr(filter, 'select')
    if (select === undefined) {
      throw new RpcFailure({ type: 'protocol', tag: 'missing-attribute', path: paramPath(holder, 'filter'), message: 'an xpath filter needs a select attribute', info: { 'bad-attribute': 'select', 'bad-element': 'filter' } })
    }
    return xpathFilter(data, select, (p) => filter.lookupNamespace(p), call.device.hints)
  }
  throw new RpcFailure({ type: 'protocol', tag: 'bad-attribute', path: paramPath(holder, 'filter'), message: `unknown filter type "${type}"`, info: { 'bad-attribute': 'type', 'bad-element': 'filter' } })
}

/** `<get>`: running plus state data, filtered (RFC 6241 §7.7). @example getRpc(call) // '<data>…</data>' */
export const getRpc: RpcHandler = (call) => {
  onlyParams(call.op, ['filter', 'with-defaults'])
  return filteredData(call, getData(call.device))
}

/** `<get-config>`: a datastore, filtered (RFC 6241 §7.1). @example getConfigRpc(call) */
export const getConfigRpc: RpcHandler = (call) => {
  onlyParams(call.op, ['source', 'filter', 'with-defaults'])
  const ds = datastoreParam(call, requireParam(call.op, 'source'))
  return filteredData(call, call.device.store.get(ds as 'running'))
}

/** `<validate>` (RFC 6241 §8.6): a datastore or inline `<config>`, through the user's validate hook. @example validateRpc(call) // '<ok/>' */
export const validateRpc: RpcHandler = (call) => {
  if (!call.device.features.validate) throw notSupported('validate', 'the :validate capability is off', paramPath(call.op))
  onlyParams(call.op, ['source'])
  const src = datastoreParam(call, requireParam(call.op, 'source'), { inline: true })
  const tree = typeof src === 'string' ? call.device.store.get(src) : cloneTree(src)
  runValidate(call.device, tree, typeof src === 'string' ? src : 'candidate')
  return '<ok/>'
}
