// src/testing/netconf-edit.ts — RFC 6241 §7.2 edit-config semantics on a ConfigTree: merge/replace/create/delete/remove, default-operation and error-option, without a YANG schema.
import { ConfigNode, NETCONF_BASE_NS, NETCONF_OPERATIONS, type ConfigTree, type NetconfOperation } from '../netconf/config-tree.js'
import { cloneTree } from './netconf-datastore.js'
import { RpcFailure, type FakeRpcError } from './netconf-errors.js'

/**
 * What the fake needs to know of the data model, as it has no YANG parser: which elements are list
 * entries (and their keys) and which leaves are leaf-lists. Without hints, an element with a `name`
 * leaf child is a list entry keyed by `name`, and a leaf repeated among its siblings is a leaf-list.
 * @example { listKeys: { interface: ['name'], user: ['name'], server: ['address', 'port'], system: [] }, leafLists: ['search'] }
 */
export interface FakeSchemaHints {
  /** List keys by element local name; `[]` marks an element as a container even with a `name` child. */
  listKeys?: Record<string, readonly string[]>
  /** Local names of leaf-lists (entries matched by value). */
  leafLists?: readonly string[]
}

/** How edit-config applies the `<config>`: its parameters (RFC 6241 §7.2). */
export interface EditOptions {
  defaultOperation: 'merge' | 'replace' | 'none'
  errorOption: 'stop-on-error' | 'continue-on-error' | 'rollback-on-error'
  hints: FakeSchemaHints
}

type Op = NetconfOperation | 'none'

/**
 * Applies the children of `config` (an edit-config `<config>` element) to a copy of `target` and
 * returns the copy with the errors met. With `stop-on-error` and `rollback-on-error` the first
 * error stops the edit (the caller keeps the old tree); with `continue-on-error` every other node
 * is still applied and the copy holds what succeeded.
 * @example const { tree, errors } = applyEdit(store.running, configNode, { defaultOperation: 'merge', errorOption: 'stop-on-error', hints: {} })
 */
export function applyEdit(target: ConfigTree, config: ConfigNode, opts: EditOptions): { tree: ConfigTree; errors: FakeRpcError[] } {
  const tree = cloneTree(target)
  const errors: FakeRpcError[] = []
  const ctx: Ctx = { opts, errors, stop: opts.errorOption !== 'continue-on-error' }
  try {
    if (opts.defaultOperation === 'replace' && config.operation() === undefined) {
      // "completely replaces the configuration in the target datastore": start from nothing.
      for (const c of tree.children()) c.delete()
      for (const e of config.children()) {
        const op = e.operation()
        if (op !== 'delete' && op !== 'remove') apply(tree, e, 'replace', ctx)
      }
    } else {
      for (const e of config.children()) apply(tree, e, opts.defaultOperation, ctx)
    }
  } catch (e) {
    if (!(e instanceof RpcFailure)) throw e
  }
  return { tree, errors }
}

/**
 * A deep copy of edit content as data: operation attributes removed, nodes marked delete/remove dropped.
 * @example parent.append(asData(editNode))
 */
export function asData(node: ConfigNode): ConfigNode {
  const copy = node.clone()
  for (const n of [...copy.walk()]) {
    const op = n.operation()
    if (n !== copy && (op === 'delete' || op === 'remove')) n.delete()
    else n.removeOperation()
  }
  return copy
}

interface Ctx {
  opts: EditOptions
  errors: FakeRpcError[]
  stop: boolean
}

function apply(parent: ConfigNode, edit: ConfigNode, inherited: Op, ctx: Ctx): void {
  try {
    applyNode(parent, edit, inherited, ctx)
  } catch (e) {
    if (!(e instanceof RpcFailure)) throw e
    ctx.errors.push(...e.errors)
    if (ctx.stop) throw e
  }
}

