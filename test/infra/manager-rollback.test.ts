// test/infra/manager-rollback.test.ts — InfraManager's promise: a failure injected at every step k of an N-resource deployment,
// and an abort at random points, leave zero resources behind (counted in the resource pool) and the store says rolled-back.
import { describe, expect, it } from 'vitest'
import { AbortError } from '../../src/core/errors.js'
import { DeployError } from '../../src/infra/deploy-error.js'
import type { InfraEvent } from '../../src/infra/events.js'
import type { ResourceHandler } from '../../src/infra/handler-types.js'
import { InfraManager } from '../../src/infra/manager.js'
import { MemoryStore } from '../../src/infra/store-memory.js'

/** A resource pool standing in for a cloud: what exists is what is in `live`, nothing assumed. */
class Pool {
  readonly live = new Map<string, string>()
  created = 0
  failAt: number | undefined
  /** Abort this controller when the k-th create starts. */
  abortAt: { k: number; controller: AbortController } | undefined
  delayMs = 0

  handler(): ResourceHandler<{ id: string }> {
    return {
      create: async (ctx) => {
        const k = ++this.created
        if (this.abortAt?.k === k) this.abortAt.controller.abort()
        const id = `res-${k}`
        this.live.set(id, ctx.nodeId)
        await ctx.created({ id })
        if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs))
        if (ctx.signal.aborted) throw new AbortError('aborted')
        if (this.failAt === k) throw new Error(`injected failure at step ${k}`)
        return { ref: { id }, address: `10.0.0.${k}` }
      },
      delete: async (ref) => {
        this.live.delete(ref.id)
      },
      status: async (ref) => (this.live.has(ref.id) ? 'ready' : 'gone'),
    }
  }
}

// Three levels: a (2 instances) → b, c (1 each) → d (2): N = 6 resources.
const DESCRIPTION = `
infra_name: rollback-test
user_id: tester
nodes:
  - &a { name: a, type: pool, scaling: { min: 2 } }
  - &b { name: b, type: pool }
  - &c { name: c, type: pool }
  - &d { name: d, type: pool, scaling: { min: 2, max: 5 } }
dependencies:
  - [*b, *a]
  - [*c, *a]
  - [*d, *b]
  - [*d, *c]
`
const N = 6
const NODE_DEFS = { pool: [{ resource: { type: 'test.pool', size: '{{variables.size}}' } }] }

function setup(parallel: boolean | number): { pool: Pool; store: MemoryStore; manager: InfraManager; events: InfraEvent[]; opts: { parallel: boolean | number; onEvent: (e: InfraEvent) => void } } {
  const pool = new Pool()
  const store = new MemoryStore()
  const events: InfraEvent[] = []
  const manager = new InfraManager({ store, handlers: { 'test.pool': pool.handler() }, nodeDefinitions: NODE_DEFS })
  return { pool, store, manager, events, opts: { parallel, onEvent: (e) => events.push(e) } }
}

const withVars = DESCRIPTION.replace('user_id: tester', 'user_id: tester\nvariables: { size: small }')

