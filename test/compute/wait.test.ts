// test/compute/wait.test.ts — servers.waitFor and waitForDelete against fixture status sequences: settling, task states, ERROR, timeout, abort, progress, bad input.
import { describe, expect, it } from 'vitest'
import { AbortError, ClientError, InputError, NotFoundError, TimeoutError } from '../../src/core/errors.js'
import { type ComputeClient, ServerFaultError, type Server, type ServerStatus } from '../../src/compute/index.js'
import { SERVER_ID, serverBody } from './fixtures.js'
import { type FixtureNova, useFixtureNova, fault } from './support.js'

let nova: FixtureNova
let compute: ComputeClient
useFixtureNova({ retry: false }, (n, c) => {
  nova = n
  compute = c
})

const SERVER = `/servers/${SERVER_ID}`
const FAST = { intervalMs: 2, maxIntervalMs: 2 } as const
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A server body in a status, with a task (null: none) and extra fields. */
function state(status: string, task: string | null = null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return serverBody(SERVER_ID, { status, 'OS-EXT-STS:task_state': task, ...extra })
}

/** GET /servers/{id} answers with these bodies, one per poll, in order; a poll past the end gets the fixture's 599. */
function polls(...bodies: Record<string, unknown>[]): void {
  for (const body of bodies) nova.on('GET', SERVER, { json: { server: body } }, 1)
}

const gone = (): void => {
  nova.on('GET', SERVER, { status: 404, json: fault('itemNotFound', 404, `Instance ${SERVER_ID} could not be found.`) }, 1)
}

async function rejection(p: Promise<unknown>): Promise<ClientError> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(outcome instanceof ClientError)) throw new Error(`expected a ClientError rejection, got ${String(outcome)}`)
  return outcome
}

const NO_HOST = {
  code: 500,
  created: '2026-03-01T10:00:05Z',
  message: 'No valid host was found. There are not enough hosts available.',
  details: 'Traceback (most recent call last):\n  File "/opt/stack/nova/nova/conductor/manager.py", line 1580, in schedule_and_build_instances',
}

