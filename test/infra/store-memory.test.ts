// test/infra/store-memory.test.ts — MemoryStore against the shared InfraStore contract, and what is special about it.
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../src/infra/store-memory.js'
import { storeContract } from './store-contract.js'

storeContract('MemoryStore', () => {
  const store = new MemoryStore()
  return { store, plantLock: async (id, ttlMs) => store.plantLock(id, ttlMs) }
})

describe('MemoryStore', () => {
  it('returns values as the JSON stores would: undefined fields dropped, Dates as strings', async () => {
    const store = new MemoryStore()
    await store.putDescription('web', { at: new Date('2026-01-01T00:00:00Z'), gone: undefined } as never)
    expect(await store.getDescription('web')).toStrictEqual({ at: '2026-01-01T00:00:00.000Z' })
  })

  it('two MemoryStores share nothing, locks included', async () => {
    const a = new MemoryStore()
    const b = new MemoryStore()
    await a.putScaling('web', { app: 1 })
    expect(await b.getScaling('web')).toBeUndefined()
    expect(await a.withLock('web', () => b.withLock('web', async () => 'both', { waitMs: 0 }))).toBe('both')
  })
})
