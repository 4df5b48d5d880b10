// src/infra/handlers/common.ts — what the built-in resource handlers share: options, param checks, names, NotFound tolerance.
import { sleep } from '../../core/abort.js'
import { waitFor } from '../../core/waiter.js'
import { InputError, NotFoundError, isClientError } from '../../core/errors.js'
import type { JsonValue } from '../definition-types.js'
import type { InfraClients, ResourceContext } from '../handler-types.js'

/**
 * Timing of the built-in handlers (`builtinHandlers(opts)`): how often they poll while waiting and
 * how long create waits and delete may take.
 * @example builtinHandlers({ pollIntervalMs: 500, readyTimeoutMs: 300_000 })
 */
export interface BuiltinHandlerOptions {
  /** First pause between polls (server ACTIVE, image active, group capacity, deletes). Default 2000 ms. */
  pollIntervalMs?: number
  /** Longest pause between polls. Default 15 000 ms. */
  maxPollIntervalMs?: number
  /** How long create waits for the resource to be ready. Default 600 000 ms (OCCO's 10 minutes). */
  readyTimeoutMs?: number
  /**
   * Limit of one delete, every call and wait together. Delete runs after an abort, so it never uses
   * `ctx.signal`: it gets a fresh `AbortSignal.timeout(deleteTimeoutMs)`. Default 300 000 ms.
   */
  deleteTimeoutMs?: number
}

/** The options with their defaults filled in. */
export interface HandlerTiming {
  pollIntervalMs: number
  maxPollIntervalMs: number
  readyTimeoutMs: number
  deleteTimeoutMs: number
}

/** Fills in the defaults; InputError for a value that is not a positive number. */
export function timing(opts: BuiltinHandlerOptions = {}): HandlerTiming {
  const pick = (key: keyof BuiltinHandlerOptions, fallback: number): number => {
    const v = opts[key]
    if (v === undefined) return fallback
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InputError(`builtinHandlers: ${key} must be a positive number of milliseconds, got ${String(v)}`)
    return v
  }
  const pollIntervalMs = pick('pollIntervalMs', 2000)
  return {
    pollIntervalMs,
    maxPollIntervalMs: Math.max(pollIntervalMs, pick('maxPollIntervalMs', 15_000)),
    readyTimeoutMs: pick('readyTimeoutMs', 600_000),
    deleteTimeoutMs: pick('deleteTimeoutMs', 300_000),
  }
}

/** A fresh signal for a delete (never ctx.signal: rollback runs after an abort). */
export function deleteSignal(t: HandlerTiming): AbortSignal {
  return AbortSignal.timeout(t.deleteTimeoutMs)
}

/** The client a handler needs; InputError `compute.server needs clients.compute` when it was not given. */
export function needClient<K extends keyof InfraClients>(ctx: ResourceContext, type: string, key: K): NonNullable<InfraClients[K]> {
  const client = ctx.clients?.[key]
  if (client === undefined || client === null) throw new InputError(`${type} needs clients.${key}`)
  return client as NonNullable<InfraClients[K]>
}

/** True for a 404, also from another copy of strato. */
export function isNotFound(e: unknown): boolean {
  return e instanceof NotFoundError || (isClientError(e) && (e.name === 'NotFoundError' || e.status === 404))
}

/** Runs a delete call; a NotFoundError means it is gone already, which is what was wanted. */
export async function ignoreNotFound(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn()
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? JSON.stringify(v) : typeof v)

/** Reads and checks `ctx.params`, naming the handler and the param in every InputError. */
export class Params {
  readonly #type: string
  readonly #params: Record<string, JsonValue>

