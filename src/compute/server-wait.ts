// src/compute/server-wait.ts — servers.waitFor() and waitForDelete(): polling with the core waiter, failing fast on ERROR.
import { InputError, NotFoundError } from '../core/errors.js'
import { WaitFailedError, waitFor, type WaitOptions } from '../core/waiter.js'
import type { ComputeClient } from './client.js'
import { ServerFaultError, type ServerFault } from './errors.js'
import { checkId, describe } from './fields.js'
import { SERVER_STATUSES, type Server, type ServerStatus } from './schemas.js'

/**
 * Options of `servers.waitFor()` and `servers.waitForDelete()`.
 * @example { timeoutMs: 600_000, intervalMs: 2000, onProgress: (s) => console.log(s.status, s['OS-EXT-STS:task_state']) }
 */
export interface WaitForServerOptions {
  /** Give up after this long (TimeoutError naming the last status). Default: no limit. */
  timeoutMs?: number
  /** First pause between polls; pauses grow ×1.5 up to `maxIntervalMs`. Default 2000 ms. */
  intervalMs?: number
  /** Longest pause. Default 30 000 ms. */
  maxIntervalMs?: number
  signal?: AbortSignal
  /** Called with each polled server (null once `waitForDelete()` sees it gone) and the poll's number. */
  onProgress?: (server: Server | null, attempt: number) => void
  /**
   * Accept the status while a task still runs (`OS-EXT-STS:task_state` not null). Default false:
   * `ACTIVE` during `image_snapshot` or `powering-off` is not yet settled.
   */
  ignoreTaskState?: boolean
}

const taskOf = (s: Server): string | null | undefined => s['OS-EXT-STS:task_state']

/**
 * Polls `GET /servers/{id}` until the server shows `status` with no task running. Rejects with
 * ServerFaultError as soon as it shows ERROR (unless ERROR is awaited), with TimeoutError after
 * `timeoutMs`, AbortError when `signal` fires, NotFoundError if the server disappears.
 * @example const s = await waitForServer(compute, id, 'ACTIVE', { timeoutMs: 600_000 })
 */
export async function waitForServer(client: ComputeClient, id: string, status: ServerStatus, opts: WaitForServerOptions = {}): Promise<Server> {
  checkId(id, 'server id')
  if (!(SERVER_STATUSES as readonly string[]).includes(status)) throw new InputError(`status must be one of ${SERVER_STATUSES.join(', ')}, got ${describe(status)}`)
  checkOptions(opts)
  try {
    return await waitFor<Server>((signal) => client.servers.get(id, { signal }), {
      ...coreOptions(opts, `server ${id} to be ${status}`),
      describe: describeServer,
      until: (s) => s.status === status && (opts.ignoreTaskState === true || status === 'ERROR' || !taskOf(s)),
      failWhen: (s) => (status !== 'ERROR' && s.status === 'ERROR' ? faultText(s) : false),
      ...(opts.onProgress ? { onPoll: (s: Server, n: number) => opts.onProgress!(s, n) } : {}),
    })
  } catch (e) {
    throw faultError(e)
  }
}

/**
 * Polls until the server is gone: 404, or status DELETED. Rejects with ServerFaultError when it
 * shows ERROR with no task running (the delete failed), TimeoutError/AbortError as waitFor.
 * @example await compute.servers.delete(id); await waitForServerDelete(compute, id, { timeoutMs: 300_000 })
 */
export async function waitForServerDelete(client: ComputeClient, id: string, opts: WaitForServerOptions = {}): Promise<void> {
  checkId(id, 'server id')
  checkOptions(opts)
  const poll = async (signal: AbortSignal): Promise<Server | null> => {
    try {
      return await client.servers.get(id, { signal })
    } catch (e) {
      if (e instanceof NotFoundError) return null
      throw e
    }
  }
  try {
    await waitFor<Server | null>(poll, {
      ...coreOptions(opts, `server ${id} to be deleted`),
      until: (s) => s === null || s.status === 'DELETED',
      failWhen: (s) => (s !== null && s.status === 'ERROR' && !taskOf(s) ? faultText(s) : false),
      describe: (s) => (s === null ? 'gone' : describeServer(s)),
      ...(opts.onProgress ? { onPoll: opts.onProgress } : {}),
    })
  } catch (e) {
    throw faultError(e)
  }
}

function coreOptions(opts: WaitForServerOptions, what: string): Pick<WaitOptions<unknown>, 'what' | 'timeoutMs' | 'intervalMs' | 'maxIntervalMs' | 'signal'> {
  return {
    what,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
    ...(opts.maxIntervalMs !== undefined ? { maxIntervalMs: opts.maxIntervalMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  }
}

function checkOptions(opts: WaitForServerOptions): void {
  if (typeof opts !== 'object' || opts === null) throw new InputError('wait options must be an object')
  if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw new InputError('onProgress must be a function')
}

/** `ACTIVE`, or `ACTIVE (task image_snapshot)` while a task runs. */
function describeServer(s: Server): string {
  const task = taskOf(s)
  return task ? `${s.status} (task ${task})` : s.status
}

function faultText(s: Server): string {
  return s.fault?.message ? `fault ${s.fault.code}: ${s.fault.message}` : 'no fault given'
}

/** The core's WaitFailedError as a ServerFaultError carrying the server and its fault. */
function faultError(e: unknown): unknown {
  if (!(e instanceof WaitFailedError)) return e
  const server = e.last as Server
  const fault = server?.fault as ServerFault | undefined
  return new ServerFaultError(e.message, server, fault, { details: fault?.details ? [...e.details, fault.details] : e.details, cause: e })
}
