// src/infra/store-redis.ts — RedisStore: the InfraStore contract on Redis, in OCCO's key layout, through the optional ioredis peer.
import { randomUUID } from 'node:crypto'
import { ClientError, InputError, NetworkError, ResponseError } from '../core/errors.js'
import type { JsonValue, NodeImplementation } from './definition-types.js'
import { checkName, decodeJson, encodeJson, isName, runLocked, type LockBackend } from './store-shared.js'
import type { InfraState, InfraStore, LockOptions } from './store-types.js'
// Type-only: erased at build time, so strato loads without ioredis until a RedisStore connects.
import type { Redis as IoRedis } from 'ioredis'

/**
 * The part of an ioredis client RedisStore uses: `call` and `quit`. Structural, so that strato's
 * types do not depend on ioredis (an optional peer) and a test can pass a stand-in.
 * @example const redis: RedisClientLike = new Redis('redis://127.0.0.1:6379')
 */
export interface RedisClientLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>
  quit(): Promise<unknown>
}

/**
 * Options of {@link RedisStore}.
 * @example new RedisStore({ url: 'redis://127.0.0.1:6379/2', prefix: 'alice@', connectTimeoutMs: 2_000 })
 */
export interface RedisStoreOptions {
  /** Where to connect (default `redis://127.0.0.1:6379`); ignored when `redis` is given. */
  url?: string
  /** A connected ioredis client to use instead; `close()` leaves it open (it is yours). */
  redis?: RedisClientLike
  /** Put in front of ids and types, e.g. `'alice@'` for OCCO's multi-user layout (default `''`). */
  prefix?: string
  /** Limit for establishing the connection RedisStore creates itself (default 10 000 ms). */
  connectTimeoutMs?: number
}

// Compare-and-pexpire / compare-and-del: the lock is only touched while it still holds our token.
const REFRESH = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

const MISSING = 'RedisStore needs the ioredis package: npm install ioredis'

/** Escapes Redis glob characters, so a prefix is matched literally by SCAN MATCH. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

/**
 * An {@link InfraStore} on Redis with OCCO's keys (docs §6): `infra:<prefix><id>:description`,
 * `infra:<prefix><id>:state`, `infra:<prefix><id>:scaling`, `node_def:<prefix><type>`, plus the
 * lock `infra:<prefix><id>:lock`. Values are JSON strings; OCCO itself wrote YAML, so an OCCO
 * database is not readable as is (YAML is a superset of JSON: OCCO can read strato's values).
 * ioredis is an optional peer dependency, loaded on first use.
 *
 * listInfras scans (SCAN, never KEYS) for `infra:<prefix>*:state` and `…:description`; with
 * prefix `''` that also finds other users' `alice@…` infras, as OCCO's layout implies.
 * withLock takes `SET <lock> <token> NX PX <ttl>`, refreshes with a Lua compare-and-pexpire and
 * releases with a Lua compare-and-del, so it excludes every process on every host that uses the
 * same Redis. Not reentrant (see {@link InfraStore.withLock}). Connection failures are
 * NetworkErrors, errors Redis replies with are ResponseErrors.
 * @example
 * const store = new RedisStore({ url: process.env.REDIS_URL, prefix: 'alice@' })
 * try { console.log(await store.listInfras()) } finally { await store.close() }
 */
export class RedisStore implements InfraStore {
  readonly prefix: string
  readonly #url: string
  readonly #given: RedisClientLike | undefined
  readonly #connectTimeoutMs: number
  #client: Promise<RedisClientLike> | undefined
  #closed = false

