// src/infra/plan.ts — turning a checked description into what to build: each node's implementation and handler, checked before anything is created.
import { InputError } from '../core/errors.js'
import type { InfraDefinition, InfraNode, NodeDefinitions, NodeImplementation } from './definition-types.js'
import type { ResourceHandler, ResourceHandlers } from './handler-types.js'
import { selectImplementation } from './node-definitions.js'
import type { InfraStore } from './store-types.js'
import { templateDependencies } from './template.js'

/** How one node is built. */
export interface NodePlan {
  node: InfraNode
  implementation: NodeImplementation
  handler: ResourceHandler
}

/**
 * Resolves every node's implementation (the store's `node_def:<type>`, else `nodeDefinitions`),
 * picks one by the node's `filter`, finds its handler, and checks that every `getip('x')` in its
 * templates names a node it depends on (directly or not), so no template can wait for an
 * address that will never come. All problems are reported at once, as one InputError, before
 * anything is created.
 * @example const plans = await planNodes(definition, store, handlers, {})
 */
export async function planNodes(definition: InfraDefinition, store: InfraStore, handlers: ResourceHandlers, extra: NodeDefinitions): Promise<Map<string, NodePlan>> {
  const problems: string[] = []
  const plans = new Map<string, NodePlan>()
  const ancestors = dependeeClosure(definition)
  for (const node of definition.nodes) {
    const impls = (await store.getNodeDefinition(node.type)) ?? extra[node.type]
    if (!impls || impls.length === 0) {
      problems.push(`node ${node.name}: no node definition for type "${node.type}" (import it first)`)
      continue
    }
    let implementation: NodeImplementation
    try {
      implementation = selectImplementation(impls, node.filter)
    } catch (e) {
      problems.push(`node ${node.name}: ${(e as Error).message}`)
      continue
    }
    const handler = handlers[implementation.resource.type]
    if (!handler) {
      problems.push(`node ${node.name}: no resource handler for "${implementation.resource.type}" (known: ${Object.keys(handlers).sort().join(', ')})`)
      continue
    }
    for (const used of templatesOf(implementation).flatMap(templateDependencies)) {
      if (used !== node.name && !ancestors.get(node.name)?.has(used)) problems.push(`node ${node.name}: its templates use getip('${used}'), but it does not depend on ${used}`)
    }
    plans.set(node.name, { node, implementation, handler })
  }
  if (problems.length > 0) throw new InputError(problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''), { code: 'bad-plan', details: problems })
  return plans
}

/** Every template string of an implementation: resource parameters (deep) and the context template. */
export function templatesOf(impl: NodeImplementation): string[] {
  const out: string[] = []
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v)
    else if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk)
  }
  walk(impl.resource)
  if (impl.contextualisation?.context_template) out.push(impl.contextualisation.context_template)
  return out
}

function dependeeClosure(definition: InfraDefinition): Map<string, Set<string>> {
  const direct = new Map<string, string[]>()
  for (const d of definition.dependencies) direct.set(d.dependent, [...(direct.get(d.dependent) ?? []), d.dependee])
  const memo = new Map<string, Set<string>>()
  const visit = (name: string): Set<string> => {
    const known = memo.get(name)
    if (known) return known
    const all = new Set<string>()
    memo.set(name, all) // levels already refused cycles; this only guards the recursion
    for (const dep of direct.get(name) ?? []) {
      all.add(dep)
      for (const a of visit(dep)) all.add(a)
    }
    return all
  }
  for (const node of definition.nodes) visit(node.name)
  return memo
}
