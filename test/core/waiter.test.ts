// test/core/waiter.test.ts — waitFor: reaches a state, fails fast, backs off, times out with the last state, aborts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AbortError, ClientError, InputError, NotFoundError, TimeoutError } from '../../src/core/errors.js'
import { WaitFailedError, waitFor, type WaitOptions } from '../../src/core/waiter.js'

/** A poll returning `states` one after another (the last one for ever), recording when each poll ran. */
function sequence<T>(states: T[]) {
  const at: number[] = []
  const signals: AbortSignal[] = []
  const poll = async (signal: AbortSignal): Promise<T> => {
    at.push(Date.now())
    signals.push(signal)
    return states[Math.min(at.length - 1, states.length - 1)]!
  }
  return { poll, at, signals }
}

/** Tracks a promise's outcome without letting a rejection go unhandled. */
function track<T>(p: Promise<T>) {
  const t = { settled: false, value: undefined as T | undefined, error: undefined as unknown }
  const done = p.then(
    (v) => ((t.settled = true), (t.value = v)),
    (e: unknown) => ((t.settled = true), (t.error = e)),
  )
  return Object.assign(t, { done })
}

const isActive = (s: string) => s === 'ACTIVE'

describe('waitFor with fake timers', () => {
  let t0 = 0
  beforeEach(() => {
    vi.useFakeTimers()
    t0 = Date.now()
  })
  afterEach(() => {
    expect(vi.getTimerCount()).toBe(0) // no timer outlives a settled wait
    vi.useRealTimers()
  })

  it('polls at once, then after growing pauses, until the state is reached', async () => {
    const s = sequence(['BUILD', 'BUILD', 'BUILD', 'ACTIVE'])
    const polled: [string, number][] = []
    const run = track(waitFor(s.poll, { until: isActive, onPoll: (v, n) => polled.push([v, n]) }))
    await vi.advanceTimersByTimeAsync(0)
    expect(s.at).toEqual([t0]) // the first poll does not wait
    await vi.advanceTimersByTimeAsync(10_000)
    await run.done
    expect(run.value).toBe('ACTIVE')
    // Defaults: 2000 ms, then ×1.5 each time.
    expect(s.at.map((t) => t - t0)).toEqual([0, 2000, 5000, 9500])
    expect(polled).toEqual([['BUILD', 1], ['BUILD', 2], ['BUILD', 3], ['ACTIVE', 4]])
  })

  it('backs off by the multiplier and never beyond maxIntervalMs', async () => {
    const s = sequence([1, 2, 3, 4, 5, 6, 7])
    const run = track(waitFor(s.poll, { until: (n) => n === 7, intervalMs: 100, backoff: 2, maxIntervalMs: 500 }))
    await vi.advanceTimersByTimeAsync(5000)
    await run.done
    const gaps = s.at.slice(1).map((t, i) => t - s.at[i]!)
    expect(gaps).toEqual([100, 200, 400, 500, 500, 500])
  })

  it('caps the first pause at maxIntervalMs when only that is lowered', async () => {
    const s = sequence([false, true])
    const run = track(waitFor(s.poll, { until: (v) => v, maxIntervalMs: 300 }))
    await vi.advanceTimersByTimeAsync(300)
    await run.done
    expect(s.at.map((t) => t - t0)).toEqual([0, 300])
  })

  it('fails at once on a failure state, with WaitFailedError holding the state', async () => {
    const s = sequence(['BUILD', 'ERROR', 'ACTIVE'])
    const run = track(
      waitFor(s.poll, { until: isActive, failWhen: (v) => v === 'ERROR', intervalMs: 50, timeoutMs: 600_000, what: 'server s1' }),
    )
    await vi.advanceTimersByTimeAsync(50)
    await run.done
    expect(Date.now() - t0).toBe(50) // the second poll, not the timeout
    expect(s.at).toHaveLength(2)
    const err = run.error as WaitFailedError
    expect(err).toBeInstanceOf(WaitFailedError)
    expect(err).toBeInstanceOf(ClientError)
    expect(err.name).toBe('WaitFailedError')
    expect(err.code).toBe('FailureState')
    expect(err.last).toBe('ERROR')
    expect(err.message).toBe('waiting for server s1: failed in state ERROR')
  })

  it('a failure state wins over until, and a failWhen string is the reason', async () => {
    const server = { status: 'ERROR', fault: 'No valid host was found' }
    const err = await waitFor(async () => server, {
      until: () => true,
      failWhen: (v) => v.status === 'ERROR' && v.fault,
      describe: (v) => v.status,
      what: 'server s2',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WaitFailedError)
    expect((err as WaitFailedError).message).toBe('waiting for server s2: failed in state ERROR: No valid host was found')
    expect((err as WaitFailedError).details).toEqual(['No valid host was found'])
    expect((err as WaitFailedError).last).toBe(server)
  })

  it('false and an empty string from failWhen are not failures', async () => {
    const s = sequence(['BUILD', 'ACTIVE'])
    const run = track(waitFor(s.poll, { until: isActive, failWhen: (v) => (v === 'BUILD' ? '' : false), intervalMs: 10 }))
    await vi.advanceTimersByTimeAsync(10)
    await run.done
    expect(run.value).toBe('ACTIVE')
  })

  it('times out with the last described state, never sleeping past the deadline', async () => {
    const s = sequence([{ status: 'BUILD', progress: 40 }])
    const run = track(
      waitFor(s.poll, { until: () => false, describe: (v) => `${v.status} ${v.progress}%`, intervalMs: 10_000, timeoutMs: 2500, what: 'server s3' }),
    )
    await vi.advanceTimersByTimeAsync(2499)
    expect(run.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(run.settled).toBe(true)
    const err = run.error as TimeoutError
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toBe('waiting for server s3: timed out after 2500 ms (last state: BUILD 40%)')
    expect(s.at).toHaveLength(1) // no extra poll raced against the deadline
  })

  it('names a plain string state without describe', async () => {
    const s = sequence(['BUILD'])
    const run = track(waitFor(s.poll, { until: isActive, intervalMs: 100, timeoutMs: 250 }))
    await vi.advanceTimersByTimeAsync(250)
    await run.done
    expect((run.error as TimeoutError).message).toBe('waiting for condition: timed out after 250 ms (last state: BUILD)')
    expect(s.at.map((t) => t - t0)).toEqual([0, 100]) // 100 + 150 reaches the deadline: no third poll
  })

  it('counts a slow poll against the timeout and aborts it through its signal', async () => {
    let pollSignal: AbortSignal | undefined
    const poll = (signal: AbortSignal) =>
      new Promise<string>((_, reject) => {
        pollSignal = signal
        signal.addEventListener('abort', () => reject(new Error('request cancelled')))
      })
    const run = track(waitFor(poll, { until: () => true, timeoutMs: 1000 }))
    await vi.advanceTimersByTimeAsync(1000)
    expect(pollSignal?.aborted).toBe(true)
    expect(pollSignal?.reason).toBeInstanceOf(TimeoutError)
    expect(run.error).toBeInstanceOf(TimeoutError)
    expect((run.error as TimeoutError).message).toBe('waiting for condition: timed out after 1000 ms before any poll finished')
  })

  it('does not let a poll that ignores its signal hold the wait past the deadline', async () => {
    const run = track(waitFor(() => new Promise<string>(() => {}), { until: () => true, timeoutMs: 1000 }))
    await vi.advanceTimersByTimeAsync(1000)
    expect(run.error).toBeInstanceOf(TimeoutError)
  })

  it('a describe that throws cannot break the timeout', async () => {
    const run = track(
      waitFor(async () => 'BUILD', {
        until: () => false,
        describe: () => {
          throw new Error('bad describe')
        },
        intervalMs: 100,
        timeoutMs: 150,
      }),
    )
    await vi.advanceTimersByTimeAsync(150)
    expect(run.error).toBeInstanceOf(TimeoutError)
    expect((run.error as TimeoutError).message).toBe('waiting for condition: timed out after 150 ms')
  })

  it('rejects with AbortError when the caller aborts during the pause', async () => {
    const s = sequence(['BUILD'])
    const ctl = new AbortController()
    const run = track(waitFor(s.poll, { until: isActive, intervalMs: 10_000, signal: ctl.signal, what: 'image i1' }))
    await vi.advanceTimersByTimeAsync(3000)
    ctl.abort('user gave up')
    await run.done
    const err = run.error as AbortError
    expect(err).toBeInstanceOf(AbortError)
    expect(err.cause).toBe('user gave up')
    expect(err.message).toBe('waiting for image i1 aborted')
    expect(s.at).toHaveLength(1)
  })

  it('rejects with AbortError when the caller aborts during a poll, aborting the poll too', async () => {
    const ctl = new AbortController()
    let pollSignal: AbortSignal | undefined
    const poll = (signal: AbortSignal) => ((pollSignal = signal), new Promise<string>(() => {}))
    const run = track(waitFor(poll, { until: () => true, signal: ctl.signal, timeoutMs: 60_000 }))
    await vi.advanceTimersByTimeAsync(10)
    ctl.abort(new Error('shutdown'))
    await run.done
    expect(pollSignal?.aborted).toBe(true)
    expect(run.error).toBeInstanceOf(AbortError)
    expect(((run.error as AbortError).cause as Error).message).toBe('shutdown')
    expect((run.error as AbortError).message).toBe('waiting for condition aborted')
  })

  it('does not poll when the signal has already fired', async () => {
    const s = sequence(['ACTIVE'])
    await expect(waitFor(s.poll, { until: isActive, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
    expect(s.at).toHaveLength(0)
  })
})

describe('waitFor errors from the caller\'s code', () => {
  it('a poll error rejects unchanged, at once', async () => {
    const gone = new NotFoundError('server not found', { status: 404 })
    let polls = 0
    const err = await waitFor(async () => (polls++, Promise.reject(gone)), { until: () => true, timeoutMs: 60_000 }).catch((e: unknown) => e)
    expect(err).toBe(gone)
    expect(polls).toBe(1)
    const plain = new Error('sync throw')
    const syncPoll = (() => {
      throw plain
    }) as () => Promise<number>
    await expect(waitFor(syncPoll, { until: () => true })).rejects.toBe(plain)
  })

  it('a poll error after a few polls still rejects unchanged', async () => {
    const boom = new Error('500 after two polls')
    let n = 0
    const poll = async () => {
      if (++n === 3) throw boom
      return n
    }
    await expect(waitFor(poll, { until: () => false, intervalMs: 1 })).rejects.toBe(boom)
    expect(n).toBe(3)
  })

  it('refuses bad options with InputError before polling', async () => {
    let polls = 0
    const poll = async () => (polls++, 'x')
    const bad: Partial<WaitOptions<string>>[] = [
      { intervalMs: 0 },
      { intervalMs: -1 },
      { intervalMs: Number.NaN },
      { maxIntervalMs: Number.POSITIVE_INFINITY },
      { intervalMs: 1000, maxIntervalMs: 500 },
      { backoff: 0.5 },
      { backoff: Number.NaN },
      { timeoutMs: 0 },
      { timeoutMs: -5 },
      { timeoutMs: 2 ** 31 }, // setTimeout would fire at once
      { until: undefined },
    ]
    for (const opts of bad) {
      const p = waitFor(poll, { until: () => true, ...opts } as WaitOptions<string>)
      await expect(p, JSON.stringify(opts)).rejects.toBeInstanceOf(InputError)
    }
    await expect(waitFor(undefined as unknown as typeof poll, { until: () => true })).rejects.toBeInstanceOf(InputError)
    expect(polls).toBe(0)
  })
})
