// test/integration/infra-redis.test.ts — RedisStore against the shared InfraStore contract on a real redis-server
// (scripts/peers/redis.sh), plus OCCO's exact key layout, SCAN listing, connection ownership and failures.
// A missing server fails these tests: nothing is skipped.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NetworkError, InputError } from '../../src/core/errors.js'
import { RedisStore } from '../../src/infra/store-redis.js'
import { sampleState, storeContract } from '../infra/store-contract.js'
import { env } from './support/swift.js'

const url = env('STRATO_REDIS_URL')
let raw: Redis

beforeAll(() => {
  raw = new Redis(url, { lazyConnect: false })
})
afterAll(async () => raw?.quit())

/** Deletes every key a test prefix left (KEYS is fine on this private test server; the store itself uses SCAN). */
async function dropPrefix(prefix: string): Promise<void> {
  for (const pattern of [`infra:${prefix}*`, `node_def:${prefix}*`]) {
    const keys = await raw.keys(pattern)
    if (keys.length) await raw.del(...keys)
  }
}

// Each test gets its own user prefix, so leftovers of one test never show in another's listings.
storeContract('RedisStore', () => {
  const prefix = `t${randomUUID().slice(0, 8)}@`
  return {
    store: new RedisStore({ url, prefix }),
    plantLock: async (id, ttlMs) => void (await raw.set(`infra:${prefix}${id}:lock`, 'crashed-holder', 'PX', ttlMs)),
    cleanup: () => dropPrefix(prefix),
  }
})

describe('RedisStore on a real Redis', () => {
  it("writes OCCO's keys with JSON values: infra:<prefix><id>:description|state|scaling, node_def:<prefix><type>", async () => {
    const prefix = `u${randomUUID().slice(0, 8)}@`
    const store = new RedisStore({ url, prefix })
    try {
      await store.putDescription('web', { name: 'web' })
      await store.putState('web', sampleState('web'))
      await store.putScaling('web', { app: 2 })
      await store.putNodeDefinition('ubuntu', [{ resource: { type: 'compute.server' } }])
      expect((await raw.keys(`*${prefix}*`)).sort()).toEqual([`infra:${prefix}web:description`, `infra:${prefix}web:scaling`, `infra:${prefix}web:state`, `node_def:${prefix}ubuntu`])
      expect(JSON.parse((await raw.get(`infra:${prefix}web:scaling`))!)).toEqual({ app: 2 })
      const seen = await store.withLock('web', async () => [await raw.get(`infra:${prefix}web:lock`), await raw.pttl(`infra:${prefix}web:lock`)] as const, { ttlMs: 5_000 })
      expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/)
      expect(seen[1]).toBeGreaterThan(4_000)
      expect(await raw.exists(`infra:${prefix}web:lock`)).toBe(0)
      await store.deleteInfra('web')
      expect(await raw.keys(`infra:${prefix}*`)).toEqual([])
    } finally {
      await store.close()
      await dropPrefix(prefix)
    }
  })

  it('prefixes keep users apart; listInfras scans past SCAN pages and skips foreign keys', async () => {
    const a = `a${randomUUID().slice(0, 8)}@`
    const b = `b${randomUUID().slice(0, 8)}@`
    const alice = new RedisStore({ url, prefix: a })
    const bob = new RedisStore({ url, prefix: b })
    try {
      const ids = Array.from({ length: 1200 }, (_, i) => `infra-${String(i).padStart(4, '0')}`)
      const pipe = raw.pipeline()
      for (const id of ids) pipe.set(`infra:${a}${id}:state`, '{}')
      pipe.set(`infra:${a}x:failed_nodes`, '{}') // OCCO keys strato does not use are not infras
      pipe.set(`infra:${a}bad id:state`, '{}')
      await pipe.exec()
      await bob.putDescription('only-bob', { name: 'b' })
      expect(await alice.listInfras()).toEqual(ids)
      expect(await bob.listInfras()).toEqual(['only-bob'])
      expect(await bob.getState('infra-0001')).toBeUndefined()
    } finally {
      await alice.close()
      await bob.close()
      await dropPrefix(a)
      await dropPrefix(b)
    }
  })

  it('a passed ioredis connection is used and left open by close(); an own one is quit', async () => {
    const mine = new Redis(url)
    const store = new RedisStore({ redis: mine, prefix: 'pass@' })
    await store.putScaling('web', { a: 1 })
    await store.close()
    expect(await mine.get('infra:pass@web:scaling')).toBe('{"a":1}')
    await mine.del('infra:pass@web:scaling')
    await mine.quit()
    await expect(store.getScaling('web')).rejects.toBeInstanceOf(InputError)
  })

  it('an unreachable Redis → NetworkError within connectTimeoutMs-ish', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 })
    const t0 = Date.now()
    await expect(store.getState('web')).rejects.toBeInstanceOf(NetworkError)
    expect(Date.now() - t0).toBeLessThan(5_000)
    await store.close()
  })

  it('a bad prefix → InputError', () => {
    expect(() => new RedisStore({ url, prefix: 'a b' })).toThrow(InputError)
    expect(() => new RedisStore({ url, prefix: 'x*' })).toThrow(InputError)
  })
})
