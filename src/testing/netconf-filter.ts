// src/testing/netconf-filter.ts — get/get-config filters on a ConfigTree: RFC 6241 §6 subtree filters and a subset of XPath 1.0 (:xpath capability).
import { ConfigNode, ConfigTree } from '../netconf/config-tree.js'
import { keysOf, type FakeSchemaHints } from './netconf-edit.js'
import { invalidValue, type RpcFailure } from './netconf-errors.js'

/**
 * The `<data>` of a reply: an unnamespaced root whose children are the selected top-level nodes.
 * @example const out = emptyData(); out.append(node.clone())
 */
export function emptyData(): ConfigTree {
  return new ConfigTree('data', {})
}

function matches(data: ConfigNode, filter: ConfigNode): boolean {
  // A filter node without a namespace matches any namespace (RFC 6241 §6.2.1 "wildcard").
  return data.name === filter.name && (filter.namespace === undefined || data.namespace === filter.namespace)
}

function isContentMatch(f: ConfigNode): boolean {
  return f.children().length === 0 && f.text.trim() !== ''
}

function shell(d: ConfigNode): ConfigNode {
  return new ConfigNode(d.qualifiedName, { namespace: d.namespace })
}

/**
 * A subtree filter (RFC 6241 §6): namespace selection, containment nodes, selection nodes
 * (empty elements: the whole subtree) and content-match nodes (leaves with text: the siblings of
 * entries whose leaf has that text). Attribute-match expressions are not supported. An empty
 * filter selects nothing.
 * @example subtreeFilter(store.get('running'), filterElement) // <data> with <system><hostname>…</hostname></system>
 */
export function subtreeFilter(data: ConfigNode, filter: ConfigNode): ConfigTree {
  const out = emptyData()
  if (filter.children().length > 0) select(data, filter.children(), out)
  return out
}

function select(parent: ConfigNode, filters: ConfigNode[], out: ConfigNode): boolean {
  const contentMatches = filters.filter(isContentMatch)
  for (const cm of contentMatches) {
    if (!parent.children().some((d) => matches(d, cm) && d.children().length === 0 && d.text.trim() === cm.text.trim())) return false
  }
  const others = filters.filter((f) => !isContentMatch(f))
  for (const d of parent.children()) {
    // Only content-match nodes at this level: every sibling of the matched data is selected.
    if (others.length === 0 || contentMatches.some((cm) => matches(d, cm))) {
      out.append(d.clone())
      continue
    }
    for (const f of others.filter((o) => matches(d, o))) {
      if (f.children().length === 0) {
        out.append(d.clone())
        break
      }
      const s = shell(d)
      if (select(d, f.children(), s) && s.children().length > 0) {
        out.append(s)
        break
      }
    }
  }
  return true
}

interface XStep {
  descendant: boolean
  local: string // '*' for any
  /** Namespace of the prefix; undefined for an unprefixed name (any namespace, as yuma123 does). */
  ns: string | undefined
  preds: Array<{ position: number } | { local: string; ns: string | undefined; value: string }>
}

