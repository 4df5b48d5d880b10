// src/netconf/config-tree-find.ts — slash paths for ConfigNode.find/findAll: names, `*`, `//`, `[n]` and `[key='value']` steps.
import { InputError } from '../core/errors.js'
import { isNcName } from './config-tree-text.js'

/** The little a path step needs from a node. */
export interface PathNode<N> {
  readonly name: string
  readonly prefix: string | undefined
  readonly text: string
  children(): N[]
  child(name: string): N | undefined
}

interface Step {
  descendant: boolean
  prefix: string | undefined
  local: string // '*' for any
  predicates: Array<{ position: number } | { key: string; value: string }>
}

const cache = new Map<string, Step[]>()

/**
 * Parses a path such as `interfaces/interface[name='eth0']/mtu`, `//interface`, `*\/name` or
 * `if:interfaces/if:interface[2]`. A leading `/` is allowed and means the same as none.
 * @example parsePath("a/b[name='x']").length // 2
 */
export function parsePath(path: string): Step[] {
  const hit = cache.get(path)
  if (hit) return hit
  const steps: Step[] = []
  let i = path.startsWith('/') && !path.startsWith('//') ? 1 : 0
  const fail = (why: string): never => {
    throw new InputError(`invalid path ${JSON.stringify(path)}: ${why}`)
  }
  while (i < path.length) {
    let descendant = false
    if (path.startsWith('//', i)) {
      descendant = true
      i += 2
    } else if (steps.length > 0) {
      if (path[i] !== '/') fail(`"/" expected at ${i}`)
      i++
    }
    const m = /^(?:([^/[\]:*]+):)?([^/[\]:]+)/.exec(path.slice(i))
    if (!m || !m[2]) return fail(`a name expected at ${i}`)
    const [whole, prefix, local] = m as unknown as [string, string | undefined, string]
    if ((local !== '*' && !isNcName(local)) || (prefix !== undefined && !isNcName(prefix))) fail(`${JSON.stringify(whole)} is not a name`)
    i += whole.length
    const predicates: Step['predicates'] = []
    while (path[i] === '[') {
      const p = /^\[\s*(?:(\d+)|([^\s=\]]+)\s*=\s*(?:'([^']*)'|"([^"]*)"))\s*\]/.exec(path.slice(i))
      if (!p) return fail(`bad predicate at ${i} (write [n] or [key='value'])`)
      predicates.push(p[1] !== undefined ? { position: Number(p[1]) } : { key: p[2] ?? '', value: p[3] ?? p[4] ?? '' })
      i += p[0].length
    }
    steps.push({ descendant, prefix, local, predicates })
  }
  if (steps.length === 0) fail('empty')
  if (cache.size > 500) cache.clear()
  cache.set(path, steps)
  return steps
}

function matchesName<N extends PathNode<N>>(node: N, step: Step): boolean {
  return (step.local === '*' || node.name === step.local) && (step.prefix === undefined || node.prefix === step.prefix)
}

function filter<N extends PathNode<N>>(candidates: N[], step: Step): N[] {
  let out = candidates.filter((n) => matchesName(n, step))
  for (const p of step.predicates) {
    out = 'position' in p ? out.slice(p.position - 1, p.position) : out.filter((n) => n.child(p.key)?.text === p.value)
  }
  return out
}

function descendants<N extends PathNode<N>>(node: N, into: N[]): N[] {
  for (const c of node.children()) {
    into.push(c)
    descendants(c, into)
  }
  return into
}

/**
 * Every node a path reaches from `start`, in document order. `[n]` counts among the siblings a
 * step matched (1-based), per parent.
 * @example selectPath(tree, 'interfaces/interface').length
 */
export function selectPath<N extends PathNode<N>>(start: N, path: string): N[] {
  let current: N[] = [start]
  for (const step of parsePath(path)) {
    const next: N[] = []
    for (const node of current) {
      if (!step.descendant) next.push(...filter(node.children(), step))
      else {
        // `//x[1]` means the first x under each parent, as in XPath's //x[1]
        const all = descendants(node, [])
        const hits = new Set<N>()
        for (const p of [node, ...all]) for (const h of filter(p.children(), step)) hits.add(h)
        next.push(...all.filter((n) => hits.has(n)))
      }
    }
    current = [...new Set(next)]
  }
  return current
}