  constructor(opts: RedisStoreOptions = {}) {
    this.prefix = opts.prefix ?? ''
    if (this.prefix !== '') checkName('RedisStore prefix', this.prefix)
    this.#url = opts.url ?? 'redis://127.0.0.1:6379'
    this.#given = opts.redis
    this.#connectTimeoutMs = opts.connectTimeoutMs ?? 10_000
    if (!Number.isFinite(this.#connectTimeoutMs) || this.#connectTimeoutMs <= 0) throw new InputError(`RedisStore: connectTimeoutMs must be > 0, got ${opts.connectTimeoutMs}`)
  }

  /** @example await store.putDescription('web', { name: 'web', nodes: [] }) */
  async putDescription(infraId: string, description: JsonValue): Promise<void> {
    await this.#set(this.#infraKey(infraId, 'description'), encodeJson('description', description))
  }

  /** @example const description = await store.getDescription('web') */
  async getDescription(infraId: string): Promise<JsonValue | undefined> {
    return this.#get<JsonValue>(this.#infraKey(infraId, 'description'))
  }

  /** @example await store.putState('web', { ...state, status: 'ready' }) */
  async putState(infraId: string, state: InfraState): Promise<void> {
    await this.#set(this.#infraKey(infraId, 'state'), encodeJson('state', state))
  }

  /** @example const state = await store.getState('web') */
  async getState(infraId: string): Promise<InfraState | undefined> {
    return this.#get<InfraState>(this.#infraKey(infraId, 'state'))
  }

  /** @example await store.putScaling('web', { app: 3 }) */
  async putScaling(infraId: string, scaling: Record<string, number>): Promise<void> {
    await this.#set(this.#infraKey(infraId, 'scaling'), encodeJson('scaling', scaling))
  }

  /** @example const targets = (await store.getScaling('web')) ?? {} */
  async getScaling(infraId: string): Promise<Record<string, number> | undefined> {
    return this.#get<Record<string, number>>(this.#infraKey(infraId, 'scaling'))
  }

  /** Ids with a description or a state key, sorted. @example const ids = await store.listInfras() */
  async listInfras(): Promise<string[]> {
    const head = `infra:${this.prefix}`
    const ids = new Set<string>()
    for (const part of [':state', ':description']) {
      for (const key of await this.#scan(`${globLiteral(head)}*${part}`)) {
        const id = key.slice(head.length, -part.length)
        if (isName(id)) ids.add(id)
      }
    }
    return [...ids].sort()
  }

  /** DEL of the three keys (the lock, if held, stays with its holder). @example await store.deleteInfra('web') */
  async deleteInfra(infraId: string): Promise<void> {
    await this.#call('DEL', this.#infraKey(infraId, 'description'), this.#infraKey(infraId, 'state'), this.#infraKey(infraId, 'scaling'))
  }

  /** @example await store.putNodeDefinition('ubuntu', [{ resource: { type: 'compute.server', flavor: 'm1.small' } }]) */
  async putNodeDefinition(type: string, implementations: NodeImplementation[]): Promise<void> {
    await this.#set(this.#nodeDefKey(type), encodeJson('node definition', implementations))
  }

  /** @example const impls = await store.getNodeDefinition('ubuntu') */
  async getNodeDefinition(type: string): Promise<NodeImplementation[] | undefined> {
    return this.#get<NodeImplementation[]>(this.#nodeDefKey(type))
  }

  /** Sorted. @example const types = await store.listNodeDefinitions() */
  async listNodeDefinitions(): Promise<string[]> {
    const head = `node_def:${this.prefix}`
    return (await this.#scan(`${globLiteral(head)}*`)).map((k) => k.slice(head.length)).filter(isName).sort()
  }

  /**
   * See {@link InfraStore.withLock}; the lock is the key `infra:<prefix><id>:lock`.
   * @example await store.withLock('web', async () => store.putScaling('web', { app: 1 }), { waitMs: 5_000 })
   */
  async withLock<T>(infraId: string, fn: (signal: AbortSignal) => Promise<T>, opts?: LockOptions): Promise<T> {
    const key = `infra:${this.prefix}${checkName('infra id', infraId)}:lock`
    const backend: LockBackend = {
      tryAcquire: async (token, ttlMs) => (await this.#call('SET', key, token, 'NX', 'PX', ttlMs)) === 'OK',
      refresh: async (token, ttlMs) => Number(await this.#call('EVAL', REFRESH, 1, key, token, ttlMs)) === 1,
      release: async (token) => void (await this.#call('EVAL', RELEASE, 1, key, token)),
    }
    return runLocked(`redis:${this.#instance}:${key}`, infraId, opts, backend, fn)
  }

  /** Quits the connection RedisStore made itself; one passed as `redis` stays open. @example await store.close() */
  async close(): Promise<void> {
    this.#closed = true
    const client = this.#client
    this.#client = undefined
    if (!client || this.#given) return
    const redis = await client.catch(() => undefined)
    await redis?.quit().catch(() => undefined)
  }

  // Tells this store's locks from another RedisStore's in the reentrancy check.
  readonly #instance = randomUUID()

  #infraKey(infraId: string, part: 'description' | 'state' | 'scaling'): string {
    return `infra:${this.prefix}${checkName('infra id', infraId)}:${part}`
  }

  #nodeDefKey(type: string): string {
    return `node_def:${this.prefix}${checkName('node type', type)}`
  }

  async #set(key: string, text: string): Promise<void> {
    await this.#call('SET', key, text)
  }

  async #get<T>(key: string): Promise<T | undefined> {
    const text = await this.#call('GET', key)
    if (text === null || text === undefined) return undefined
    return decodeJson<T>(key, String(text))
  }

  async #scan(pattern: string): Promise<string[]> {
    const keys = new Set<string>() // SCAN may return a key more than once
    let cursor = '0'
    do {
      const reply = (await this.#call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 500)) as [string, string[]]
      cursor = String(reply[0])
      for (const k of reply[1]) keys.add(String(k))
    } while (cursor !== '0')
    return [...keys]
  }

  async #call(command: string, ...args: (string | number)[]): Promise<unknown> {
    const redis = await this.#connection()
    try {
      return await redis.call(command, ...args)
    } catch (e) {
      throw redisError(command, e)
    }
  }

  #connection(): Promise<RedisClientLike> {
    if (this.#closed) return Promise.reject(new InputError('RedisStore used after close()'))
    if (this.#given) return Promise.resolve(this.#given)
    // One connection attempt shared by concurrent first calls; a failed one is forgotten so the next call retries.
    this.#client ??= connect(this.#url, this.#connectTimeoutMs).catch((e: unknown) => {
      this.#client = undefined
      throw e
    })
    return this.#client
  }
}

async function connect(url: string, connectTimeoutMs: number): Promise<RedisClientLike> {
  let Redis: typeof IoRedis
  try {
    const mod = await import('ioredis')
    // ioredis is CommonJS: the named export when Node's CJS lexer found it, else the default's.
    Redis = mod.Redis ?? mod.default.Redis
  } catch (e) {
    throw new InputError(MISSING, { cause: e })
  }
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // Fail commands rather than queue them without end while Redis is away: callers see a NetworkError.
    maxRetriesPerRequest: 2,
    retryStrategy: (times: number) => Math.min(times * 100, 2_000),
  })
  redis.on('error', () => undefined) // reported through the failing command; an unhandled 'error' would crash the process
  try {
    await redis.connect()
  } catch (e) {
    redis.disconnect()
    throw new NetworkError(`RedisStore cannot connect to ${redactUrl(url)}: ${(e as Error).message}`, { cause: e })
  }
  return redis as unknown as RedisClientLike
}

function redisError(command: string, e: unknown): ClientError {
  if (e instanceof ClientError) return e
  const message = (e as Error)?.message ?? String(e)
  // ioredis's ReplyError: Redis answered, with an error (WRONGTYPE, NOSCRIPT, OOM, ...).
  if ((e as Error)?.name === 'ReplyError') return new ResponseError(`Redis ${command}: ${message}`, { cause: e })
  return new NetworkError(`Redis ${command} failed: ${message}`, { cause: e, retryable: true })
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@')
}
