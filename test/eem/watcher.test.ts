// test/eem/watcher.test.ts — DeviceWatcher: baseline, added/removed/changed, sync, backoff, fatal errors, stop and abort.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  AbortError,
  ClientError,
  ForbiddenError,
  InputError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors.js'
import { DeviceWatcher } from '../../src/eem/watcher.js'
import type { DeviceChange, WatchErrorInfo, WatcherStopInfo } from '../../src/eem/watcher-types.js'
import { dev, memorySource, names, record, track, type Device } from './watcher-helpers.js'

let t0 = 0
beforeEach(() => {
  vi.useFakeTimers()
  t0 = Date.now()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Runs the first poll (it starts on the next tick). */
const firstPoll = () => vi.advanceTimersByTimeAsync(0)

describe('baseline', () => {
  it('the first poll emits ready with the list and resolves ready, without added events', async () => {
    const src = memorySource([dev('a'), dev('b')])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const events = record(w, { polled: true }) // attached after construction: nothing may have been missed
    await firstPoll()
    expect(names(events)).toEqual(['ready', 'polled'])
    expect(await w.ready).toEqual([dev('a'), dev('b')])
    expect([...w.devices.keys()]).toEqual(['a', 'b'])
    await w.stop()
  })

  it('with emitInitial the baseline is reported as added devices and a batch too', async () => {
    const src = memorySource([dev('a'), dev('b')])
    const w = new DeviceWatcher(src, { intervalMs: 1000, emitInitial: true })
    const events = record(w)
    await firstPoll()
    expect(names(events)).toEqual(['added', 'added', 'batch', 'ready'])
    expect(events[2]![1]).toEqual({ added: [dev('a'), dev('b')], removed: [], changed: [] })
    await w.stop()
  })

  it('an empty baseline is still a baseline: the next poll reports additions', async () => {
    const src = memorySource([])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    src.devices = [dev('a')]
    await vi.advanceTimersByTimeAsync(1000)
    expect(names(events)).toEqual(['ready', 'added', 'batch'])
    await w.stop()
  })
})

describe('changes', () => {
  it('reports added, changed and removed devices with the fields that changed', async () => {
    const src = memorySource([dev('a'), dev('b'), dev('c')])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    src.devices = [dev('a'), dev('b', { state: 'allocated', node_id: 'n1', pooled_group_id: '7' }), dev('d')]
    await vi.advanceTimersByTimeAsync(1000)
    expect(src.at.map((t) => t - t0)).toEqual([0, 1000])
    expect(names(events)).toEqual(['ready', 'added', 'changed', 'removed', 'batch'])
    expect(events[1]![1]).toEqual(dev('d'))
    const change = events[2]![1] as DeviceChange<Device>
    expect(change.device).toEqual(src.devices[1])
    expect(change.previous).toEqual(dev('b'))
    expect(change.fields).toEqual([
      { name: 'state', from: 'free', to: 'allocated' },
      { name: 'node_id', from: null, to: 'n1' },
      { name: 'pooled_group_id', from: '4093', to: '7' },
    ])
    expect(events[3]![1]).toEqual(dev('c'))
    expect(events[4]![1]).toEqual({ added: [dev('d')], removed: [dev('c')], changed: [change] })
    await w.stop()
  })

  it('unchanged devices, and changes outside the watched fields, emit nothing', async () => {
    const src = memorySource([dev('a', { updated_at: '1' })])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    await vi.advanceTimersByTimeAsync(1000)
    src.devices = [dev('a', { updated_at: '2', type: 'NIC' })]
    await vi.advanceTimersByTimeAsync(1000)
    expect(src.calls).toEqual(['list', 'list', 'list'])
    expect(names(events)).toEqual(['ready'])
    expect(w.devices.get('a')?.updated_at).toBe('2') // the snapshot still follows the latest poll
    await w.stop()
  })

  it('watches only the fields asked for, comparing objects by value', async () => {
    const src = memorySource([dev('a', { properties: { model: 'X', ports: [1, 2] } })])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000, fields: ['properties'] })
    const events = record(w)
    await firstPoll()
    src.devices = [dev('a', { state: 'allocated', properties: { model: 'X', ports: [1, 2] } })] // state is not watched
    await vi.advanceTimersByTimeAsync(1000)
    expect(names(events)).toEqual(['ready'])
    src.devices = [dev('a', { properties: { model: 'X', ports: [1, 3] } })]
    await vi.advanceTimersByTimeAsync(1000)
    expect(names(events)).toEqual(['ready', 'changed', 'batch'])
    expect((events[1]![1] as DeviceChange<Device>).fields).toEqual([
      { name: 'properties', from: { model: 'X', ports: [1, 2] }, to: { model: 'X', ports: [1, 3] } },
    ])
    await w.stop()
  })

  it('with fields: [] only additions and removals count', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000, fields: [] })
    const events = record(w)
    await firstPoll()
    src.devices = [dev('a', { state: 'allocated' })]
    await vi.advanceTimersByTimeAsync(1000)
    expect(names(events)).toEqual(['ready'])
    await w.stop()
  })

  it('waits intervalMs after the end of each poll, so slow polls never overlap', async () => {
    const src = memorySource([dev('a')])
    const list = src.list
    src.list = async (signal) => {
      await new Promise((r) => setTimeout(r, 300))
      return list(signal)
    }
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    await vi.advanceTimersByTimeAsync(3000)
    expect(src.at.map((t) => t - t0)).toEqual([300, 1600, 2900])
    await w.stop()
  })
})

