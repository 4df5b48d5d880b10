// test/infra/store-contract.ts — the InfraStore contract as one describe block, run against MemoryStore, FileStore and RedisStore.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AbortError, ConflictError, InputError } from '../../src/core/errors.js'
import type { NodeImplementation } from '../../src/infra/definition-types.js'
import type { InfraState, InfraStore } from '../../src/infra/store-types.js'

/** A fresh, empty store, and a way to leave a lock behind as a crashed holder would. */
export interface StoreUnderTest {
  store: InfraStore
  /** A lock on `infraId` that nobody refreshes or releases, expiring in `ttlMs`. */
  plantLock(infraId: string, ttlMs: number): Promise<void>
  /** Removes what the test left (files, keys); the store is closed before. */
  cleanup?(): Promise<void>
}

const NOW = '2026-01-01T00:00:00.000Z'

/** A small InfraState for `infraId`. */
export function sampleState(infraId: string, extra: Partial<InfraState> = {}): InfraState {
  return {
    infraId,
    infraName: `name of ${infraId}`,
    status: 'deploying',
    instances: [
      { nodeId: 'app-0', node: 'app', resourceType: 'compute.server', ref: { id: 'srv-1', region: 'RegionOne' }, state: 'ready', address: '10.0.0.5', createdAt: NOW, updatedAt: NOW },
    ],
    targets: { app: 1 },
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  }
}

const IMPLS: NodeImplementation[] = [
  { resource: { type: 'compute.server', flavor: 'm1.small', image: 'ubuntu' }, health_check: { ports: [22], timeout: 60 } },
  { resource: { type: 'compute.server', flavor: 'm1.large' }, contextualisation: { type: 'cloudinit', context_template: '#cloud-config\n' } },
]

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * The shared contract tests. `makeStore` is called before each test and must give an empty store.
 * @example storeContract('MemoryStore', () => ({ store: new MemoryStore(), plantLock: … }))
 */
