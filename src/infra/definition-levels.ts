// src/infra/definition-levels.ts — build order: dependency levels (OCCO's topological sort) and naming the cycles that prevent one.
import { InputError } from '../core/errors.js'

/** An edge as the level computation needs it: `dependent` is built after `dependee`. */
export interface DependencyEdge {
  dependent: string
  dependee: string
}

/** Dependees of each node, in edge order; nodes without any map to an empty list. */
function dependeesOf(names: readonly string[], edges: readonly DependencyEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>(names.map((n) => [n, []]))
  for (const e of edges) out.get(e.dependent)?.push(e.dependee)
  return out
}

/**
 * Every dependency cycle among the nodes, each as the path it walks (`dependent → dependee`)
 * and closed on its first node: `['app', 'db', 'cache', 'app']` means app needs db, db needs
 * cache, cache needs app. Each cycle starts at its node that comes first in `names`, so the
 * answer does not depend on traversal details; the same cycle is reported once. Edges naming
 * unknown nodes are ignored.
 * @example findCycles(['a', 'b'], [{ dependent: 'a', dependee: 'b' }, { dependent: 'b', dependee: 'a' }]) // [['a', 'b', 'a']]
 */
export function findCycles(names: readonly string[], edges: readonly DependencyEdge[]): string[][] {
  const order = new Map(names.map((n, i) => [n, i]))
  const deps = dependeesOf(names, edges)
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const found = new Map<string, string[]>()

  // Iterative DFS: a long chain (thousands of nodes) must not overflow the call stack.
  for (const root of names) {
    if (state.has(root)) continue
    const frames: { node: string; next: number }[] = [{ node: root, next: 0 }]
    state.set(root, 'open')
    stack.push(root)
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!
      const targets = deps.get(frame.node) ?? []
      if (frame.next >= targets.length) {
        state.set(frame.node, 'done')
        stack.pop()
        frames.pop()
        continue
      }
      const target = targets[frame.next++]!
      if (!order.has(target)) continue
      const s = state.get(target)
      if (s === 'open') {
        // A back edge: the cycle is the open path from `target` to here.
        const loop = stack.slice(stack.lastIndexOf(target))
        let start = 0
        loop.forEach((n, i) => {
          if (order.get(n)! < order.get(loop[start]!)!) start = i
        })
        const rotated = [...loop.slice(start), ...loop.slice(0, start)]
        const key = rotated.join('\u0000')
        if (!found.has(key)) found.set(key, [...rotated, rotated[0]!])
      } else if (s === undefined) {
        state.set(target, 'open')
        stack.push(target)
        frames.push({ node: target, next: 0 })
      }
    }
  }
  return [...found.values()]
}

/**
 * How a cycle reads in an error message.
 * @example cycleMessage(['app', 'db', 'app']) // 'dependency cycle: app → db → app'
 */
export function cycleMessage(cycle: readonly string[]): string {
  return `dependency cycle: ${cycle.join(' → ')}`
}

/**
 * Sorts nodes into dependency levels: level 0 holds the nodes that depend on nothing, and each
 * node sits one level after its deepest dependee, so a level can be built (in parallel) as soon
 * as the previous ones are ready. Within a level nodes keep their order in `names`, so the
 * same description always gives the same plan. A cycle throws InputError naming it.
 * @example
 * dependencyLevels(['db', 'app', 'lb'], [
 *   { dependent: 'app', dependee: 'db' },
 *   { dependent: 'lb', dependee: 'app' },
 * ]) // [['db'], ['app'], ['lb']]
 */
export function dependencyLevels(names: readonly string[], edges: readonly DependencyEdge[]): string[][] {
  const cycles = findCycles(names, edges)
  if (cycles.length > 0) {
    const details = cycles.map(cycleMessage)
    const more = details.length - 1
    throw new InputError(more > 0 ? `${details[0]} (and ${more} more)` : details[0]!, { code: 'InvalidDescription', details })
  }
  const known = new Set(names)
  const deps = dependeesOf(names, edges.filter((e) => known.has(e.dependee)))
  const level = new Map<string, number>()
  // Without cycles, repeated relaxation in Kahn order settles every level exactly once.
  const waiting = new Map(names.map((n) => [n, new Set(deps.get(n))]))
  const dependents = new Map<string, string[]>(names.map((n) => [n, []]))
  for (const [n, ds] of deps) for (const d of new Set(ds)) dependents.get(d)!.push(n)
  const ready = names.filter((n) => waiting.get(n)!.size === 0)
  for (const n of ready) level.set(n, 0)
  for (let i = 0; i < ready.length; i++) {
    const n = ready[i]!
    for (const m of dependents.get(n)!) {
      level.set(m, Math.max(level.get(m) ?? 0, level.get(n)! + 1))
      const w = waiting.get(m)!
      w.delete(n)
      if (w.size === 0) ready.push(m)
    }
  }
  const levels: string[][] = []
  for (const n of names) (levels[level.get(n)!] ??= []).push(n)
  return levels
}
