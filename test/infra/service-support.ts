// test/infra/service-support.ts — a fake ManagerLike for the manager service tests: real description parsing, instances in memory.
import { ConflictError, NotFoundError } from '../../src/core/errors.js'
import { parseInfraDefinition } from '../../src/infra/definition-parse.js'
import { DeployError } from '../../src/infra/deploy-error.js'
import type { JsonValue } from '../../src/infra/definition-types.js'
import type { ManagerLike } from '../../src/infra/service.js'
import type { InfraState, InstanceRecord } from '../../src/infra/store-types.js'

export const YAML = `
user_id: tester
infra_name: demo
nodes:
  - &db {name: db, type: mysql_node}
  - &web {name: web, type: web_node, scaling: {min: 1, max: 3}}
dependencies:
  - [*web, *db]
`

/** A description whose deploy fails at node `web` (infra_name `boom`). */
export const FAILING_YAML = YAML.replace('infra_name: demo', 'infra_name: boom')
/** A description whose destroy leaves a resource behind (infra_name `sticky`). */
export const STICKY_YAML = YAML.replace('infra_name: demo', 'infra_name: sticky')

/**
 * The InfraManager's behaviour that the service relies on, without clouds: deploy parses for real
 * and makes `scaling.min` instances per node; scale clamps and deletes newest first.
 */
export class FakeManager implements ManagerLike {
  readonly states = new Map<string, InfraState>()
  readonly descriptions = new Map<string, JsonValue>()
  readonly store = { getDescription: async (id: string) => this.descriptions.get(id) }
  /** Milliseconds each deploy takes (for the concurrency tests). */
  deployDelayMs = 0
  /** Throws this (not a ClientError) from list(), to test the 500 path. */
  listThrows: unknown
  #next = 0

  async deploy(description: string | object): Promise<{ infraId: string; nodes: Record<string, InstanceRecord[]> }> {
    const def = await parseInfraDefinition(description)
    const infraId = `infra-${++this.#next}`
    if (this.deployDelayMs) await new Promise((r) => setTimeout(r, this.deployDelayMs))
    if (def.infraName === 'boom') {
      throw new DeployError({ infraId, failedNode: 'web', failedNodeId: 'web-1', reason: 'quota exceeded', aborted: false, rolledBack: ['db-1'], leftovers: [] })
    }
    const now = new Date().toISOString()
    const state: InfraState = { infraId, infraName: def.infraName, status: 'ready', instances: [], targets: {}, createdAt: now, updatedAt: now }
    for (const node of def.nodes) {
      state.targets[node.name] = node.scaling.min
      for (let i = 0; i < node.scaling.min; i++) this.#add(state, node.name)
    }
    this.states.set(infraId, state)
    this.descriptions.set(infraId, def.source)
    return { infraId, nodes: {} }
  }

  async destroy(infraId: string) {
    const state = await this.status(infraId)
    if (state.infraName === 'sticky') {
      return { infraId, deleted: ['web-1'], leftovers: [{ nodeId: 'db-1', node: 'db', resourceType: 'compute.server', ref: 'srv-1', error: '409 Conflict: server is locked' }] }
    }
    this.states.delete(infraId)
    this.descriptions.delete(infraId)
    return { infraId, deleted: state.instances.map((r) => r.nodeId).reverse(), leftovers: [] }
  }

  async status(infraId: string): Promise<InfraState> {
    const s = this.states.get(infraId)
    if (!s) throw new NotFoundError(`no infrastructure ${infraId} in the store`)
    return structuredClone(s)
  }

  async list() {
    if (this.listThrows !== undefined) throw this.listThrows
    return [...this.states.values()].map((s) => ({ infraId: s.infraId, infraName: s.infraName, status: s.status, instances: s.instances.length }))
  }

  async scale(infraId: string, node: string, count: number) {
    const state = this.states.get(infraId)
    if (!state) throw new NotFoundError(`no infrastructure ${infraId}`)
    const def = await parseInfraDefinition(this.descriptions.get(infraId) as object)
    const n = def.nodes.find((x) => x.name === node)
    if (!n) throw new ConflictError(`no node ${node}`)
    const target = Math.min(n.scaling.max, Math.max(n.scaling.min, count))
    state.targets[node] = target
    const live = () => state.instances.filter((r) => r.node === node && r.state === 'ready')
    const created: string[] = []
    const deleted: string[] = []
    while (live().length < target) created.push(this.#add(state, node).nodeId)
    for (const victim of live().slice(target).reverse()) {
      victim.state = 'deleted'
      deleted.push(victim.nodeId)
    }
    return { node, target, created, deleted }
  }

  #add(state: InfraState, node: string): InstanceRecord {
    const k = state.instances.filter((r) => r.node === node).length + 1
    const now = new Date().toISOString()
    const record: InstanceRecord = { nodeId: `${node}-${k}`, node, resourceType: 'compute.server', ref: `srv-${node}-${k}`, state: 'ready', address: `10.0.0.${state.instances.length + 1}`, createdAt: now, updatedAt: now }
    state.instances.push(record)
    return record
  }
}