export function storeContract(name: string, makeStore: () => StoreUnderTest | Promise<StoreUnderTest>): void {
  describe(`${name}: the InfraStore contract`, () => {
    let sut: StoreUnderTest
    let store: InfraStore
    beforeEach(async () => {
      sut = await makeStore()
      store = sut.store
    })
    afterEach(async () => {
      await store.close()
      await sut.cleanup?.()
    })

    it('round-trips description, state and scaling; absent keys are undefined', async () => {
      expect(await store.getDescription('web')).toBeUndefined()
      expect(await store.getState('web')).toBeUndefined()
      expect(await store.getScaling('web')).toBeUndefined()
      const description = { name: 'web', nodes: [{ name: 'app', type: 'ubuntu', scaling: { min: 1 } }], variables: { greeting: 'héllo ✓', n: 1.5, off: false, none: null } }
      await store.putDescription('web', description)
      await store.putState('web', sampleState('web'))
      await store.putScaling('web', { app: 3, db: 1 })
      expect(await store.getDescription('web')).toEqual(description)
      expect(await store.getState('web')).toEqual(sampleState('web'))
      expect(await store.getScaling('web')).toEqual({ app: 3, db: 1 })
      await store.putState('web', sampleState('web', { status: 'ready', failure: { node: 'db', message: 'quota' } }))
      expect((await store.getState('web'))?.status).toBe('ready')
      expect((await store.getState('web'))?.failure).toEqual({ node: 'db', message: 'quota' })
    })

    it('keeps infras apart, ids with . _ @ : - included', async () => {
      await store.putScaling('alice@web:1', { a: 1 })
      await store.putScaling('web.v2_x-y', { a: 2 })
      expect(await store.getScaling('alice@web:1')).toEqual({ a: 1 })
      expect(await store.getScaling('web.v2_x-y')).toEqual({ a: 2 })
    })

    it('listInfras: every id with a description or a state, sorted; scaling alone does not count', async () => {
      expect(await store.listInfras()).toEqual([])
      await store.putState('b-state', sampleState('b-state'))
      await store.putDescription('a-desc', { name: 'a' })
      await store.putDescription('c-both', { name: 'c' })
      await store.putState('c-both', sampleState('c-both'))
      await store.putScaling('d-scaling', { x: 1 })
      expect(await store.listInfras()).toEqual(['a-desc', 'b-state', 'c-both'])
    })

    it('deleteInfra removes description, state and scaling; deleting twice is fine', async () => {
      await store.putDescription('web', { name: 'web' })
      await store.putState('web', sampleState('web'))
      await store.putScaling('web', { app: 1 })
      await store.putState('other', sampleState('other'))
      await store.deleteInfra('web')
      expect(await store.getDescription('web')).toBeUndefined()
      expect(await store.getState('web')).toBeUndefined()
      expect(await store.getScaling('web')).toBeUndefined()
      expect(await store.listInfras()).toEqual(['other'])
      await store.deleteInfra('web')
      await store.deleteInfra('never-there')
    })

    it('node definitions: put, get, overwrite, list sorted', async () => {
      expect(await store.getNodeDefinition('ubuntu')).toBeUndefined()
      expect(await store.listNodeDefinitions()).toEqual([])
      await store.putNodeDefinition('ubuntu', IMPLS)
      await store.putNodeDefinition('alpine', [IMPLS[0]!])
      expect(await store.getNodeDefinition('ubuntu')).toEqual(IMPLS)
      await store.putNodeDefinition('ubuntu', [IMPLS[1]!])
      expect(await store.getNodeDefinition('ubuntu')).toEqual([IMPLS[1]])
      expect(await store.listNodeDefinitions()).toEqual(['alpine', 'ubuntu'])
      expect(await store.listInfras()).toEqual([])
    })

    it('stored values are isolated from later mutation of what was put or got', async () => {
      const state = sampleState('web')
      await store.putState('web', state)
      state.status = 'failed'
      state.instances[0]!.state = 'deleted'
      state.targets.app = 99
      const got = await store.getState('web')
      expect(got).toEqual(sampleState('web'))
      got!.instances.push({ ...got!.instances[0]! })
      got!.targets.app = 7
      expect(await store.getState('web')).toEqual(sampleState('web'))
      const impls = structuredClone(IMPLS)
      await store.putNodeDefinition('ubuntu', impls)
      impls[0]!.resource.flavor = 'changed'
      expect(await store.getNodeDefinition('ubuntu')).toEqual(IMPLS)
    })

    it('rejects ids and types that could escape the store with an InputError', async () => {
      for (const bad of ['a/b', '..', '.', '', 'a b', '../etc', 'a\\b', 'x*', 'é']) {
        await expect(store.getState(bad), bad).rejects.toBeInstanceOf(InputError)
        await expect(store.putScaling(bad, {}), bad).rejects.toBeInstanceOf(InputError)
        await expect(store.deleteInfra(bad), bad).rejects.toBeInstanceOf(InputError)
        await expect(store.withLock(bad, async () => 1), bad).rejects.toBeInstanceOf(InputError)
        await expect(store.putNodeDefinition(bad, []), bad).rejects.toBeInstanceOf(InputError)
      }
      await expect(store.putScaling('web', { n: 1n } as unknown as Record<string, number>)).rejects.toBeInstanceOf(InputError)
      await expect(store.withLock('web', async () => 1, { ttlMs: 0 })).rejects.toBeInstanceOf(InputError)
      await expect(store.withLock('web', async () => 1, { waitMs: -1 })).rejects.toBeInstanceOf(InputError)
    })

    it("withLock returns fn's value and releases the lock", async () => {
      expect(await store.withLock('web', async () => 42)).toBe(42)
      expect(await store.withLock('web', async () => 'again', { waitMs: 0 })).toBe('again')
    })

    it('concurrent withLock calls on one infra serialise; other infras do not wait', async () => {
      const events: string[] = []
      let inside = 0
      let maxInside = 0
      const worker = (tag: string) =>
        store.withLock('web', async () => {
          inside++
          maxInside = Math.max(maxInside, inside)
          events.push(`${tag}:in`)
          await sleep(60)
          events.push(`${tag}:out`)
          inside--
          return tag
        })
      const t0 = Date.now()
      const other = store.withLock('other', async () => Date.now() - t0, { waitMs: 0 })
      expect(await Promise.all([worker('a'), worker('b'), worker('c')])).toEqual(['a', 'b', 'c'])
      expect(maxInside).toBe(1)
      for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]!.replace(':in', ':out'))
      expect(await other).toBeLessThan(50)
    })

    it('a lock held longer than waitMs → ConflictError; the holder is not disturbed', async () => {
      let release!: () => void
      const holding = store.withLock('web', () => new Promise<string>((r) => (release = () => r('held'))))
      await sleep(20)
      const t0 = Date.now()
      const err = await store.withLock('web', async () => 'never', { waitMs: 150 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ConflictError)
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
      expect(Date.now() - t0).toBeLessThan(2_000)
      release()
      expect(await holding).toBe('held')
    })

    it('the lock outlives its ttl while fn runs (the expiry is refreshed)', async () => {
      let release!: () => void
      const holding = store.withLock('web', (lost) => new Promise<boolean>((r) => (release = () => r(lost.aborted))), { ttlMs: 100 })
      await sleep(350)
      await expect(store.withLock('web', async () => 'never', { waitMs: 100 })).rejects.toBeInstanceOf(ConflictError)
      release()
      expect(await holding).toBe(false)
    })

    it('abort while waiting → AbortError; an aborted signal never runs fn', async () => {
      let release!: () => void
      const holding = store.withLock('web', () => new Promise<void>((r) => (release = r)))
      await sleep(20)
      const ac = new AbortController()
      setTimeout(() => ac.abort(new Error('user gave up')), 80)
      const t0 = Date.now()
      const err = await store.withLock('web', async () => 'never', { waitMs: 5_000, signal: ac.signal }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AbortError)
      expect(Date.now() - t0).toBeLessThan(1_000)
      release()
      await holding
      let ran = false
      await expect(store.withLock('web', async () => (ran = true), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
      expect(ran).toBe(false)
      expect(await store.withLock('web', async () => 'free', { waitMs: 0 })).toBe('free')
    })

    it('a stale lock (holder crashed) is broken once its ttl passed', async () => {
      await sut.plantLock('web', 300)
      await expect(store.withLock('web', async () => 'x', { waitMs: 50 })).rejects.toBeInstanceOf(ConflictError)
      const t0 = Date.now()
      expect(await store.withLock('web', async () => 'broken', { waitMs: 5_000 })).toBe('broken')
      expect(Date.now() - t0).toBeLessThan(2_000)
    })

    it('fn throwing releases the lock and rejects with its error', async () => {
      const boom = new Error('boom')
      await expect(store.withLock('web', async () => Promise.reject(boom))).rejects.toBe(boom)
      expect(await store.withLock('web', async () => 'free', { waitMs: 0 })).toBe('free')
    })

    it('is not reentrant: a nested withLock on the same infra fails at once, another infra nests fine', async () => {
      const t0 = Date.now()
      const nested = await store.withLock('web', async () => {
        const inner = await store.withLock('web', async () => 'inner').catch((e: unknown) => e)
        const other = await store.withLock('db', async () => 'db')
        return { inner, other }
      })
      expect(nested.inner).toBeInstanceOf(ConflictError)
      expect((nested.inner as Error).message).toMatch(/not reentrant/)
      expect(nested.other).toBe('db')
      expect(Date.now() - t0).toBeLessThan(1_000)
    })
  })
}
