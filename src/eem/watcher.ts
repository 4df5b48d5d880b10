// src/eem/watcher.ts — DeviceWatcher: polls a device source, diffs by uuid, and reports what was added, removed or changed.
import { EventEmitter } from 'eventemitter3'
import { abortReason, raceSignal, sleep } from '../core/abort.js'
import { AbortError, ClientError, InputError, isClientError } from '../core/errors.js'
import { diffDevices, isEmptyBatch } from './watcher-diff.js'
import { pauseAfter, resolveWatcherOptions, type DeviceWatcherOptions, type ResolvedWatcherOptions } from './watcher-options.js'
import type { DeviceBatch, DeviceSource, DeviceWatcherEvents, WatchedDevice, WatcherStopInfo } from './watcher-types.js'
import { waitForWatched, type DeviceStateMatch, type DeviceWaitOptions } from './watcher-wait.js'

/**
 * Watches a device source: polls it at once, then `intervalMs` after each poll ends (polls never
 * overlap), compares each list with the one before by uuid, and emits `added`, `removed`,
 * `changed` (only for the watched `fields`) and one `batch` per poll that found a difference.
 *
 * - Starts on construction; events are never sent synchronously, so listeners attached right
 *   after `new` hear everything.
 * - The first successful poll is the baseline: it emits `ready` with the list (and resolves
 *   `ready`), not `added`, unless `emitInitial` is set.
 * - A failed poll emits `error` and is retried after a pause growing by `backoff` up to
 *   `maxIntervalMs`, back to `intervalMs` after a success. A fatal error (see
 *   `isFatalWatchError`: InputError, non-retryable 4xx, foreign errors) emits `error` with
 *   `fatal: true`, then `stopped`. With `triggerSync`, a failed sync fails the poll.
 * - `stop()`, `close()`, `opts.signal` and leaving a `for await` loop end it at once: the
 *   request in flight is aborted through its signal and not waited for, no timer is left.
 *
 * @example
 * const watcher = new DeviceWatcher(source, { intervalMs: 10_000, triggerSync: true })
 * watcher.on('changed', ({ device, fields }) => console.log(device.uuid, fields))
 * watcher.on('error', (e, { fatal }) => console.warn(fatal ? 'stopping:' : 'will retry:', e.message))
 * await watcher.ready
 * // …
 * await watcher.stop()
 */
export class DeviceWatcher<D extends WatchedDevice = WatchedDevice> extends EventEmitter<DeviceWatcherEvents<D>> {
  /** Resolves with the baseline list after the first successful poll; rejects if the watcher stops before one. */
  readonly ready: Promise<readonly D[]>
  readonly #source: DeviceSource<D>
  readonly #opts: ResolvedWatcherOptions
  readonly #ctl = new AbortController()
  readonly #outer: AbortSignal | undefined
  readonly #onOuterAbort = (): void => this.#end({ reason: 'abort', error: abortReason(this.#outer as AbortSignal, 'device watch') })
  readonly #loop: Promise<void>
  #devices: ReadonlyMap<string, D> = new Map()
  #baseline = false
  #ending: WatcherStopInfo | undefined
  #stopInfo: WatcherStopInfo | undefined
  #settleReady: { resolve: (list: readonly D[]) => void; reject: (error: ClientError) => void } | undefined