function applyNode(parent: ConfigNode, edit: ConfigNode, inherited: Op, ctx: Ctx): void {
  const raw = edit.operation()
  if (raw !== undefined && !NETCONF_OPERATIONS.includes(raw)) {
    throw new RpcFailure({ type: 'protocol', tag: 'bad-attribute', path: pathOf(edit), message: `invalid operation "${raw}"`, info: { 'bad-attribute': 'operation', 'bad-element': edit.name } })
  }
  const op: Op = raw ?? inherited
  const match = findMatch(parent, edit, ctx.opts.hints)
  switch (op) {
    case 'create':
      if (match) throw new RpcFailure({ type: 'application', tag: 'data-exists', path: pathOf(edit), message: 'data already exists; cannot be created', info: { 'bad-element': edit.name } })
      parent.append(asData(edit))
      return
    case 'delete':
      if (!match) throw new RpcFailure({ type: 'application', tag: 'data-missing', path: pathOf(edit), message: 'data does not exist; cannot be deleted', info: { 'bad-element': edit.name } })
      match.delete()
      return
    case 'remove':
      match?.delete()
      return
    case 'replace':
      if (match) match.replace(asData(edit))
      else parent.append(asData(edit))
      return
    case 'merge': {
      const node = match ?? parent.append(shell(edit))
      if (isLeaf(edit)) node.setText(edit.text)
      for (const c of edit.children()) apply(node, c, 'merge', ctx)
      return
    }
    case 'none': {
      // Nothing changes here, but descendants may carry operations; a missing level is kept
      // only if something below it was created.
      const node = match ?? shell(edit)
      for (const c of edit.children()) apply(node, c, 'none', ctx)
      if (!match && node.children().length > 0) parent.append(node)
    }
  }
}

function shell(edit: ConfigNode): ConfigNode {
  return new ConfigNode(edit.qualifiedName, { namespace: edit.namespace })
}

function isLeaf(n: ConfigNode): boolean {
  return n.children().length === 0
}

function sameName(data: ConfigNode, edit: ConfigNode): boolean {
  return data.name === edit.name && (edit.namespace === undefined || data.namespace === edit.namespace)
}

/**
 * The list keys of an edit node, or undefined when it is not a list entry.
 * @example keysOf(ifaceNode, {}) // ['name']
 */
export function keysOf(node: ConfigNode, hints: FakeSchemaHints): readonly string[] | undefined {
  const hinted = hints.listKeys?.[node.name]
  if (hinted) return hinted.length > 0 ? hinted : undefined
  const name = node.child('name')
  return name && isLeaf(name) && node.children().length > 0 ? ['name'] : undefined
}

/**
 * The existing data node an edit node addresses: same name and namespace, and for list entries
 * the same keys, for leaf-list entries the same value.
 * @example findMatch(tree.find('interfaces')!, editEntry, {})
 */
export function findMatch(parent: ConfigNode, edit: ConfigNode, hints: FakeSchemaHints): ConfigNode | undefined {
  const candidates = parent.children().filter((c) => sameName(c, edit))
  if (candidates.length === 0) return undefined
  const keys = keysOf(edit, hints)
  if (keys) return candidates.find((c) => keys.every((k) => c.child(k)?.text === edit.child(k)?.text))
  if (isLeaf(edit)) {
    const repeated = (edit.parent?.children().filter((s) => sameName(s, edit)).length ?? 0) > 1
    if (hints.leafLists?.includes(edit.name) || candidates.length > 1 || repeated) return candidates.find((c) => c.text === edit.text)
  }
  return candidates[0]
}

/**
 * An error-path for an edit node: local names from below the edit's `<config>`, list keys as predicates.
 * @example pathOf(node) // "/interfaces/interface[name='eth1']/mtu"
 */
export function pathOf(node: ConfigNode): string {
  const steps: string[] = []
  for (let n: ConfigNode | undefined = node; n?.parent && !(n.name === 'config' && n.namespace === NETCONF_BASE_NS); n = n.parent) {
    const key = n.children().length > 0 ? n.child('name') : undefined
    steps.unshift(key && key.children().length === 0 ? `${n.name}[name='${key.text}']` : n.name)
  }
  return `/${steps.join('/')}`
}
