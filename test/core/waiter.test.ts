// test/core/waiter.test.ts — waitFor: reaches a state, fails fast, times out with the last state, aborts.
import { describe, expect, it } from 'vitest'
import { AbortError, InputError, TimeoutError } from '../../src/core/errors.js'
import { WaitFailedError, waitFor } from '../../src/core/waiter.js'

function sequence(states: string[]) {
  let i = 0
  const polls = { count: 0 }
  const poll = async () => (polls.count++, states[Math.min(i++, states.length - 1)]!)
  return { poll, polls }
}

describe('waitFor', () => {
  it('polls until the state is reached', async () => {
    const { poll, polls } = sequence(['BUILD', 'BUILD', 'ACTIVE'])
    expect(await waitFor(poll, { until: (s) => s === 'ACTIVE', intervalMs: 1 })).toBe('ACTIVE')
    expect(polls.count).toBe(3)
  })

  it('fails fast on a failure state without waiting for the timeout', async () => {
    const { poll, polls } = sequence(['BUILD', 'ERROR', 'ACTIVE'])
    const t0 = Date.now()
    const err = await waitFor(poll, { until: (s) => s === 'ACTIVE', failWhen: (s) => s === 'ERROR', describe: (s) => s, intervalMs: 1, timeoutMs: 60_000, what: 'server s1' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WaitFailedError)
    expect((err as WaitFailedError).message).toBe('waiting for server s1: failed in state ERROR')
    expect((err as WaitFailedError).last).toBe('ERROR')
    expect((err as WaitFailedError).code).toBe('FailureState')
    expect(polls.count).toBe(2)
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('times out naming the last state, never sleeping past the deadline', async () => {
    const { poll } = sequence(['BUILD'])
    const t0 = Date.now()
    const err = await waitFor(poll, { until: () => false, describe: (s) => `status ${s}`, intervalMs: 10_000, timeoutMs: 100 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toMatch(/timed out after 100 ms \(last: status BUILD\)/)
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('aborts a running poll through its signal when the time is up', async () => {
    let pollAborted = false
    const poll = (signal: AbortSignal) => new Promise<string>((_, reject) => signal.addEventListener('abort', () => ((pollAborted = true), reject(new Error('cancelled')))))
    await expect(waitFor(poll, { until: () => true, timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError)
    expect(pollAborted).toBe(true)
  })

  it('rejects with AbortError when the caller aborts during the pause', async () => {
    const { poll } = sequence(['BUILD'])
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(), 30)
    await expect(waitFor(poll, { until: () => false, intervalMs: 10_000, signal: ctl.signal })).rejects.toBeInstanceOf(AbortError)
  })

  it('backs off up to maxIntervalMs', async () => {
    const times: number[] = []
    const poll = async () => (times.push(Date.now()), times.length)
    await waitFor(poll, { until: (n) => n === 5, intervalMs: 10, backoff: 3, maxIntervalMs: 40 })
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    expect(gaps[0]).toBeGreaterThanOrEqual(8)
    expect(gaps[1]).toBeGreaterThanOrEqual(25)
    expect(gaps[2]).toBeGreaterThanOrEqual(35)
    expect(gaps[3]).toBeLessThan(90)
  })

  it('a poll error rejects unchanged; bad options are InputErrors', async () => {
    const boom = new Error('404')
    await expect(waitFor(() => Promise.reject(boom), { until: () => true })).rejects.toBe(boom)
    await expect(waitFor(async () => 1, { until: () => true, intervalMs: -1 })).rejects.toBeInstanceOf(InputError)
    await expect(waitFor(async () => 1, { until: () => true, backoff: 0.5 })).rejects.toBeInstanceOf(InputError)
  })
})