  /**
   * Checks the options (InputError, thrown) and starts polling.
   * @example const watcher = new DeviceWatcher({ list: async () => devices }, { intervalMs: 1000 })
   */
  constructor(source: DeviceSource<D>, opts: DeviceWatcherOptions = {}) {
    super()
    if (source === null || typeof source !== 'object' || typeof source.list !== 'function') {
      throw new InputError('source must be an object with a list(signal) method')
    }
    if (source.sync !== undefined && typeof source.sync !== 'function') throw new InputError('source.sync must be a function')
    this.#opts = resolveWatcherOptions(opts, typeof source.sync === 'function')
    this.#source = source
    this.ready = new Promise((resolve, reject) => (this.#settleReady = { resolve, reject }))
    // Nobody has to await `ready`: a watcher stopped before its baseline must not raise an unhandled rejection.
    this.ready.catch(() => undefined)
    this.#outer = opts.signal
    this.#outer?.addEventListener('abort', this.#onOuterAbort, { once: true })
    this.#loop = this.#run()
  }

  /** The devices of the last successful poll, by uuid (empty before the baseline). @example watcher.devices.get(uuid)?.state */
  get devices(): ReadonlyMap<string, D> {
    return this.#devices
  }

  /** False once stop() was called, the signal fired or a fatal error happened. @example if (watcher.running) await watcher.stop() */
  get running(): boolean {
    return this.#ending === undefined
  }

  /** Why the watcher stopped, once it has (`stopped` was emitted). @example watcher.stopInfo?.error */
  get stopInfo(): WatcherStopInfo | undefined {
    return this.#stopInfo
  }

  /**
   * Stops polling and aborts the poll in flight; resolves when the loop has ended and `stopped`
   * was emitted. Idempotent: every call returns the same ending. Never rejects.
   * @example process.on('SIGINT', () => void watcher.stop())
   */
  stop(): Promise<void> {
    this.#end({ reason: 'stop' })
    return this.#loop
  }

  /** Same as {@link DeviceWatcher.stop}. @example await watcher.close() */
  close(): Promise<void> {
    return this.stop()
  }

  /** `await using watcher = eem.watch()` stops it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  /**
   * Resolves with the device once a poll shows it in `state` (a `state` value or a predicate).
   * Rejects with NotFoundError if it disappears after having been seen, TimeoutError after
   * `timeoutMs`, AbortError on `signal`, and when the watcher stops (with its fatal error, or
   * AbortError). A device not seen yet is waited for. The watcher keeps running afterwards.
   * @example const nic = await watcher.waitFor(uuid, 'allocated', { timeoutMs: 60_000 })
   */
  waitFor(uuid: string, state: DeviceStateMatch<D>, opts?: DeviceWaitOptions): Promise<D> {
    return waitForWatched(this, uuid, state, opts)
  }

  /**
   * The change batches of every later poll that found a difference (the baseline only with
   * `emitInitial`). Ends when the watcher stops; throws its error when it stopped on a fatal
   * error or its signal. Leaving the loop (`break`, `return`, a throw) stops the watcher.
   * Batches queue up while the loop body runs, so none is lost.
   * @example for await (const { added, removed, changed } of watcher) console.log(added.length, removed.length, changed.length)
   */
  [Symbol.asyncIterator](): AsyncIterator<DeviceBatch<D>, undefined> {
    const queue: DeviceBatch<D>[] = []
    let pending: { resolve: (r: IteratorResult<DeviceBatch<D>, undefined>) => void; reject: (e: unknown) => void } | undefined
    let end: WatcherStopInfo | undefined = this.#stopInfo
    const onBatch = (batch: DeviceBatch<D>): void => {
      if (pending) {
        const p = pending
        pending = undefined
        p.resolve({ value: batch, done: false })
      } else queue.push(batch)
    }
    const detach = (): void => {
      this.off('batch', onBatch)
      this.off('stopped', onStopped)
    }
    // The error is thrown once; later calls just report the end.
    const finish = (): Promise<IteratorResult<DeviceBatch<D>, undefined>> => {
      const error = end?.error
      if (end) end = { reason: 'stop' }
      return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true })
    }
    const onStopped = (info: WatcherStopInfo): void => {
      end = info
      detach()
      if (pending) {
        const p = pending
        pending = undefined
        finish().then(p.resolve, p.reject)
      }
    }
    if (!end) {
      this.on('batch', onBatch)
      this.on('stopped', onStopped)
    }
    return {
      next: () => {
        const batch = queue.shift()
        if (batch) return Promise.resolve({ value: batch, done: false })
        if (end) return finish()
        return new Promise((resolve, reject) => (pending = { resolve, reject }))
      },
      return: async () => {
        detach()
        queue.length = 0
        await this.stop()
        return { value: undefined, done: true }
      },
    }
  }

  // The first reason wins: a fatal error stops the loop, whose own stop() then changes nothing.
  #end(info: WatcherStopInfo): void {
    if (this.#ending) return
    this.#ending = info
    this.#ctl.abort(info.error ?? new AbortError('device watch stopped'))
  }