describe('triggerSync', () => {
  it('calls sync before every list and emits synced with its result', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000, triggerSync: true })
    const events = record(w)
    await firstPoll()
    await vi.advanceTimersByTimeAsync(1000)
    expect(src.calls).toEqual(['sync', 'list', 'sync', 'list'])
    expect(names(events)).toEqual(['synced', 'ready', 'synced'])
    expect(events[0]![1]).toEqual([{ podm_id: 'p1', status: 'SUCCESS' }])
    await w.stop()
  })

  it('a synced listener that stops the watcher prevents the list call', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000, triggerSync: true })
    w.on('synced', () => void w.stop())
    await firstPoll()
    await w.stop()
    expect(src.calls).toEqual(['sync'])
  })

  it('does not sync unless asked', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    await firstPoll()
    expect(src.calls).toEqual(['list'])
    await w.stop()
  })

  it('a failed sync fails the poll: no list, an error, a retry', async () => {
    const src = memorySource([dev('a')])
    let fail = true
    src.sync = async () => {
      src.calls.push('sync')
      if (fail) throw new ServerError('sync failed', { status: 503 })
      return []
    }
    const w = new DeviceWatcher(src, { intervalMs: 1000, triggerSync: true, jitter: false })
    const events = record(w)
    await firstPoll()
    fail = false
    await vi.advanceTimersByTimeAsync(2000)
    expect(src.calls).toEqual(['sync', 'sync', 'list'])
    expect(names(events)).toEqual(['error', 'synced', 'ready'])
    await w.stop()
  })

  it('needs a source that can sync', () => {
    expect(() => new DeviceWatcher({ list: async () => [] }, { triggerSync: true })).toThrow(InputError)
  })
})

