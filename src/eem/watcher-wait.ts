// src/eem/watcher-wait.ts — waiting on a running DeviceWatcher until one device reaches a state.
import { abortReason } from '../core/abort.js'
import { AbortError, InputError, NotFoundError, TimeoutError, type ClientError } from '../core/errors.js'
import type { EventEmitter } from 'eventemitter3'
import { checkMs } from './watcher-options.js'
import type { DeviceWatcherEvents, WatchedDevice, WatcherStopInfo } from './watcher-types.js'

/** A state name (compared with `device.state`) or a test of the whole device. */
export type DeviceStateMatch<D extends WatchedDevice> = string | ((device: D) => boolean)

/** Options of `watcher.waitFor()`. @example { timeoutMs: 60_000, signal } */
export interface DeviceWaitOptions {
  /** Give up with TimeoutError after this long. Default: no limit. */
  timeoutMs?: number
  signal?: AbortSignal
}

/** What waiting needs of a watcher; DeviceWatcher has it. */
export interface WaitableWatcher<D extends WatchedDevice> extends Pick<EventEmitter<DeviceWatcherEvents<D>>, 'on' | 'off'> {
  readonly devices: ReadonlyMap<string, D>
  readonly stopInfo: WatcherStopInfo | undefined
}

/**
 * Resolves with the device once a poll shows it in `state` (at once if the last poll already
 * did). A device not seen yet is waited for, since a sync may bring it; one that was seen and then
 * disappears rejects with NotFoundError. Rejects with TimeoutError after `timeoutMs`, AbortError
 * when `signal` fires, and when the watcher stops: with its fatal error, or AbortError. Transient
 * poll errors do not end the wait. The watcher keeps running afterwards.
 * @example const nic = await waitForWatched(watcher, uuid, 'allocated', { timeoutMs: 60_000 })
 */
export function waitForWatched<D extends WatchedDevice>(
  watcher: WaitableWatcher<D>,
  uuid: string,
  state: DeviceStateMatch<D>,
  opts: DeviceWaitOptions = {},
): Promise<D> {
  return new Promise<D>((resolve, reject) => {
    if (typeof uuid !== 'string' || uuid === '') return reject(new InputError('uuid must be a non-empty string'))
    if (typeof state !== 'function' && typeof state !== 'string') return reject(new InputError('state must be a string or a function'))
    let timeoutMs: number | undefined
    try {
      timeoutMs = opts.timeoutMs === undefined ? undefined : checkMs('timeoutMs', opts.timeoutMs)
    } catch (e) {
      return reject(e)
    }
    const wanted = typeof state === 'string' ? `state ${state}` : 'the expected state'
    const label = `waiting for device ${uuid} to reach ${wanted}`
    const signal = opts.signal
    if (signal?.aborted) return reject(abortReason(signal, label))
    const ended = watcher.stopInfo
    if (ended) return reject(stoppedError(ended, label))

    const matches = typeof state === 'string' ? (d: D): boolean => d.state === state : state
    let last: D | undefined = watcher.devices.get(uuid)
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (settle: () => void): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      watcher.off('polled', onPolled)
      watcher.off('stopped', onStopped)
      settle()
    }
    // A throwing predicate rejects the wait instead of escaping into the watcher's event loop.
    const check = (device: D): boolean => {
      try {
        if (!matches(device)) return false
        finish(() => resolve(device))
      } catch (e) {
        finish(() => reject(e))
      }
      return true
    }
    const onPolled = (): void => {
      const device = watcher.devices.get(uuid)
      if (device !== undefined) {
        last = device
        check(device)
      } else if (last !== undefined) {
        finish(() => reject(new NotFoundError(`${label}: device ${uuid} disappeared (last state: ${String(last?.state)})`, { status: 404 })))
      }
    }
    const onStopped = (info: WatcherStopInfo): void => finish(() => reject(stoppedError(info, label)))
    const onAbort = (): void => finish(() => reject(abortReason(signal as AbortSignal, label)))

    if (last !== undefined && check(last)) return
    watcher.on('polled', onPolled)
    watcher.on('stopped', onStopped)
    signal?.addEventListener('abort', onAbort, { once: true })
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const where = last === undefined ? ' before the device was seen' : ` (last state: ${String(last.state)})`
        finish(() => reject(new TimeoutError(`${label}: timed out after ${timeoutMs} ms${where}`)))
      }, timeoutMs)
    }
  })
}

function stoppedError(info: WatcherStopInfo, label: string): ClientError {
  if (info.error) return info.error
  return new AbortError(`${label}: the watcher stopped`)
}
