// test/infra/store-redis.test.ts — RedisStore without a server: the missing-ioredis message and how client errors map.
import { describe, expect, it, vi } from 'vitest'
import { InputError, NetworkError, ResponseError } from '../../src/core/errors.js'
import { RedisStore, type RedisClientLike } from '../../src/infra/store-redis.js'

vi.mock('ioredis', () => {
  throw Object.assign(new Error("Cannot find package 'ioredis'"), { code: 'ERR_MODULE_NOT_FOUND' })
})

function fake(call: RedisClientLike['call']): RedisClientLike & { quit: ReturnType<typeof vi.fn> } {
  return { call, quit: vi.fn(async () => 'OK') }
}

describe('RedisStore without a server', () => {
  it('without ioredis installed: InputError "RedisStore needs the ioredis package: npm install ioredis"', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:6390' })
    const err = await store.listInfras().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe('RedisStore needs the ioredis package: npm install ioredis')
  })

  it('a reply error is a ResponseError, a dropped connection a NetworkError; close() leaves a passed client open', async () => {
    const redis = fake(async (command) => {
      if (command === 'GET') throw Object.assign(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), { name: 'ReplyError' })
      throw new Error('Connection is closed.')
    })
    const store = new RedisStore({ redis, prefix: 'alice@' })
    await expect(store.getState('web')).rejects.toBeInstanceOf(ResponseError)
    await expect(store.putState('web', {} as never)).rejects.toBeInstanceOf(NetworkError)
    await store.close()
    expect(redis.quit).not.toHaveBeenCalled()
  })

  it('sends the exact OCCO keys, with the prefix', async () => {
    const calls: unknown[][] = []
    const store = new RedisStore({ redis: fake(async (...args) => (calls.push(args), args[0] === 'GET' ? null : 'OK')), prefix: 'alice@' })
    await store.putScaling('web', { app: 1 })
    await store.getDescription('web')
    await store.getNodeDefinition('ubuntu')
    await store.deleteInfra('web')
    expect(calls).toEqual([
      ['SET', 'infra:alice@web:scaling', '{"app":1}'],
      ['GET', 'infra:alice@web:description'],
      ['GET', 'node_def:alice@ubuntu'],
      ['DEL', 'infra:alice@web:description', 'infra:alice@web:state', 'infra:alice@web:scaling'],
    ])
  })
})
