// src/infra/store-shared.ts — what FileStore, RedisStore and MemoryStore share: name checks, JSON coding, the lock loop.
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import { abortReason, sleep, throwIfAborted } from '../core/abort.js'
import { ConflictError, InputError, ResponseError } from '../core/errors.js'
import type { LockOptions } from './store-types.js'

/** Characters an infra id, a node type or a key prefix may use: safe as a file name and as a Redis key part. */
const NAME = /^[A-Za-z0-9._@:-]{1,200}$/

/**
 * Checks an infra id or node type; `/`, `..`, spaces and glob characters never reach a path or a key.
 * @example checkName('infra id', 'web-1') // ok; checkName('infra id', '../x') throws InputError
 */
export function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name) || name === '.' || name === '..') {
    throw new InputError(`${what} ${JSON.stringify(name)} is not valid: use 1-200 of A-Z a-z 0-9 . _ @ : - (not "." or "..")`)
  }
  return name
}

/**
 * Whether a name passes {@link checkName}: listings skip keys and files that could not be read back.
 * @example isName('web-1') // true; isName('a b') // false
 */
export function isName(name: string): boolean {
  return NAME.test(name) && name !== '.' && name !== '..'
}

/**
 * JSON text of a value to store. A value JSON cannot hold (BigInt, a cycle) is the caller's
 * mistake, so an InputError, not a TypeError from deep inside a store.
 * @example await writeFile(path, encodeJson('state', state))
 */
export function encodeJson(what: string, value: unknown): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (e) {
    throw new InputError(`${what} cannot be stored as JSON: ${(e as Error).message}`, { cause: e })
  }
  if (text === undefined) throw new InputError(`${what} cannot be stored as JSON: ${typeof value}`)
  return text
}

/**
 * Parses what a store read back. Text that is not JSON was written by something else (or a
 * disk fault): a ResponseError with the start of the text in `details`.
 * @example const state = decodeJson<InfraState>('state of web', text)
 */
export function decodeJson<T>(what: string, text: string): T {
  try {
    return JSON.parse(text) as T
  } catch (e) {
    throw new ResponseError(`${what} holds no valid JSON`, { details: [text.slice(0, 200)], cause: e })
  }
}

/**
 * The lock options with defaults applied and checked.
 * @example const { waitMs, ttlMs, signal }: ResolvedLockOptions = lockOptions(opts)
 */
export interface ResolvedLockOptions {
  waitMs: number
  ttlMs: number
  signal: AbortSignal | undefined
}

/**
 * Defaults (10 s wait, 30 s ttl) and checks of withLock's options.
 * @example const { waitMs, ttlMs } = lockOptions(opts)
 */
export function lockOptions(opts: LockOptions = {}): ResolvedLockOptions {
  const waitMs = opts.waitMs ?? 10_000
  const ttlMs = opts.ttlMs ?? 30_000
  if (!Number.isFinite(waitMs) || waitMs < 0) throw new InputError(`withLock: waitMs must be a finite number ≥ 0, got ${waitMs}`)
  // Below 10 ms the refresh timer (ttl/3) could not keep up with the expiry.
  if (!Number.isFinite(ttlMs) || ttlMs < 10) throw new InputError(`withLock: ttlMs must be a finite number ≥ 10, got ${ttlMs}`)
  return { waitMs, ttlMs: Math.ceil(ttlMs), signal: opts.signal }
}

/**
 * How a store takes, keeps and gives back one lock; {@link runLocked} does the rest.
 * @example
 * const backend: LockBackend = { tryAcquire: async () => true, refresh: async () => true, release: async () => {} }
 */
export interface LockBackend {
  /** Takes the lock for `token` when free (or stale); false while someone else holds it. */
  tryAcquire(token: string, ttlMs: number): Promise<boolean>
  /** Pushes the expiry out; false when the lock is no longer ours (it was broken or expired). */
  refresh(token: string, ttlMs: number): Promise<boolean>
  /** Gives the lock back when it is still ours; never removes another holder's lock. */
  release(token: string): Promise<void>
}