describe('servers.waitFor', () => {
  it('BUILD → BUILD → ACTIVE resolves with the last server polled, reporting each poll', async () => {
    polls(state('BUILD', 'scheduling', { progress: 0 }), state('BUILD', 'spawning', { progress: 40 }), state('ACTIVE', null, { progress: 100 }))
    const seen: [string | undefined, string | null | undefined, number][] = []
    const s = await compute.servers.waitFor(SERVER_ID, 'ACTIVE', {
      ...FAST,
      onProgress: (srv, n) => seen.push([srv?.status, srv?.['OS-EXT-STS:task_state'], n]),
    })
    expect(s).toEqual(state('ACTIVE', null, { progress: 100 }))
    expect(seen).toEqual([
      ['BUILD', 'scheduling', 1],
      ['BUILD', 'spawning', 2],
      ['ACTIVE', null, 3],
    ])
    expect(nova.seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${SERVER}`, `GET ${SERVER}`, `GET ${SERVER}`])
  })

  it('ACTIVE while a task runs (powering-off) is not settled', async () => {
    polls(state('ACTIVE', 'powering-off'), state('ACTIVE', 'powering-off'), state('ACTIVE', null, { name: 'settled' }))
    const s = await compute.servers.waitFor(SERVER_ID, 'ACTIVE', FAST)
    expect(s.name).toBe('settled')
    expect(s['OS-EXT-STS:task_state']).toBeNull()
    expect(nova.seen.length).toBe(3)
  })

  it('ignoreTaskState accepts the status while the task still runs', async () => {
    polls(state('BUILD', 'spawning'), state('ACTIVE', 'image_snapshot'), state('ACTIVE'))
    const s = await compute.servers.waitFor(SERVER_ID, 'ACTIVE', { ...FAST, ignoreTaskState: true })
    expect(s.status).toBe('ACTIVE')
    expect(s['OS-EXT-STS:task_state']).toBe('image_snapshot')
    expect(nova.seen.length).toBe(2)
  })

  it('ERROR fails fast with a ServerFaultError carrying the fault and the server, and polls no more', async () => {
    polls(state('BUILD', 'scheduling'), state('ERROR', null, { fault: NO_HOST, 'OS-EXT-STS:vm_state': 'error' }), state('ACTIVE'))
    const err = await rejection(compute.servers.waitFor(SERVER_ID, 'ACTIVE', FAST))
    expect(err).toBeInstanceOf(ServerFaultError)
    const f = err as ServerFaultError
    expect(f.name).toBe('ServerFaultError')
    expect(f.code).toBe('FailureState')
    expect(f.message).toBe(`waiting for server ${SERVER_ID} to be ACTIVE: failed in state ERROR: fault 500: ${NO_HOST.message}`)
    expect(f.fault).toEqual(NO_HOST)
    expect(f.fault?.details).toContain('schedule_and_build_instances')
    expect((f.server as Server).status).toBe('ERROR')
    expect((f.server as Server).id).toBe(SERVER_ID)
    expect(f.details).toEqual([`fault 500: ${NO_HOST.message}`, NO_HOST.details])
    expect(f.cause).toBeInstanceOf(ClientError)
    await pause(20)
    expect(nova.seen.length).toBe(2)
  })

  it('ERROR with no fault shown still fails, with fault undefined', async () => {
    polls(state('ERROR', 'spawning'))
    const err = await rejection(compute.servers.waitFor(SERVER_ID, 'SHUTOFF', FAST))
    expect(err).toBeInstanceOf(ServerFaultError)
    expect((err as ServerFaultError).fault).toBeUndefined()
    expect(err.message).toBe(`waiting for server ${SERVER_ID} to be SHUTOFF: failed in state ERROR (task spawning): no fault given`)
    expect(nova.seen.length).toBe(1)
  })

  it('waiting for ERROR itself resolves with the server in ERROR', async () => {
    polls(state('BUILD', 'spawning'), state('ERROR', null, { fault: NO_HOST }))
    const s = await compute.servers.waitFor(SERVER_ID, 'ERROR', FAST)
    expect(s.status).toBe('ERROR')
    expect(s.fault).toEqual(NO_HOST)
    expect(nova.seen.length).toBe(2)
  })

  it('timeoutMs rejects with a TimeoutError naming the last status and task', async () => {
    nova.on('GET', SERVER, { json: { server: state('BUILD', 'spawning') } })
    const started = Date.now()
    const err = await rejection(compute.servers.waitFor(SERVER_ID, 'ACTIVE', { timeoutMs: 40, intervalMs: 5, maxIntervalMs: 5 }))
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toBe(`waiting for server ${SERVER_ID} to be ACTIVE: timed out after 40 ms (last state: BUILD (task spawning))`)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(nova.seen.length).toBeGreaterThan(1)
    const polled = nova.seen.length
    await pause(20)
    expect(nova.seen.length).toBe(polled)
  })

  it('an AbortSignal fired between polls rejects with AbortError at once and sends nothing more', async () => {
    nova.on('GET', SERVER, { json: { server: state('BUILD', 'spawning') } })
    const ctl = new AbortController()
    const reason = new Error('user pressed Ctrl-C')
    const started = Date.now()
    const waiting = compute.servers.waitFor(SERVER_ID, 'ACTIVE', {
      intervalMs: 5_000,
      signal: ctl.signal,
      onProgress: () => setTimeout(() => ctl.abort(reason), 5),
    })
    const err = await rejection(waiting)
    expect(err).toBeInstanceOf(AbortError)
    expect(err.message).toBe(`waiting for server ${SERVER_ID} to be ACTIVE aborted`)
    expect(err.cause).toBe(reason)
    expect(Date.now() - started).toBeLessThan(1000)
    await pause(20)
    expect(nova.seen.length).toBe(1)
  })

  it('a signal aborted in onProgress stops after that poll', async () => {
    nova.on('GET', SERVER, { json: { server: state('BUILD', 'spawning') } })
    const ctl = new AbortController()
    const attempts: number[] = []
    const err = await rejection(
      compute.servers.waitFor(SERVER_ID, 'ACTIVE', {
        ...FAST,
        signal: ctl.signal,
        onProgress: (_s, n) => {
          attempts.push(n)
          if (n === 2) ctl.abort()
        },
      }),
    )
    expect(err).toBeInstanceOf(AbortError)
    expect(attempts).toEqual([1, 2])
    await pause(20)
    expect(nova.seen.length).toBe(2)
  })

  it('a signal already aborted rejects before any request', async () => {
    const err = await rejection(compute.servers.waitFor(SERVER_ID, 'ACTIVE', { ...FAST, signal: AbortSignal.abort() }))
    expect(err).toBeInstanceOf(AbortError)
    expect(nova.seen.length).toBe(0)
  })

  it('a server that disappears while waited for rejects with the NotFoundError', async () => {
    polls(state('BUILD', 'spawning'))
    gone()
    const err = await rejection(compute.servers.waitFor(SERVER_ID, 'ACTIVE', FAST))
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err.code).toBe('itemNotFound')
    expect(nova.seen.length).toBe(2)
  })
})

describe('servers.waitForDelete', () => {
  it('resolves on 404, reporting null for the poll that found it gone', async () => {
    polls(state('ACTIVE', 'deleting'), state('ACTIVE', 'deleting'))
    gone()
    const seen: [string | null, number][] = []
    const result = await compute.servers.waitForDelete(SERVER_ID, { ...FAST, onProgress: (s, n) => seen.push([s === null ? null : s.status, n]) })
    expect(result).toBeUndefined()
    expect(seen).toEqual([
      ['ACTIVE', 1],
      ['ACTIVE', 2],
      [null, 3],
    ])
    expect(nova.seen.length).toBe(3)
  })

  it('resolves when the server shows DELETED (admins listing deleted servers)', async () => {
    polls(state('ACTIVE', 'deleting'), state('DELETED', null, { 'OS-EXT-STS:vm_state': 'deleted' }), state('DELETED'))
    await compute.servers.waitForDelete(SERVER_ID, FAST)
    expect(nova.seen.length).toBe(2)
  })

  it('ERROR while the delete task runs keeps waiting', async () => {
    polls(state('ERROR', 'deleting'), state('ERROR', 'deleting'))
    gone()
    await compute.servers.waitForDelete(SERVER_ID, FAST)
    expect(nova.seen.length).toBe(3)
  })

  it('ERROR with no task running (the delete failed) is a ServerFaultError', async () => {
    const refused = { code: 500, message: 'Failed to delete instance: volume detach timed out', created: '2026-03-01T10:05:00Z' }
    polls(state('ACTIVE', 'deleting'), state('ERROR', null, { fault: refused }))
    gone()
    const err = await rejection(compute.servers.waitForDelete(SERVER_ID, FAST))
    expect(err).toBeInstanceOf(ServerFaultError)
    const f = err as ServerFaultError
    expect(f.message).toBe(`waiting for server ${SERVER_ID} to be deleted: failed in state ERROR: fault 500: ${refused.message}`)
    expect(f.fault).toEqual(refused)
    expect((f.server as Server).status).toBe('ERROR')
    expect(f.details).toEqual([`fault 500: ${refused.message}`])
    await pause(20)
    expect(nova.seen.length).toBe(2)
  })

  it('timeoutMs names the last state', async () => {
    nova.on('GET', SERVER, { json: { server: state('ACTIVE', 'deleting') } })
    const err = await rejection(compute.servers.waitForDelete(SERVER_ID, { timeoutMs: 30, intervalMs: 5, maxIntervalMs: 5 }))
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toBe(`waiting for server ${SERVER_ID} to be deleted: timed out after 30 ms (last state: ACTIVE (task deleting))`)
  })

  it('other errors than 404 reject unchanged', async () => {
    nova.on('GET', SERVER, { status: 403, json: fault('forbidden', 403, "Policy doesn't allow os_compute_api:servers:show to be performed.") })
    const err = await rejection(compute.servers.waitForDelete(SERVER_ID, FAST))
    expect(err.name).toBe('ForbiddenError')
    expect(nova.seen.length).toBe(1)
  })
})

describe('bad input is an InputError before any request', () => {
  const bad: [string, () => Promise<unknown>][] = [
    ['empty id', () => compute.servers.waitFor('', 'ACTIVE', FAST)],
    ['blank id', () => compute.servers.waitFor('   ', 'ACTIVE', FAST)],
    ['non-string id', () => compute.servers.waitFor(42 as unknown as string, 'ACTIVE', FAST)],
    ['lower-case status', () => compute.servers.waitFor(SERVER_ID, 'active' as ServerStatus, FAST)],
    ['unknown status', () => compute.servers.waitFor(SERVER_ID, 'RUNNING' as ServerStatus, FAST)],
    ['onProgress not a function', () => compute.servers.waitFor(SERVER_ID, 'ACTIVE', { onProgress: 'log' as unknown as () => void })],
    ['options not an object', () => compute.servers.waitFor(SERVER_ID, 'ACTIVE', null as unknown as object)],
    ['intervalMs 0', () => compute.servers.waitFor(SERVER_ID, 'ACTIVE', { intervalMs: 0 })],
    ['negative timeoutMs', () => compute.servers.waitFor(SERVER_ID, 'ACTIVE', { timeoutMs: -1 })],
    ['maxIntervalMs below intervalMs', () => compute.servers.waitFor(SERVER_ID, 'ACTIVE', { intervalMs: 10, maxIntervalMs: 5 })],
    ['waitForDelete empty id', () => compute.servers.waitForDelete('', FAST)],
    ['waitForDelete bad onProgress', () => compute.servers.waitForDelete(SERVER_ID, { onProgress: 1 as unknown as () => void })],
  ]

  it.each(bad)('%s', async (_title, call) => {
    const err = await rejection(call())
    expect(err).toBeInstanceOf(InputError)
    expect(err.status).toBe(0)
    expect(nova.seen.length).toBe(0)
  })

  it('names the valid statuses', async () => {
    const err = await rejection(compute.servers.waitFor(SERVER_ID, 'RUNNING' as ServerStatus))
    expect(err.message).toMatch(/^status must be one of ACTIVE, BUILD, DELETED, ERROR, .*VERIFY_RESIZE, got /)
  })
})