const NAME = /^(\*|[A-Za-z_][\w.-]*)(?::(\*|[A-Za-z_][\w.-]*))?/
const PRED = /^\[\s*(?:(\d+)|(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)\s*=\s*(?:'([^']*)'|"([^"]*)"))\s*\]/

/**
 * Parses the XPath subset the fake supports: unions (`|`) of absolute location paths with `/` and
 * `//` steps, `prefix:name` or `*` names, and `[n]` or `[prefix:key='value']` predicates. Prefixes
 * are resolved with `resolve` (the xmlns declarations in scope on the `<filter>`).
 * @example parseXPath("/sys:system/sys:hostname", (p) => ns[p])
 */
export function parseXPath(expr: string, resolve: (prefix: string) => string | undefined): XStep[][] {
  const unsupported = (why: string): RpcFailure => invalidValue('select', `unsupported XPath expression ${JSON.stringify(expr)}: ${why}`, undefined, 'application')
  const prefixNs = (prefix: string): string => {
    const ns = resolve(prefix)
    if (ns === undefined) throw invalidValue('select', `XPath prefix "${prefix}" is not declared on the filter`, undefined, 'application')
    return ns
  }
  return expr.split('|').map((part) => {
    const text = part.trim()
    if (!text.startsWith('/')) throw unsupported('only absolute paths are supported')
    const steps: XStep[] = []
    let i = 0
    while (i < text.length) {
      const descendant = text.startsWith('//', i)
      if (text[i] !== '/') throw unsupported(`"/" expected at ${i}`)
      i += descendant ? 2 : 1
      if (i >= text.length && !descendant && steps.length === 0) break // "/" alone: everything
      const m = NAME.exec(text.slice(i))
      if (!m) throw unsupported(`a name expected at ${i}`)
      i += m[0].length
      const [prefix, local] = m[2] === undefined ? [undefined, m[1] as string] : [m[1] as string, m[2]]
      const step: XStep = { descendant, local, ns: prefix === undefined ? undefined : prefixNs(prefix), preds: [] }
      for (let p = PRED.exec(text.slice(i)); p; p = PRED.exec(text.slice(i))) {
        step.preds.push(p[1] !== undefined ? { position: Number(p[1]) } : { local: p[3] as string, ns: p[2] === undefined ? undefined : prefixNs(p[2]), value: p[4] ?? p[5] ?? '' })
        i += p[0].length
      }
      steps.push(step)
    }
    return steps
  })
}

function stepMatches(n: ConfigNode, s: XStep): boolean {
  return (s.local === '*' || n.name === s.local) && (s.ns === undefined || n.namespace === s.ns)
}

function evalSteps(root: ConfigNode, steps: XStep[]): ConfigNode[] {
  let current: ConfigNode[] = [root]
  for (const s of steps) {
    const next: ConfigNode[] = []
    for (const c of current) {
      const parents = s.descendant ? [...c.walk()] : [c]
      for (const p of parents) {
        let hits = p.children().filter((n) => stepMatches(n, s))
        for (const pred of s.preds) {
          hits = 'position' in pred ? hits.slice(pred.position - 1, pred.position) : hits.filter((h) => h.children().some((k) => k.name === pred.local && (pred.ns === undefined || k.namespace === pred.ns) && k.text === pred.value))
        }
        next.push(...hits)
      }
    }
    current = [...new Set(next)]
  }
  return current
}

/**
 * An XPath filter: the selected nodes (whole subtrees) with their ancestors, list ancestors
 * carrying their key leaves, in document order.
 * @example xpathFilter(store.get('running'), '/sys:system/sys:hostname', (p) => filter.lookupNamespace(p), {})
 */
export function xpathFilter(data: ConfigNode, expr: string, resolve: (prefix: string) => string | undefined, hints: FakeSchemaHints): ConfigTree {
  const out = emptyData()
  const selected = new Set<ConfigNode>()
  for (const steps of parseXPath(expr, resolve)) {
    for (const n of steps.length === 0 ? data.children() : evalSteps(data, steps)) if (n !== data) selected.add(n)
  }
  const copies = new Map<ConfigNode, ConfigNode>([[data, out]])
  const ensure = (n: ConfigNode): ConfigNode => {
    const have = copies.get(n)
    if (have) return have
    const parent = ensure(n.parent as ConfigNode)
    const copy = parent.append(shell(n))
    for (const k of keysOf(n, hints) ?? []) {
      const leaf = n.child(k)
      if (leaf) copy.append(leaf.clone())
    }
    copies.set(n, copy)
    return copy
  }
  const walk = (n: ConfigNode): void => {
    for (const c of n.children()) {
      if (selected.has(c)) {
        const parent = ensure(n)
        const existing = parent.children().find((x) => x.name === c.name && x.namespace === c.namespace && x.children().length === 0 && x.text === c.text)
        if (existing && c.children().length === 0) continue // a key leaf already copied
        parent.append(c.clone())
      } else walk(c)
    }
  }
  walk(data)
  return out
}