// Which locks the current async call chain holds: a nested withLock on one of them would wait
// for itself until waitMs ran out, so it fails at once instead (withLock is not reentrant).
const held = new AsyncLocalStorage<ReadonlySet<string>>()

/** First and last pause between attempts: short at first (locks are usually held briefly), then capped. */
const FIRST_POLL_MS = 5
const MAX_POLL_MS = 250

/**
 * The withLock every store runs: waits with backoff for `backend.tryAcquire`, refreshes the
 * expiry every ttl/3 while `fn` runs, releases after. `key` names the lock for the reentrancy
 * check (unique per backend and infra). `fn` gets a signal that fires with a ConflictError when
 * a refresh finds the lock lost; if `fn` then resolves anyway, withLock rejects with that error,
 * because `fn` no longer ran alone.
 * @example return runLocked(`file:${dir}:${id}`, id, opts, backend, fn)
 */
export async function runLocked<T>(
  key: string,
  infraId: string,
  opts: LockOptions | undefined,
  backend: LockBackend,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { waitMs, ttlMs, signal } = lockOptions(opts)
  const outer = held.getStore()
  if (outer?.has(key)) {
    throw new ConflictError(`withLock('${infraId}') called while this call chain already holds that lock: withLock is not reentrant`)
  }
  const token = randomUUID()
  await acquire(infraId, token, waitMs, ttlMs, signal, backend)

  const lost = new AbortController()
  let refreshing: Promise<void> | undefined
  const timer = setInterval(
    () => {
      if (refreshing || lost.signal.aborted) return // one refresh at a time; a slow one is not stacked
      refreshing = backend
        .refresh(token, ttlMs)
        .then(
          (ours) => {
            if (!ours) lost.abort(new ConflictError(`the lock on infra '${infraId}' was lost while withLock ran (expired or broken by another holder)`))
          },
          // A failed refresh (Redis unreachable) is retried on the next tick; if it stays down,
          // the lock expires and the next successful refresh reports it lost.
          () => undefined,
        )
        .finally(() => {
          refreshing = undefined
        })
    },
    Math.max(3, Math.floor(ttlMs / 3)),
  )
  timer.unref() // a held lock must not keep the process alive on its own
  try {
    const result = await held.run(new Set([...(outer ?? []), key]), () => fn(lost.signal))
    if (lost.signal.aborted) throw lost.signal.reason
    return result
  } finally {
    clearInterval(timer)
    // A refresh in flight must finish first: it could otherwise re-create the lock after release.
    await refreshing
    // A release that fails (connection gone) is not fn's failure: the lock expires after ttlMs anyway.
    await backend.release(token).catch(() => undefined)
  }
}

async function acquire(infraId: string, token: string, waitMs: number, ttlMs: number, signal: AbortSignal | undefined, backend: LockBackend): Promise<void> {
  const what = `waiting for the lock on infra '${infraId}'`
  throwIfAborted(signal, what)
  const deadline = Date.now() + waitMs
  let pause = FIRST_POLL_MS
  for (;;) {
    if (await backend.tryAcquire(token, ttlMs)) {
      // Aborted while the attempt was in flight: the caller has gone, so hand the lock straight back.
      if (signal?.aborted) {
        await backend.release(token).catch(() => undefined)
        throw abortReason(signal, what)
      }
      return
    }
    const left = deadline - Date.now()
    if (left <= 0) throw new ConflictError(`the lock on infra '${infraId}' is held by someone else; gave up after ${waitMs} ms`, { retryable: true })
    // Jitter: waiters that started together do not poll in lockstep.
    try {
      await sleep(Math.min(left, pause * (0.5 + Math.random())), signal)
    } catch (e) {
      throw signal?.aborted ? abortReason(signal, what) : e
    }
    pause = Math.min(MAX_POLL_MS, pause * 2)
  }
}
