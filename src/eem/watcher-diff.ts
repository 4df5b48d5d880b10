// src/eem/watcher-diff.ts — comparing two device lists by uuid: what was added, removed, or changed in the watched fields.
import { ResponseError } from '../core/errors.js'
import type { DeviceBatch, DeviceChange, FieldChange, WatchedDevice } from './watcher-types.js'

/** The fields a watcher compares unless told otherwise: the ones Valence's sync and attach/detach update. */
export const DEFAULT_WATCHED_FIELDS: readonly string[] = Object.freeze(['state', 'node_id', 'pooled_group_id'])

/** The outcome of {@link diffDevices}: the new snapshot and what differs from the old one. */
export interface DeviceDiff<D extends WatchedDevice> {
  /** The listed devices by uuid (a fresh map, never mutated afterwards). */
  devices: Map<string, D>
  batch: DeviceBatch<D>
}

/**
 * Compares a fresh device list with the previous snapshot. Devices are matched by `uuid`; when a
 * list names a uuid twice the last entry wins. Only `fields` decide whether a device changed; a
 * missing field and `undefined` are the same. Throws ResponseError when the list is not an array
 * or a device has no uuid, since nothing can be matched then.
 * @example
 * const { devices, batch } = diffDevices(previous, await source.list(signal), ['state'])
 * if (isEmptyBatch(batch)) console.log('nothing new')
 */
export function diffDevices<D extends WatchedDevice>(previous: ReadonlyMap<string, D>, list: readonly D[], fields: readonly string[]): DeviceDiff<D> {
  if (!Array.isArray(list)) throw new ResponseError(`device list is not an array (got ${describe(list)})`)
  const devices = new Map<string, D>()
  for (const [i, device] of list.entries()) {
    const uuid: unknown = (device as Partial<WatchedDevice> | null)?.uuid
    if (typeof uuid !== 'string' || uuid === '') throw new ResponseError(`device list entry ${i} has no uuid (got ${describe(device)})`)
    // Delete first so a repeated uuid takes its last position: the batch then follows list order.
    devices.delete(uuid)
    devices.set(uuid, device)
  }
  const batch: DeviceBatch<D> = { added: [], removed: [], changed: [] }
  for (const [uuid, device] of devices) {
    const before = previous.get(uuid)
    if (before === undefined) {
      batch.added.push(device)
      continue
    }
    const changed = changedFields(before, device, fields)
    if (changed.length > 0) batch.changed.push({ device, previous: before, fields: changed } satisfies DeviceChange<D>)
  }
  for (const [uuid, device] of previous) if (!devices.has(uuid)) batch.removed.push(device)
  return { devices, batch }
}

/** True when a batch holds nothing. @example if (!isEmptyBatch(batch)) notify(batch) */
export function isEmptyBatch(batch: DeviceBatch<WatchedDevice>): boolean {
  return batch.added.length === 0 && batch.removed.length === 0 && batch.changed.length === 0
}

/** The watched fields whose values differ, in the order given. @example changedFields(a, b, ['state']) // [{ name: 'state', from: 'free', to: 'allocated' }] */
export function changedFields(before: WatchedDevice, after: WatchedDevice, fields: readonly string[]): FieldChange[] {
  const out: FieldChange[] = []
  for (const name of fields) {
    const from = before[name]
    const to = after[name]
    if (!sameValue(from, to)) out.push({ name, from, to })
  }
  return out
}

/**
 * Structural equality for JSON-shaped values, so a watched object field (`properties`) that comes
 * back as a new but equal object is not a change. Keys holding `undefined` count as absent.
 * @example sameValue({ a: [1] }, { a: [1] }) // true
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => sameValue(v, b[i]))
  }
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)])
  for (const k of keys) if (!sameValue(ra[k], rb[k])) return false
  return true
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`
}