describe('errors', () => {
  it('keeps running through transient errors, backing off and resetting after a success', async () => {
    const src = memorySource([dev('a')])
    src.failures = [new ServerError('busy', { status: 503 }), new NetworkError('reset'), new TimeoutError('slow')]
    const w = new DeviceWatcher(src, { intervalMs: 1000, jitter: false })
    const events = record(w)
    await vi.advanceTimersByTimeAsync(20_000)
    // Pauses: 2000, 4000, 8000 after the failures, then 1000 after each success.
    expect(src.at.slice(0, 7).map((t) => t - t0)).toEqual([0, 2000, 6000, 14_000, 15_000, 16_000, 17_000])
    const errors = events.filter((e) => e[0] === 'error')
    expect(errors.map((e) => (e[1] as Error).name)).toEqual(['ServerError', 'NetworkError', 'TimeoutError'])
    expect(errors.map((e) => e[2])).toEqual([
      { fatal: false, failures: 1, retryInMs: 2000 },
      { fatal: false, failures: 2, retryInMs: 4000 },
      { fatal: false, failures: 3, retryInMs: 8000 },
    ])
    expect(names(events)).toEqual(['error', 'error', 'error', 'ready'])
    expect(w.running).toBe(true)
    // A new failure after the success backs off from the start again.
    src.failures = [new ServerError('busy', { status: 500 })]
    const n = src.at.length
    await vi.advanceTimersByTimeAsync(1000 + 2000)
    expect(src.at.slice(n).map((t, i) => t - (src.at[n + i - 1] ?? 0))).toEqual([1000, 2000])
    await w.stop()
  })

  it('caps the pause at maxIntervalMs, honours Retry-After and jitters within the upper half', async () => {
    const src = memorySource([dev('a')])
    src.failures = [new ServerError('x', { status: 502 }), new ServerError('x', { status: 502 }), new RateLimitError('slow down', { status: 429, retryAfterMs: 9000 })]
    const w = new DeviceWatcher(src, { intervalMs: 1000, maxIntervalMs: 3000, jitter: false })
    const infos: WatchErrorInfo[] = []
    w.on('error', (_e, info) => infos.push(info))
    await vi.advanceTimersByTimeAsync(20_000)
    expect(infos.map((i) => i.retryInMs)).toEqual([2000, 3000, 9000])
    await w.stop()

    const random = vi.spyOn(Math, 'random').mockReturnValue(0)
    const src2 = memorySource([dev('a')])
    src2.failures = [new NetworkError('x'), new NetworkError('x')]
    const w2 = new DeviceWatcher(src2, { intervalMs: 1000 })
    const infos2: WatchErrorInfo[] = []
    w2.on('error', (_e, info) => infos2.push(info))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(infos2.map((i) => i.retryInMs)).toEqual([1000, 2000]) // half of 2000 and 4000: never 0
    random.mockRestore()
    await w2.stop()
  })

  it('a broken list (not an array, a device without uuid) is reported and retried', async () => {
    const src = memorySource([dev('a')])
    const list = src.list
    let bad: unknown[] = [{ nope: true }, 'garbage']
    src.list = async (signal) => (bad.length > 0 ? (bad.shift() as readonly Device[]) : list(signal))
    const w = new DeviceWatcher(src, { intervalMs: 1000, jitter: false })
    const events = record(w)
    await vi.advanceTimersByTimeAsync(10_000)
    bad = []
    const errors = events.filter((e) => e[0] === 'error').map((e) => e[1] as ClientError)
    expect(errors.map((e) => e.name)).toEqual(['ResponseError', 'ResponseError'])
    expect(errors[0]!.message).toMatch(/not an array/)
    expect(w.running).toBe(true)
    await w.stop()
  })

  it('a fatal error stops it: a final error event, then stopped, and no timer left', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    const forbidden = new ForbiddenError('no', { status: 403 })
    src.failures = [forbidden]
    await vi.advanceTimersByTimeAsync(1000)
    expect(names(events)).toEqual(['ready', 'error', 'stopped'])
    expect(events[1]!.slice(1)).toEqual([forbidden, { fatal: true, failures: 1 }])
    expect(events[2]![1]).toEqual({ reason: 'error', error: forbidden })
    expect(w.running).toBe(false)
    expect(w.stopInfo).toEqual({ reason: 'error', error: forbidden })
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(src.calls).toHaveLength(2)
    await w.stop() // still fine afterwards
  })

  it('a fatal error before the baseline rejects ready with it', async () => {
    const src = memorySource([dev('a')])
    const notFound = new NotFoundError('no such pod manager', { status: 404 })
    src.failures = [notFound]
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const ready = track(w.ready)
    await firstPoll()
    await ready.done
    expect(ready.error).toBe(notFound)
  })

  it('an error that is not a ClientError is wrapped and is fatal; isFatal can override the rule', async () => {
    const src = memorySource([dev('a')])
    const bug = new TypeError('x is undefined')
    src.failures = [bug]
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    const error = events[0]![1] as ClientError
    expect(error).toBeInstanceOf(ClientError)
    expect(error.message).toBe('device source failed: x is undefined')
    expect(error.cause).toBe(bug)
    expect(names(events)).toEqual(['error', 'stopped'])

    const src2 = memorySource([dev('a')])
    src2.failures = [new NotFoundError('not yet', { status: 404 })]
    const w2 = new DeviceWatcher(src2, { intervalMs: 1000, jitter: false, isFatal: (e) => (e.status === 404 ? false : undefined) })
    await vi.advanceTimersByTimeAsync(2000)
    expect(w2.running).toBe(true)
    expect(w2.devices.size).toBe(1)
    await w2.stop()
  })

  it('a throwing listener does not break the loop', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const thrown: unknown[] = []
    const queue = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => {
      try {
        fn()
      } catch (e) {
        thrown.push(e)
      }
    })
    w.on('ready', () => {
      throw new Error('listener bug')
    })
    await firstPoll()
    await vi.advanceTimersByTimeAsync(1000)
    queue.mockRestore()
    expect(thrown).toEqual([new Error('listener bug')])
    expect(src.calls).toEqual(['list', 'list'])
    expect(w.running).toBe(true)
    await w.stop()
  })
})

