// src/netconf/config-tree-types.ts — the option, value and change types shared by ConfigNode and ConfigTree.
import type { ConfigNode as ConfigNodeLike } from './config-tree-node.js'

/** Values of the NETCONF `operation` attribute (RFC 6241 §7.2). */
export type NetconfOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove'
/** Every {@link NetconfOperation}. @example NETCONF_OPERATIONS.includes('merge') // true */
export const NETCONF_OPERATIONS: readonly string[] = ['merge', 'replace', 'create', 'delete', 'remove']

/** Text values accepted by setText and setAttribute; non-strings are written with `String()`. */
export type XmlValue = string | number | bigint | boolean

/** Options of `new ConfigNode()`, `new ConfigTree()` and {@link ConfigNode.create}. */
export interface ConfigNodeOptions {
  /** Namespace URI of the element; declared on it when not already in scope. */
  namespace?: string | undefined
  /** Attributes by qualified name; a prefix must be in scope (or use setAttribute with a namespace). */
  attributes?: Record<string, XmlValue>
  text?: XmlValue
}

/** One entry of {@link ConfigNode.changes}: a path from the root and what happened there. */
export interface ConfigChange {
  /** Slash path from the root (the root's own name left out); `[n]` marks the n-th same-named sibling. */
  path: string
  kind: 'created' | 'deleted' | 'text' | 'attributes' | 'renamed'
  node: ConfigNodeLike
}