describe('InfraManager rollback', () => {
  it('deploys all N resources level by level, lists their addresses, and destroys them all', async () => {
    const { pool, store, manager, events, opts } = setup(false)
    const { infraId, nodes } = await manager.deploy(withVars, opts)
    expect(pool.live.size).toBe(N)
    expect(Object.keys(nodes).sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(events.filter((e) => e.type === 'ready').map((e) => e.node)).toEqual(['a', 'a', 'b', 'c', 'd', 'd'])
    expect((await manager.listIps(infraId))['d']).toHaveLength(2)
    expect((await store.getState(infraId))?.status).toBe('ready')
    expect((await manager.list()).map((i) => i.infraId)).toEqual([infraId])
    const { deleted, leftovers } = await manager.destroy(infraId)
    expect(deleted).toHaveLength(N)
    expect(leftovers).toEqual([])
    expect(pool.live.size).toBe(0)
    expect(await store.listInfras()).toEqual([])
  })

  for (const parallel of [false, true]) {
    for (let k = 1; k <= N; k++) {
      it(`a failure at step ${k} of ${N} (${parallel ? 'parallel' : 'sequential'}) leaves nothing behind and is recorded as rolled back`, async () => {
        const { pool, store, manager, events, opts } = setup(parallel)
        pool.failAt = k
        const error = (await manager.deploy(withVars, opts).catch((e: unknown) => e)) as DeployError
        expect(error).toBeInstanceOf(DeployError)
        expect(error.report.aborted).toBe(false)
        expect(error.report.reason).toContain(`injected failure at step ${k}`)
        expect(error.report.leftovers).toEqual([])
        expect(pool.live.size).toBe(0) // counted in the pool
        expect(error.report.rolledBack).toHaveLength(pool.created)
        const [infraId] = await store.listInfras()
        const state = await store.getState(infraId as string)
        expect(state?.status).toBe('rolled-back')
        expect(state?.instances.every((r) => r.state === 'deleted')).toBe(true)
        expect(state?.failure?.message).toContain(`step ${k}`)
        // Deletions go newest first.
        const deletedOrder = events.filter((e) => e.type === 'deleted').map((e) => e.nodeId)
        const createdOrder = events.filter((e) => e.type === 'creating').map((e) => e.nodeId)
        if (!parallel) expect(deletedOrder).toEqual([...createdOrder].reverse())
      })
    }
  }

  it('an abort at random points (parallel, with slow creates) always rolls back to zero', async () => {
    for (let round = 0; round < 12; round++) {
      const { pool, store, manager, opts } = setup(round % 2 === 0 ? true : 2)
      pool.delayMs = 5
      const controller = new AbortController()
      pool.abortAt = { k: 1 + Math.floor(Math.random() * N), controller }
      const error = (await manager.deploy(withVars, { ...opts, signal: controller.signal }).catch((e: unknown) => e)) as DeployError
      expect(error).toBeInstanceOf(DeployError)
      expect(error.report.aborted).toBe(true)
      expect(pool.live.size).toBe(0)
      const [infraId] = await store.listInfras()
      expect((await store.getState(infraId as string))?.status).toBe('rolled-back')
    }
  })

  it('an abort before the first step creates nothing', async () => {
    const { pool, manager, opts } = setup(true)
    const error = (await manager.deploy(withVars, { ...opts, signal: AbortSignal.abort() }).catch((e: unknown) => e)) as DeployError
    expect(error).toBeInstanceOf(DeployError)
    expect(pool.created).toBe(0)
  })

  it('a delete that fails is reported as a leftover, and the infra stays failed in the store', async () => {
    const { pool, store, manager } = setup(false)
    pool.failAt = 4
    const base = pool.handler()
    const stubborn = new InfraManager({
      store,
      nodeDefinitions: NODE_DEFS,
      handlers: { 'test.pool': { ...base, delete: async (ref) => ((ref as { id: string }).id === 'res-1' ? Promise.reject(new Error('quota service down')) : base.delete(ref as { id: string }, {} as never)) } },
    })
    void manager
    const error = (await stubborn.deploy(withVars).catch((e: unknown) => e)) as DeployError
    expect(error.code).toBe('leftovers')
    expect(error.report.leftovers).toMatchObject([{ nodeId: 'a-0', ref: { id: 'res-1' }, error: 'quota service down' }])
    expect([...pool.live.keys()]).toEqual(['res-1'])
    const [infraId] = await store.listInfras()
    expect((await store.getState(infraId as string))?.status).toBe('failed')
  })

  it('checks everything before creating anything: unknown type, unknown handler, bad template', async () => {
    const { pool, manager } = setup(false)
    await expect(manager.deploy(withVars.replace('type: pool, scaling: { min: 2 } }', 'type: nope, scaling: { min: 2 } }'))).rejects.toMatchObject({ name: 'InputError' })
    const noHandler = new InfraManager({ store: new MemoryStore(), nodeDefinitions: { pool: [{ resource: { type: 'no.such' } }] } })
    await expect(noHandler.deploy(withVars)).rejects.toThrow(/no resource handler for "no.such"/)
    const badIp = new InfraManager({ store: new MemoryStore(), handlers: { 'test.pool': pool.handler() }, nodeDefinitions: { pool: [{ resource: { type: 'test.pool', peer: "{{getip('d')}}" } }] } })
    await expect(badIp.deploy(withVars)).rejects.toThrow(/does not depend on d/)
    expect(pool.created).toBe(0)
  })

  it('scale clamps to min..max and creates or deletes newest first; maintain rebuilds what is gone', async () => {
    const { pool, manager } = setup(true)
    const { infraId } = await manager.deploy(withVars)
    expect(await manager.scale(infraId, 'd', 9)).toMatchObject({ target: 5, created: ['d-2', 'd-3', 'd-4'] })
    expect(pool.live.size).toBe(N + 3)
    expect(await manager.scale(infraId, 'd', 0)).toMatchObject({ target: 2, deleted: ['d-4', 'd-3', 'd-2'] })
    expect(pool.live.size).toBe(N)
    pool.live.delete('res-1') // a-0 vanished behind our back
    const { rebuilt, created } = await manager.maintain(infraId)
    expect(rebuilt).toEqual(['a-0'])
    expect(created).toEqual(['a-2'])
    expect(pool.live.size).toBe(N)
    await manager.destroy(infraId)
    expect(pool.live.size).toBe(0)
  })
})

describe('InfraManager on an infra that is not ready', () => {
  it('refuses to scale or maintain a rolled-back infra (ConflictError), and nothing is created', async () => {
    const { pool, store, manager } = setup(false)
    pool.failAt = 2
    await manager.deploy(withVars).catch(() => undefined)
    const [infraId] = await store.listInfras()
    const created = pool.created
    await expect(manager.scale(infraId as string, 'd', 3)).rejects.toMatchObject({ name: 'ConflictError' })
    await expect(manager.maintain(infraId as string)).rejects.toMatchObject({ name: 'ConflictError' })
    expect(pool.created).toBe(created)
    expect(pool.live.size).toBe(0)
  })
})

describe('InfraManager.maintain with a resource that will not go', () => {
  it('reports the failed delete as a leftover (not as rebuilt), replaces the instance, and marks the infra failed', async () => {
    const pool = new Pool()
    const store = new MemoryStore()
    const base = pool.handler()
    const manager = new InfraManager({
      store,
      nodeDefinitions: NODE_DEFS,
      handlers: { 'test.pool': { ...base, status: async () => 'failed', delete: async (ref) => ((ref as { id: string }).id === 'res-1' ? Promise.reject(new Error('stuck')) : base.delete(ref as { id: string }, {} as never)) } },
    })
    const { infraId } = await manager.deploy(withVars.replace(/scaling: \{ min: 2, max: 5 \}/, 'scaling: { min: 1 }').replace('scaling: { min: 2 } }', 'scaling: { min: 1 } }'))
    const result = await manager.maintain(infraId)
    expect(result.leftovers.map((l) => l.nodeId)).toEqual(['a-0'])
    expect(result.rebuilt).not.toContain('a-0')
    expect(result.created).toContain('a-1')
    expect((await store.getState(infraId))?.status).toBe('failed')
  })
})
