// test/eem/watcher-wait.test.ts — watcher.waitFor() and waitForDevice(): reach a state, time out, abort, disappear.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AbortError, ForbiddenError, InputError, NotFoundError, ServerError, TimeoutError } from '../../src/core/errors.js'
import { DeviceWatcher, waitForDevice } from '../../src/eem/watcher.js'
import { dev, memorySource, track, type Device } from './watcher-helpers.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  expect(vi.getTimerCount()).toBe(0) // no wait and no watcher leaves a timer behind
  vi.useRealTimers()
})

describe('watcher.waitFor', () => {
  it('resolves once a poll shows the state, and leaves the watcher running', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    const wait = track(w.waitFor('a', 'allocated'))
    await vi.advanceTimersByTimeAsync(1000)
    expect(wait.settled).toBe(false)
    src.devices = [dev('a', { state: 'allocated', node_id: 'n1' })]
    await vi.advanceTimersByTimeAsync(1000)
    await wait.done
    expect(wait.value).toEqual(dev('a', { state: 'allocated', node_id: 'n1' }))
    expect(w.running).toBe(true)
    expect(w.listenerCount('polled')).toBe(0) // the wait cleaned up after itself
    await w.stop()
  })

  it('resolves at once when the last poll already shows it; takes a predicate too', async () => {
    const src = memorySource([dev('a', { node_id: 'n1' })])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    await w.ready
    await expect(w.waitFor('a', 'free')).resolves.toEqual(dev('a', { node_id: 'n1' }))
    await expect(w.waitFor('a', (d) => d.node_id === 'n1')).resolves.toMatchObject({ uuid: 'a' })
    await w.stop()
  })

  it('waits for a device not seen yet, and ignores transient poll errors', async () => {
    const src = memorySource([])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000, jitter: false })
    const wait = track(w.waitFor('b', 'free', { timeoutMs: 60_000 }))
    await vi.advanceTimersByTimeAsync(0)
    src.failures = [new ServerError('busy', { status: 503 })]
    src.devices = [dev('b')]
    await vi.advanceTimersByTimeAsync(1000 + 2000)
    await wait.done
    expect(wait.value).toEqual(dev('b'))
    await w.stop()
  })

  it('rejects with TimeoutError naming the last state', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    const wait = track(w.waitFor('a', 'allocated', { timeoutMs: 2500 }))
    const never = track(w.waitFor('zz', 'free', { timeoutMs: 2500 }))
    await vi.advanceTimersByTimeAsync(2500)
    await Promise.all([wait.done, never.done])
    expect(wait.error).toBeInstanceOf(TimeoutError)
    expect((wait.error as Error).message).toBe('waiting for device a to reach state allocated: timed out after 2500 ms (last state: free)')
    expect((never.error as Error).message).toMatch(/before the device was seen$/)
    expect(w.running).toBe(true)
    await w.stop()
  })

  it('rejects with AbortError when its signal fires', async () => {
    const w = new DeviceWatcher<Device>(memorySource([dev('a')]), { intervalMs: 1000 })
    const ctl = new AbortController()
    const wait = track(w.waitFor('a', 'allocated', { signal: ctl.signal, timeoutMs: 10_000 }))
    await vi.advanceTimersByTimeAsync(1000)
    ctl.abort('enough')
    await wait.done
    expect(wait.error).toBeInstanceOf(AbortError)
    expect((wait.error as AbortError).cause).toBe('enough')
    await expect(w.waitFor('a', 'allocated', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
    await w.stop()
  })

  it('rejects with NotFoundError when the device disappears after having been seen', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    const wait = track(w.waitFor('a', 'allocated'))
    await vi.advanceTimersByTimeAsync(0)
    src.devices = []
    await vi.advanceTimersByTimeAsync(1000)
    await wait.done
    expect(wait.error).toBeInstanceOf(NotFoundError)
    expect((wait.error as NotFoundError).message).toMatch(/device a disappeared \(last state: free\)/)
    await w.stop()
  })

  it('rejects when the watcher stops: AbortError after stop(), the error after a fatal one', async () => {
    const src = memorySource([dev('a')])
    const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
    const wait = track(w.waitFor('a', 'allocated'))
    await vi.advanceTimersByTimeAsync(0)
    await w.stop()
    await wait.done
    expect(wait.error).toBeInstanceOf(AbortError)
    await expect(w.waitFor('a', 'free')).rejects.toBeInstanceOf(AbortError)

    const src2 = memorySource([dev('a')])
    const forbidden = new ForbiddenError('no', { status: 403 })
    src2.failures = [forbidden]
    const w2 = new DeviceWatcher<Device>(src2, { intervalMs: 1000 })
    await expect(w2.waitFor('a', 'free')).rejects.toBe(forbidden)
  })

  it('rejects bad arguments with InputError', async () => {
    const w = new DeviceWatcher<Device>(memorySource(), { intervalMs: 1000 })
    await expect(w.waitFor('', 'free')).rejects.toBeInstanceOf(InputError)
    await expect(w.waitFor('a', 3 as never)).rejects.toBeInstanceOf(InputError)
    await expect(w.waitFor('a', 'free', { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/)
    await w.stop()
  })
})

describe('waitForDevice', () => {
  it('polls every 2 s by default, resolves with the device and stops its watcher', async () => {
    const src = memorySource([dev('a')])
    const wait = track(waitForDevice(src, 'a', 'allocated', { triggerSync: true, timeoutMs: 60_000 }))
    await vi.advanceTimersByTimeAsync(0)
    src.devices = [dev('a', { state: 'allocated' })]
    await vi.advanceTimersByTimeAsync(2000)
    await wait.done
    expect(wait.value?.state).toBe('allocated')
    expect(src.calls).toEqual(['sync', 'list', 'sync', 'list'])
    expect(src.signals.every((s) => s.aborted)).toBe(true) // the watcher is gone
  })

  it('times out, aborts and reports disappearance, stopping the watcher each time', async () => {
    const src = memorySource([dev('a')])
    const timeout = track(waitForDevice(src, 'a', 'allocated', { timeoutMs: 5000 }))
    await vi.advanceTimersByTimeAsync(5000)
    await timeout.done
    expect(timeout.error).toBeInstanceOf(TimeoutError)

    const ctl = new AbortController()
    const aborted = track(waitForDevice(src, 'a', 'allocated', { signal: ctl.signal }))
    await vi.advanceTimersByTimeAsync(100)
    ctl.abort()
    await aborted.done
    expect(aborted.error).toBeInstanceOf(AbortError)

    const gone = track(waitForDevice(src, 'a', 'allocated', { intervalMs: 500 }))
    await vi.advanceTimersByTimeAsync(0)
    src.devices = []
    await vi.advanceTimersByTimeAsync(500)
    await gone.done
    expect(gone.error).toBeInstanceOf(NotFoundError)
    expect(src.signals.every((s) => s.aborted)).toBe(true)
  })

  it('rejects bad options with InputError', async () => {
    await expect(waitForDevice(memorySource(), 'a', 'free', { intervalMs: -5 })).rejects.toBeInstanceOf(InputError)
    await expect(waitForDevice({ list: async () => [] }, 'a', 'free', { triggerSync: true })).rejects.toBeInstanceOf(InputError)
  })
})
