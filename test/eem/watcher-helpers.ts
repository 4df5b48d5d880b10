// test/eem/watcher-helpers.ts — an in-memory device source the tests mutate between polls, and an event recorder.
import type { DeviceWatcher } from '../../src/eem/watcher.js'
import type { DeviceWatcherEvents, WatchedDevice } from '../../src/eem/watcher-types.js'

export interface Device extends WatchedDevice {
  uuid: string
  state: string
  node_id: string | null
  pooled_group_id: string
  type?: string
  updated_at?: string
  properties?: Record<string, unknown>
}

export const dev = (uuid: string, extra: Partial<Device> = {}): Device => ({ uuid, state: 'free', node_id: null, pooled_group_id: '4093', ...extra })

/** A source whose `devices` the test changes; `failures` are thrown by the next list calls, in order. */
export function memorySource(initial: Device[] = []) {
  const src = {
    devices: initial,
    calls: [] as string[],
    at: [] as number[],
    signals: [] as AbortSignal[],
    failures: [] as unknown[],
    syncResult: [{ podm_id: 'p1', status: 'SUCCESS' }] as unknown,
    async list(signal: AbortSignal): Promise<readonly Device[]> {
      src.calls.push('list')
      src.at.push(Date.now())
      src.signals.push(signal)
      if (src.failures.length > 0) throw src.failures.shift()
      // Copies, as a real client returns fresh objects every poll.
      return src.devices.map((d) => structuredClone(d))
    },
    async sync(signal: AbortSignal): Promise<unknown> {
      src.calls.push('sync')
      src.signals.push(signal)
      return src.syncResult
    },
  }
  return src
}

export type Recorded = [string, ...unknown[]]

/** Records the events a watcher sends, in order; `polled` (sent after every poll) only when asked. */
export function record<D extends WatchedDevice>(watcher: DeviceWatcher<D>, { polled = false } = {}): Recorded[] {
  const events: Recorded[] = []
  const names: (keyof DeviceWatcherEvents<D>)[] = ['ready', 'added', 'removed', 'changed', 'batch', 'synced', 'error', 'stopped']
  if (polled) names.push('polled')
  for (const name of names) watcher.on(name, (...args: unknown[]) => events.push([name, ...args]))
  return events
}

/** The names of recorded events. */
export const names = (events: Recorded[]): string[] => events.map((e) => e[0])

/** Tracks a promise's outcome without letting a rejection go unhandled. */
export function track<T>(p: Promise<T>) {
  const t = { settled: false, value: undefined as T | undefined, error: undefined as unknown }
  const done = p.then(
    (v) => ((t.settled = true), (t.value = v)),
    (e: unknown) => ((t.settled = true), (t.error = e)),
  )
  return Object.assign(t, { done })
}