  constructor(type: string, params: Record<string, JsonValue> | undefined) {
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) throw new InputError(`${type}: params must be an object`)
    this.#type = type
    this.#params = params ?? {}
  }

  /** The raw value. */
  raw(key: string): JsonValue | undefined {
    return this.#params[key]
  }

  has(key: string): boolean {
    return this.#params[key] !== undefined && this.#params[key] !== null
  }

  missing(key: string): InputError {
    return new InputError(`${this.#type} needs params.${key}`)
  }

  wrong(key: string, what: string, value: unknown): InputError {
    return new InputError(`${this.#type}: params.${key} must be ${what}, got ${describe(value)}`)
  }

  /** A non-empty string; the first of `keys` that is set (aliases), or InputError naming the first. */
  string(...keys: string[]): string {
    const v = this.optString(...keys)
    if (v === undefined) throw this.missing(keys[0]!)
    return v
  }

  optString(...keys: string[]): string | undefined {
    for (const key of keys) {
      const v = this.#params[key]
      if (v === undefined || v === null) continue
      if (typeof v !== 'string' || v.trim() === '') throw this.wrong(key, 'a non-empty string', v)
      return v
    }
    return undefined
  }

  /** A string or a number (ids such as Nova's flavorRef may be either). */
  id(...keys: string[]): string | number {
    for (const key of keys) {
      const v = this.#params[key]
      if (v === undefined || v === null) continue
      if (typeof v === 'number' && Number.isFinite(v)) return v
      if (typeof v !== 'string' || v.trim() === '') throw this.wrong(key, 'a non-empty string or a number', v)
      return v
    }
    throw this.missing(keys[0]!)
  }

  optBool(key: string): boolean | undefined {
    const v = this.#params[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'boolean') throw this.wrong(key, 'true or false', v)
    return v
  }

  optInt(key: string, min = 0): number | undefined {
    const v = this.#params[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw this.wrong(key, `a whole number ≥ ${min}`, v)
    return v
  }

  /** An object of string values (metadata). */
  optStringRecord(key: string): Record<string, string> | undefined {
    const v = this.#params[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'object' || Array.isArray(v)) throw this.wrong(key, 'an object of strings', v)
    const out: Record<string, string> = {}
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string') throw this.wrong(`${key}.${k}`, 'a string', x)
      out[k] = x
    }
    return out
  }

  optStringList(key: string): string[] | undefined {
    const v = this.#params[key]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) throw this.wrong(key, 'a list of non-empty strings', v)
    return v as string[]
  }

  /** A JSON object (passed on to a client that checks its fields). */
  optObject(key: string): Record<string, JsonValue> | undefined {
    const v = this.#params[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'object' || Array.isArray(v)) throw this.wrong(key, 'an object', v)
    return v
  }

  object(key: string): Record<string, JsonValue> {
    const v = this.optObject(key)
    if (v === undefined) throw this.missing(key)
    return v
  }
}

/**
 * The name of an instance's resource: `params.name` when given, else
 * `${infraId.slice(0, 8)}-${nodeId}`.
 * @example resourceName(ctx, p.optString('name')) // 'a1b2c3d4-web-0'
 */
export function resourceName(ctx: ResourceContext, given: string | undefined): string {
  return given ?? `${ctx.infraId.slice(0, 8)}-${ctx.nodeId}`
}

/** InputError for a ref that is not what this handler's create returned. */
export function badRef(type: string, ref: unknown): InputError {
  return new InputError(`${type}: not a ref this handler made: ${JSON.stringify(ref)}`)
}

/** A ref's string field, or InputError. */
export function refString(type: string, ref: unknown, key: string): string {
  const v = typeof ref === 'object' && ref !== null && !Array.isArray(ref) ? (ref as Record<string, unknown>)[key] : undefined
  if (typeof v !== 'string' || v === '') throw badRef(type, ref)
  return v
}

/**
 * Runs `fn` until it stops failing with an error `retry` accepts, pausing between tries
 * (growing ×1.5 from `pollIntervalMs` to `maxPollIntervalMs`); when `signal` fires, the last
 * such error is thrown rather than the abort, since it says why the resource was still there.
 * @example await retryWhile(() => lcs.delete(name, { signal }), (e) => e instanceof ConflictError, signal, t)
 */
export async function retryWhile<T>(fn: () => Promise<T>, retry: (e: unknown) => boolean, signal: AbortSignal, t: HandlerTiming): Promise<T> {
  let pause = t.pollIntervalMs
  for (;;) {
    try {
      return await fn()
    } catch (e) {
      if (!retry(e) || signal.aborted) throw e
      try {
        await sleep(pause, signal)
      } catch {
        throw e
      }
      pause = Math.min(t.maxPollIntervalMs, pause * 1.5)
    }
  }
}

/** Polls `done` until it is true, pausing as {@link retryWhile} does (core `waitFor`); rejects with the abort reason when `signal` fires first. */
export async function pollUntil(done: () => Promise<boolean>, signal: AbortSignal, t: HandlerTiming, what?: string): Promise<void> {
  await waitFor(() => done(), { until: (ok) => ok, intervalMs: t.pollIntervalMs, maxIntervalMs: Math.max(t.pollIntervalMs, t.maxPollIntervalMs), signal, ...(what ? { what } : {}) })
}