  async #run(): Promise<void> {
    // Listeners attached right after construction must hear every event, `stopped` included.
    await Promise.resolve()
    if (this.#outer?.aborted) this.#onOuterAbort()
    const signal = this.#ctl.signal
    let failures = 0
    while (!signal.aborted) {
      let pause = this.#opts.intervalMs
      try {
        await this.#poll(signal)
        failures = 0
      } catch (e) {
        if (signal.aborted) break
        const error = isClientError(e) ? e : new ClientError(`device source failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
        failures++
        if (this.#isFatal(error)) {
          this.#end({ reason: 'error', error }) // before the event, so a listener calling stop() cannot mask it
          this.#emit('error', error, { fatal: true, failures })
          break
        }
        pause = pauseAfter(this.#opts, failures, error)
        this.#emit('error', error, { fatal: false, failures, retryInMs: pause })
      }
      try {
        await sleep(pause, signal)
      } catch {
        break // stopped during the pause: sleep has already cleared its timer
      }
    }
    this.#outer?.removeEventListener('abort', this.#onOuterAbort)
    const info = this.#ending ?? { reason: 'stop' }
    this.#stopInfo = info
    this.#settleReady?.reject(info.error ?? new AbortError('device watch stopped before its first poll'))
    this.#settleReady = undefined
    this.#emit('stopped', info)
    // A stopped watcher sends nothing more: letting go of the listeners frees what they hold.
    this.removeAllListeners()
  }

  async #poll(signal: AbortSignal): Promise<void> {
    const { fields, emitInitial, triggerSync } = this.#opts
    if (triggerSync) {
      const result = await this.#call((s) => (this.#source.sync as (s: AbortSignal) => Promise<unknown>).call(this.#source, s), signal)
      this.#emit('synced', result)
    }
    const list = await this.#call((s) => this.#source.list(s), signal)
    const { devices, batch } = diffDevices(this.#devices, list, fields)
    this.#devices = devices
    const first = !this.#baseline
    this.#baseline = true
    if (!first || emitInitial) {
      for (const d of batch.added) this.#emit('added', d)
      for (const c of batch.changed) this.#emit('changed', c)
      for (const d of batch.removed) this.#emit('removed', d)
      if (!isEmptyBatch(batch)) this.#emit('batch', batch)
    }
    if (first) {
      this.#emit('ready', list)
      this.#settleReady?.resolve(list)
      this.#settleReady = undefined
    }
    this.#emit('polled', list)
  }

  // Raced with the signal, so a source that ignores its signal cannot hold stop() up; not called
  // at all once stopped (a `synced` listener may have called stop() before the list).
  #call<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal))
    let p: Promise<T>
    try {
      p = Promise.resolve(fn(signal))
    } catch (e) {
      p = Promise.reject(e)
    }
    return raceSignal(p, signal)
  }

  #isFatal(error: ClientError): boolean {
    try {
      return this.#opts.isFatal(error)
    } catch {
      return true // a throwing isFatal hook is a bug: stopping beats spinning on it
    }
  }

  // A throwing listener is the listener's bug: it is rethrown outside the loop (as an uncaught
  // exception, like a throwing listener of a Node stream) so the watcher's state stays sound.
  #emit<K extends keyof DeviceWatcherEvents<D>>(event: K, ...args: DeviceWatcherEvents<D>[K]): void {
    try {
      ;(this.emit as (event: K, ...args: DeviceWatcherEvents<D>[K]) => boolean)(event, ...args)
    } catch (e) {
      queueMicrotask(() => {
        throw e
      })
    }
  }
}

/** Options of {@link waitForDevice}: the watcher's (with `intervalMs` defaulting to 2000 ms) plus a deadline. */
export interface WaitForDeviceOptions extends Omit<DeviceWatcherOptions, 'emitInitial'>, DeviceWaitOptions {}

/**
 * Watches `source` until device `uuid` reaches `state`, then stops the watcher and resolves
 * with the device. Rejects as {@link DeviceWatcher.waitFor} does (NotFoundError when the device
 * disappears after having been seen, TimeoutError, AbortError, a fatal poll error); in every case
 * the watcher has stopped, and its request been aborted, before the promise settles.
 * @example
 * await eem.nodes.attach(nodeId, deviceId)
 * const device = await waitForDevice(source, deviceId, 'allocated', { timeoutMs: 60_000, triggerSync: true })
 */
export async function waitForDevice<D extends WatchedDevice>(
  source: DeviceSource<D>,
  uuid: string,
  state: DeviceStateMatch<D>,
  opts: WaitForDeviceOptions = {},
): Promise<D> {
  const { timeoutMs, signal, ...watch } = opts ?? {}
  // The signal goes to the wait, not the watcher: the wait then rejects with the caller's reason.
  const watcher = new DeviceWatcher<D>(source, { ...watch, intervalMs: watch.intervalMs ?? 2000 })
  try {
    return await watcher.waitFor(uuid, state, { timeoutMs, signal })
  } finally {
    await watcher.stop()
  }
}
