// src/eem/watch.ts — the device list of a Valence (one pod manager or all) as the source a DeviceWatcher polls.
import { ClientError } from '../core/errors.js'
import type { DevicesApi } from './devices.js'
import type { Device } from './schemas.js'
import type { DeviceWatcherOptions } from './watcher-options.js'
import type { DeviceSource } from './watcher-types.js'
import type { WaitForDeviceOptions } from './watcher.js'

/** Options of `eem.watch()`: the watcher's, plus which pod manager to watch. @example { podmId, intervalMs: 10_000, triggerSync: true } */
export interface EemWatchOptions extends DeviceWatcherOptions {
  /** Watch only this pod manager's devices (and sync only it). Default all. */
  podmId?: string
}

/** Options of `eem.waitForDevice()`. @example { podmId, timeoutMs: 60_000, triggerSync: true } */
export interface EemWaitForDeviceOptions extends WaitForDeviceOptions {
  podmId?: string
}

/**
 * `devices.list({ podmId })` and `devices.sync(podmId)` as a watcher source. A sync whose result
 * reports a failure fails the poll, so the watcher backs off and says so instead of diffing
 * stale data.
 * @example new DeviceWatcher(deviceSource(eem.devices, podmId), { triggerSync: true })
 */
export function deviceSource(devices: DevicesApi, podmId: string | undefined): DeviceSource<Device> {
  return {
    list: (signal) => devices.list(podmId === undefined ? {} : { podmId }, { signal }).toArray(),
    sync: async (signal) => {
      const results = await devices.sync(podmId, { signal })
      const failed = results.filter((r) => typeof r.status === 'string' && r.status.toUpperCase() === 'FAILED')
      if (failed.length > 0) {
        throw new ClientError(`devices/sync failed for ${failed.length} pod manager(s)`, { code: 'SyncFailed', retryable: true, details: [JSON.stringify(failed).slice(0, 500)] })
      }
      return results
    },
  }
}
