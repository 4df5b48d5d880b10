// test/eem/watcher-iterate.test.ts — DeviceWatcher as an async iterator of change batches: yields, ends, breaks, throws.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { AbortError, ForbiddenError } from '../../src/core/errors.js'
import { DeviceWatcher } from '../../src/eem/watcher.js'
import type { DeviceBatch } from '../../src/eem/watcher-types.js'
import { dev, memorySource, names, record, track, type Device } from './watcher-helpers.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  expect(vi.getTimerCount()).toBe(0) // every test ends with the watcher stopped
  vi.useRealTimers()
})

/** Collects batches from a for-await loop in the background; `stopAfter` batches break out of it. */
function consume(w: DeviceWatcher<Device>, stopAfter = Number.POSITIVE_INFINITY) {
  const batches: DeviceBatch<Device>[] = []
  const run = track(
    (async () => {
      for await (const batch of w) {
        batches.push(batch)
        if (batches.length >= stopAfter) break
      }
    })(),
  )
  return { batches, run }
}

it('yields one batch per poll that had changes, and ends when the watcher is stopped', async () => {
  const src = memorySource([dev('a')])
  const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
  const { batches, run } = consume(w)
  await vi.advanceTimersByTimeAsync(0)
  src.devices = [dev('a'), dev('b')]
  await vi.advanceTimersByTimeAsync(1000)
  await vi.advanceTimersByTimeAsync(1000) // no change: no batch
  src.devices = [dev('b', { state: 'allocated' })]
  await vi.advanceTimersByTimeAsync(1000)
  expect(batches).toHaveLength(2)
  expect(batches[0]).toEqual({ added: [dev('b')], removed: [], changed: [] })
  expect(batches[1]!.removed).toEqual([dev('a')])
  expect(batches[1]!.changed.map((c) => c.fields)).toEqual([[{ name: 'state', from: 'free', to: 'allocated' }]])
  expect(run.settled).toBe(false)
  await w.stop()
  await run.done
  expect(run.error).toBeUndefined()
})

it('breaking out of the loop stops the watcher', async () => {
  const src = memorySource([dev('a')])
  const w = new DeviceWatcher<Device>(src, { intervalMs: 1000, emitInitial: true })
  const events = record(w)
  const { batches, run } = consume(w, 1)
  await vi.advanceTimersByTimeAsync(0)
  await run.done
  expect(batches).toEqual([{ added: [dev('a')], removed: [], changed: [] }])
  expect(w.running).toBe(false)
  expect(names(events)).toEqual(['added', 'batch', 'ready', 'stopped'])
  await vi.advanceTimersByTimeAsync(5000)
  expect(src.calls).toEqual(['list'])
})

it('keeps the batches that arrive while the loop body is busy', async () => {
  const src = memorySource([])
  const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
  const it = w[Symbol.asyncIterator]()
  await vi.advanceTimersByTimeAsync(0)
  src.devices = [dev('a')]
  await vi.advanceTimersByTimeAsync(1000)
  src.devices = [dev('a'), dev('b')]
  await vi.advanceTimersByTimeAsync(1000)
  await w.stop()
  expect((await it.next()).value?.added).toEqual([dev('a')])
  expect((await it.next()).value?.added).toEqual([dev('b')])
  expect(await it.next()).toEqual({ value: undefined, done: true })
})

it('throws the fatal error that stopped the watcher, once, after the batches before it', async () => {
  const src = memorySource([dev('a')])
  const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
  const { batches, run } = consume(w)
  await vi.advanceTimersByTimeAsync(0)
  src.devices = []
  await vi.advanceTimersByTimeAsync(1000)
  const forbidden = new ForbiddenError('no', { status: 403 })
  src.failures = [forbidden]
  await vi.advanceTimersByTimeAsync(1000)
  await run.done
  expect(batches).toHaveLength(1)
  expect(run.error).toBe(forbidden)
  // A loop started after the end sees the same ending.
  const late = w[Symbol.asyncIterator]()
  await expect(late.next()).rejects.toBe(forbidden)
  await expect(late.next()).resolves.toEqual({ value: undefined, done: true })
})

it('throws AbortError when opts.signal stops the watcher', async () => {
  const ctl = new AbortController()
  const w = new DeviceWatcher<Device>(memorySource([dev('a')]), { intervalMs: 1000, signal: ctl.signal })
  const { run } = consume(w)
  await vi.advanceTimersByTimeAsync(0)
  ctl.abort()
  await run.done
  expect(run.error).toBeInstanceOf(AbortError)
  await w.stop()
})

it('several loops each get every batch; breaking one stops the watcher for all', async () => {
  const src = memorySource([])
  const w = new DeviceWatcher<Device>(src, { intervalMs: 1000 })
  const one = consume(w, 1)
  const two = consume(w)
  await vi.advanceTimersByTimeAsync(0)
  src.devices = [dev('a')]
  await vi.advanceTimersByTimeAsync(1000)
  await Promise.all([one.run.done, two.run.done])
  expect(one.batches).toHaveLength(1)
  expect(two.batches).toHaveLength(1)
  expect(w.running).toBe(false)
})
