// src/eem/devices.ts — eem.devices: the pooled PCIe devices Valence tracks, and the sync with their pod managers.
import { z } from 'zod'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import { call } from './call-options.js'
import type { EemCallOptions, EemCalls } from './client.js'
import { checkId, deviceQuery, type DeviceFilters } from './inputs.js'
import { onePage, unwrapList } from './lists.js'
import { DeviceSchema, SyncResultSchema, type Device, type SyncResult } from './schemas.js'

/**
 * `eem.devices`. Valence learns about devices by syncing with the pod managers (periodically
 * when configured, once after a pod manager is created, or when `sync()` asks).
 * @example
 * await eem.devices.sync(podmId)
 * const gpus = await eem.devices.list({ podmId, type: 'GPU', state: 'free' }).toArray()
 */
export class DevicesApi {
  readonly #calls: EemCalls
  constructor(calls: EemCalls) {
    this.#calls = calls
  }

  /**
   * Devices with the brief fields (`uuid`, `podm_id`, `type`, `state`, `node_id`,
   * `resource_uri`, `pooled_group_id`), filtered by Valence; one page.
   * @example for await (const d of eem.devices.list({ podmId, state: 'free' })) console.log(d.uuid, d.type)
   */
  list(filters: DeviceFilters = {}, opts: EemCallOptions = {}): Paginator<Device> {
    return onePage(async (signal) => {
      const query = deviceQuery(filters)
      return (await this.#calls.json('GET', '/devices', z.array(DeviceSchema), { query, ...call(signal, opts.timeoutMs) }, (b) => unwrapList(b, 'devices'))) as Device[]
    }, opts.signal)
  }

  /**
   * One device with all its fields (`properties`, `extra`, timestamps).
   * @example const d = await eem.devices.get(uuid); d.properties?.device_id
   */
  async get(uuid: string, opts: EemCallOptions = {}): Promise<Device> {
    checkId(uuid, 'deviceId')
    return (await this.#calls.json('GET', path`/devices/${uuid}`, DeviceSchema, call(opts.signal, opts.timeoutMs))) as Device
  }

  /**
   * Asks Valence to sync its devices with one pod manager (or all of them): one result per pod
   * manager, `status` `SUCCESS` or `FAILED`.
   * @example const results = await eem.devices.sync(podmId); if (results.some((r) => r.status !== 'SUCCESS')) console.warn(results)
   */
  async sync(podmId?: string, opts: EemCallOptions = {}): Promise<SyncResult[]> {
    if (podmId !== undefined) checkId(podmId, 'podmId')
    const results = await this.#calls.json(
      'POST',
      '/devices/sync',
      z.array(SyncResultSchema),
      { ...(podmId !== undefined ? { json: { podm_id: podmId } } : {}), expect: [200, 202, 204], ...call(opts.signal, opts.timeoutMs) },
      // Valence sends a bare array; a wrapped list, a single result or no body are taken too.
      (b) => (b === undefined ? [] : Array.isArray(b) ? b : Array.isArray((b as { results?: unknown } | null)?.results) ? (b as { results: unknown }).results : [b]),
    )
    return results as SyncResult[]
  }
}
