// test/infra/manager-review.test.ts — review findings on the deployer core: late refs after a rollback, deletes that never
// settle, refs persisted before moving on, and a final state write that fails after everything was built.
import { describe, expect, it } from 'vitest'
import { AbortError } from '../../src/core/errors.js'
import { DeployError } from '../../src/infra/deploy-error.js'
import type { InfraEvent } from '../../src/infra/events.js'
import type { ResourceHandler } from '../../src/infra/handler-types.js'
import { InfraManager } from '../../src/infra/manager.js'
import { MemoryStore } from '../../src/infra/store-memory.js'
import type { InfraState } from '../../src/infra/store-types.js'

const ONE_LEVEL = `
infra_name: review
user_id: tester
nodes:
  - { name: a, type: pool, scaling: { min: 2 } }
`
const TWO_LEVELS = `
infra_name: review
user_id: tester
nodes:
  - &a { name: a, type: pool }
  - &b { name: b, type: pool }
dependencies:
  - [*b, *a]
`
const NODE_DEFS = { pool: [{ resource: { type: 'test.pool' } }] }

describe('InfraManager review', () => {
  it('a ref reported through ctx.created after the rollback passed that instance is still deleted', async () => {
    const live = new Set<string>()
    let late: Promise<unknown> = Promise.resolve()
    let n = 0
    const handler: ResourceHandler<{ id: string }> = {
      create: (ctx) => {
        const k = n++
        if (k === 0) return new Promise((_, reject) => setTimeout(() => reject(new Error('boom')), 5))
        // Gives up at once on abort, but the cloud call it started finishes later and reports its ref.
        return new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => {
            reject(new AbortError('aborted'))
            late = new Promise((r) => setTimeout(r, 20)).then(() => {
              live.add(`res-${k}`)
              return ctx.created({ id: `res-${k}` }).catch((e: unknown) => e)
            })
          })
        })
      },
      delete: async (ref) => void live.delete(ref.id),
    }
    const store = new MemoryStore()
    const manager = new InfraManager({ store, handlers: { 'test.pool': handler }, nodeDefinitions: NODE_DEFS })
    const error = await manager.deploy(ONE_LEVEL, { parallel: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeployError)
    expect(await late).toBeInstanceOf(Error) // the handler is told the deployment is gone
    expect([...live]).toEqual([])
    const [infraId] = await store.listInfras()
    const state = await store.getState(infraId as string)
    expect(state?.instances.find((r) => r.nodeId === 'a-1')).toMatchObject({ state: 'deleted', ref: { id: 'res-1' } })
  })

  it('a delete that never settles becomes a leftover after deleteTimeoutMs instead of hanging the rollback', async () => {
    const handler: ResourceHandler<{ id: string }> = {
      create: async (ctx) => {
        if (ctx.index === 1) throw new Error('boom')
        await ctx.created({ id: ctx.nodeId })
        return { ref: { id: ctx.nodeId } }
      },
      delete: () => new Promise(() => undefined), // ignores its signal, never settles
    }
    const manager = new InfraManager({ store: new MemoryStore(), handlers: { 'test.pool': handler }, nodeDefinitions: NODE_DEFS, deleteTimeoutMs: 30 })
    const error = (await Promise.race([manager.deploy(ONE_LEVEL).catch((e: unknown) => e), new Promise((r) => setTimeout(() => r('hung'), 2_000))])) as DeployError
    expect(error).toBeInstanceOf(DeployError)
    expect(error.report.leftovers).toMatchObject([{ nodeId: 'a-0', ref: { id: 'a-0' } }])
    expect(error.report.leftovers[0]?.error).toMatch(/30 ms/)
  })

  it('a ref the handler only returns (no ctx.created) is in the store before the next step starts', async () => {
    const store = new MemoryStore()
    const handler: ResourceHandler<{ id: string }> = {
      create: async (ctx) => ({ ref: { id: ctx.nodeId }, address: '10.0.0.1' }),
      delete: async () => undefined,
    }
    const seen: (InfraState | undefined)[] = []
    const pending: Promise<void>[] = []
    const onEvent = (e: InfraEvent): void => {
      // The next step starts right after this event: whatever the store holds now is what a crash would leave.
      if (e.type === 'ready') pending.push(store.getState(e.infraId).then((s) => void seen.push(s)))
    }
    const manager = new InfraManager({ store, handlers: { 'test.pool': handler }, nodeDefinitions: NODE_DEFS })
    await manager.deploy(TWO_LEVELS, { onEvent })
    await Promise.all(pending)
    expect(seen.map((s) => s?.instances.map((r) => r.ref))).toEqual([[{ id: 'a-0' }], [{ id: 'a-0' }, { id: 'b-0' }]])
  })

  it('a final state write that fails rolls the built infra back and rejects with DeployError', async () => {
    class FlakyStore extends MemoryStore {
      override async putState(infraId: string, state: InfraState): Promise<void> {
        if (state.status === 'ready') throw new Error('disk full')
        return super.putState(infraId, state)
      }
    }
    const live = new Set<string>()
    const handler: ResourceHandler<{ id: string }> = {
      create: async (ctx) => {
        live.add(ctx.nodeId)
        await ctx.created({ id: ctx.nodeId })
        return { ref: { id: ctx.nodeId } }
      },
      delete: async (ref) => void live.delete(ref.id),
    }
    const manager = new InfraManager({ store: new FlakyStore(), handlers: { 'test.pool': handler }, nodeDefinitions: NODE_DEFS })
    const error = (await manager.deploy(TWO_LEVELS).catch((e: unknown) => e)) as DeployError
    expect(error).toBeInstanceOf(DeployError)
    expect(error.report.reason).toContain('disk full')
    expect(error.report.rolledBack).toEqual(['b-0', 'a-0'])
    expect([...live]).toEqual([])
  })
})

describe('InfraManager review: the lock', () => {
  it('a lock lost during deploy (withLock fn signal) rolls the build back instead of finishing it', async () => {
    class LosingStore extends MemoryStore {
      readonly lose = new AbortController()
      override withLock<T>(infraId: string, fn: (signal: AbortSignal) => Promise<T>, opts?: Parameters<MemoryStore['withLock']>[2]): Promise<T> {
        return super.withLock(infraId, (s) => fn(AbortSignal.any([s, this.lose.signal])), opts)
      }
    }
    const store = new LosingStore()
    const live = new Set<string>()
    const handler: ResourceHandler<{ id: string }> = {
      create: async (ctx) => {
        live.add(ctx.nodeId)
        await ctx.created({ id: ctx.nodeId })
        if (ctx.nodeId === 'a-0') store.lose.abort(new Error('the lock on infra was lost'))
        return { ref: { id: ctx.nodeId } }
      },
      delete: async (ref) => void live.delete(ref.id),
    }
    const manager = new InfraManager({ store, handlers: { 'test.pool': handler }, nodeDefinitions: NODE_DEFS })
    const error = (await manager.deploy(TWO_LEVELS).catch((e: unknown) => e)) as DeployError
    expect(error).toBeInstanceOf(DeployError)
    expect(error.report.rolledBack).toEqual(['a-0'])
    expect([...live]).toEqual([])
  })
})
