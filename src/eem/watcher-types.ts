// src/eem/watcher-types.ts — the shapes a DeviceWatcher reads (its source, its devices) and the events it sends.
import type { ClientError } from '../core/errors.js'

/**
 * What the watcher needs of a device: a `uuid` to tell devices apart, and the fields it compares.
 * Valence devices (`{uuid, state: 'free' | 'allocated', node_id, pooled_group_id, …}`) fit as they are.
 * @example const d: WatchedDevice = { uuid: 'd1', state: 'free', node_id: null, pooled_group_id: '4093' }
 */
export interface WatchedDevice {
  uuid: string
  state?: string | null
  node_id?: string | null
  pooled_group_id?: string | null
  [field: string]: unknown
}

/**
 * Where a watcher gets its devices. Each call gets the watcher's signal, aborted when the watcher
 * stops, so a request still running then is cancelled rather than left behind. The EemClient builds
 * one from `devices.list({ podmId })` and `devices.sync(podmId)`; tests pass a plain object.
 * @example
 * const source: DeviceSource = {
 *   list: (signal) => eem.devices.list({ podmId }, { signal }).toArray(),
 *   sync: (signal) => eem.devices.sync(podmId, { signal }),
 * }
 */
export interface DeviceSource<D extends WatchedDevice = WatchedDevice> {
  /** Every device, as the service now reports it. */
  list(signal: AbortSignal): Promise<readonly D[]>
  /** Asks the service to refresh its device records first (Valence's `POST /v1/devices/sync`). */
  sync?(signal: AbortSignal): Promise<unknown>
}

/** One watched field that differs between two polls. @example { name: 'state', from: 'free', to: 'allocated' } */
export interface FieldChange {
  name: string
  from: unknown
  to: unknown
}

/** A device seen in two polls whose watched fields differ. @example watcher.on('changed', (c) => console.log(c.device.uuid, c.fields)) */
export interface DeviceChange<D extends WatchedDevice = WatchedDevice> {
  /** The device as the latest poll saw it. */
  device: D
  /** The device as the poll before saw it. */
  previous: D
  /** Only the watched fields that differ, in the order of the `fields` option. */
  fields: FieldChange[]
}

/** What one poll found different from the poll before. @example for await (const { added, removed, changed } of watcher) … */
export interface DeviceBatch<D extends WatchedDevice = WatchedDevice> {
  added: D[]
  removed: D[]
  changed: DeviceChange<D>[]
}

/**
 * Why a watcher stopped: `stop` (stop(), close(), or leaving a `for await` loop), `abort` (the
 * `signal` option fired; `error` is the AbortError), `error` (a fatal error; `error` is it).
 * @example watcher.on('stopped', ({ reason, error }) => { if (reason === 'error') console.error(error) })
 */
export interface WatcherStopInfo {
  reason: 'stop' | 'abort' | 'error'
  error?: ClientError
}

/** What an `error` event says besides the error. @example watcher.on('error', (e, i) => console.warn(e.message, i.fatal ? 'stopping' : `retry in ${i.retryInMs} ms`)) */
export interface WatchErrorInfo {
  /** True when the watcher stops because of this error (a `stopped` event follows). */
  fatal: boolean
  /** Failed polls in a row, this one included. */
  failures: number
  /** Pause before the next poll; absent when fatal. */
  retryInMs?: number
}

/**
 * The events of a DeviceWatcher (eventemitter3). `stopped` is always the last one.
 * @example
 * watcher.on('changed', ({ device, fields }) => console.log(device.uuid, fields.map((f) => `${f.name}: ${String(f.from)} → ${String(f.to)}`)))
 */
export interface DeviceWatcherEvents<D extends WatchedDevice = WatchedDevice> {
  /** The first successful poll: the baseline every later poll is compared with. */
  ready: [devices: readonly D[]]
  added: [device: D]
  removed: [device: D]
  changed: [change: DeviceChange<D>]
  /** Once per poll that found a difference, after its `added`/`changed`/`removed` events. */
  batch: [batch: DeviceBatch<D>]
  /** After every successful poll, changes or not. */
  polled: [devices: readonly D[]]
  /** After a successful `source.sync` (with `triggerSync`), with what it returned. */
  synced: [result: unknown]
  error: [error: ClientError, info: WatchErrorInfo]
  stopped: [info: WatcherStopInfo]
}