describe('stop and abort', () => {
  it('stop() mid-poll aborts the list in flight and resolves without waiting for it', async () => {
    const src = memorySource([dev('a')])
    let seen: AbortSignal | undefined
    src.list = (signal) => {
      seen = signal
      return new Promise(() => undefined) // never settles, and ignores its signal
    }
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    expect(seen?.aborted).toBe(false)
    const stopping = track(w.stop())
    await stopping.done
    expect(seen?.aborted).toBe(true)
    expect(names(events)).toEqual(['stopped'])
    expect(events[0]![1]).toEqual({ reason: 'stop' } satisfies WatcherStopInfo)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stop() during the pause clears the timer; it is idempotent and emits stopped once', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    const events = record(w)
    await firstPoll()
    expect(vi.getTimerCount()).toBe(1)
    const a = w.stop()
    const b = w.close()
    expect(w.running).toBe(false)
    await Promise.all([a, b, w.stop(), w[Symbol.asyncDispose]()])
    expect(vi.getTimerCount()).toBe(0)
    expect(names(events)).toEqual(['ready', 'stopped'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(src.calls).toEqual(['list'])
  })

  it('stop() right after construction ends it before any poll; ready rejects with AbortError', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src)
    const events = record(w)
    const ready = track(w.ready)
    await w.stop()
    await ready.done
    expect(src.calls).toEqual([])
    expect(names(events)).toEqual(['stopped'])
    expect(ready.error).toBeInstanceOf(AbortError)
  })

  it('a listener may stop the watcher', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { intervalMs: 1000 })
    w.on('ready', () => void w.stop())
    await firstPoll()
    expect(w.running).toBe(false)
    await w.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('opts.signal stops it with reason abort and an AbortError carrying the reason', async () => {
    const src = memorySource([dev('a')])
    const ctl = new AbortController()
    let seen: AbortSignal | undefined
    const w = new DeviceWatcher(src, { intervalMs: 1000, signal: ctl.signal })
    const events = record(w)
    await firstPoll()
    src.list = (signal) => {
      seen = signal
      return new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new AbortError('aborted'))))
    }
    await vi.advanceTimersByTimeAsync(1000)
    ctl.abort('user quit')
    await w.stop()
    expect(seen?.aborted).toBe(true)
    expect(names(events)).toEqual(['ready', 'stopped'])
    const info = events[1]![1] as WatcherStopInfo
    expect(info.reason).toBe('abort')
    expect(info.error).toBeInstanceOf(AbortError)
    expect(info.error?.cause).toBe('user quit')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('an already aborted signal stops it before the first poll', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src, { signal: AbortSignal.abort('early') })
    const events = record(w)
    const ready = track(w.ready)
    await firstPoll()
    await ready.done
    expect(src.calls).toEqual([])
    expect(names(events)).toEqual(['stopped'])
    expect((events[0]![1] as WatcherStopInfo).reason).toBe('abort')
    expect(ready.error).toBeInstanceOf(AbortError)
  })
})

describe('options', () => {
  it('checks its arguments with InputError', () => {
    const src = memorySource()
    expect(() => new DeviceWatcher(src, { intervalMs: 0 })).toThrow(InputError)
    expect(() => new DeviceWatcher(src, { intervalMs: Number.NaN })).toThrow(/intervalMs/)
    expect(() => new DeviceWatcher(src, { intervalMs: 5000, maxIntervalMs: 1000 })).toThrow(/maxIntervalMs/)
    expect(() => new DeviceWatcher(src, { backoff: 0.5 })).toThrow(/backoff/)
    expect(() => new DeviceWatcher(src, { fields: ['state', ''] })).toThrow(/fields/)
    expect(() => new DeviceWatcher({} as never)).toThrow(/list/)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('defaults to a 30 s interval', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher(src)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(src.at.map((t) => t - t0)).toEqual([0, 30_000, 60_000])
    await w.stop()
  })
})
