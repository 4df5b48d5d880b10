// test/eem/watcher-timers.test.ts — with real timers: a stopped watcher (or a settled wait) leaves no Timeout behind.
import { expect, it } from 'vitest'
import { setTimeout as delay } from 'node:timers/promises'
import { ServerError } from '../../src/core/errors.js'
import { DeviceWatcher, waitForDevice } from '../../src/eem/watcher.js'
import { dev, memorySource, type Device } from './watcher-helpers.js'

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

it('after stop() there are no more Timeout resources than before the watcher started', async () => {
  const before = timers()
  const src = memorySource([dev('a')])
  src.failures = [new ServerError('busy', { status: 503 })] // one backoff pause on the way
  const w = new DeviceWatcher<Device>(src, { intervalMs: 10, maxIntervalMs: 20 })
  const waiting = w.waitFor('a', 'allocated', { timeoutMs: 60_000 }).catch((e: unknown) => e)
  await delay(80)
  expect(src.calls.length).toBeGreaterThanOrEqual(3)
  expect(timers()).toBeGreaterThan(before) // the pause timer and the wait's deadline are live
  await w.stop()
  expect(await waiting).toBeInstanceOf(Error)
  expect(timers()).toBeLessThanOrEqual(before)
})

it('stop() mid-poll leaves no timer, even when the source ignores its signal', async () => {
  const before = timers()
  const src = memorySource([dev('a')])
  let calls = 0
  const list = src.list
  src.list = (signal) => (++calls < 3 ? list(signal) : new Promise(() => undefined))
  const w = new DeviceWatcher<Device>(src, { intervalMs: 5 })
  await delay(50)
  expect(calls).toBe(3) // stuck in the third poll
  await w.stop()
  expect(timers()).toBeLessThanOrEqual(before)
})

it('waitForDevice leaves no timer once it settles', async () => {
  const before = timers()
  const src = memorySource([dev('a')])
  setTimeout(() => (src.devices = [dev('a', { state: 'allocated' })]), 30)
  const device = await waitForDevice(src, 'a', 'allocated', { intervalMs: 10, timeoutMs: 5000 })
  expect(device.state).toBe('allocated')
  expect(timers()).toBeLessThanOrEqual(before)
})
