// test/integration/autoscale-errors.test.ts — AutoscaleClient's failures on the real moto: moto's 400s and bare 500s
// (explained as AWS would have reported them), input refused before any request, network errors, aborts and
// timeouts, and secrets kept out of events, logs and errors. A missing server fails these tests: nothing is skipped.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AutoscaleClient } from '../../src/autoscale/index.js'
import { AbortError, BadRequestError, ClientError, InputError, NetworkError, NotFoundError, ServerError, TimeoutError } from '../../src/core/errors.js'
import { closedPortUrl, delayingProxy, failure, motoClient, motoPeer, recordRequests, resetMoto, type DelayingProxy, type MotoPeer } from './support/moto.js'

const IMAGE = { ImageId: 'ami-12c6146b', InstanceType: 't2.micro' }
const ZONE = 'us-east-1a'
const REQUEST_ID = /^[A-Za-z0-9]{52}$/
const FAST_RETRY = { backoff: { baseMs: 1, maxMs: 2 } }

describe('AutoscaleClient errors on a real moto', () => {
  let peer: MotoPeer
  let autoscale: AutoscaleClient

  beforeAll(() => {
    peer = motoPeer()
    autoscale = motoClient(peer)
  })
  beforeEach(async () => resetMoto(peer))
  afterAll(async () => autoscale?.close())

  async function webGroup(name = 'web', desired = 1): Promise<void> {
    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE })
    await autoscale.groups.create({ AutoScalingGroupName: name, LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 3, DesiredCapacity: desired, AvailabilityZones: [ZONE] })
  }

  it("moto's 400 ValidationErrors: an unknown group in update and delete is a NotFoundError, a missing zone a BadRequestError", async () => {
    const update = await failure(() => autoscale.groups.update({ AutoScalingGroupName: 'no-such-group', MaxSize: 3 }))
    expect(update).toBeInstanceOf(NotFoundError)
    // moto's message for update does not even name the group (AWS: "AutoScalingGroup name not found - …")
    expect(update).toMatchObject({ status: 400, code: 'ValidationError', message: expect.stringMatching(/ValidationError.*AutoScalingGroup name not found - null/) })
    expect((update as ClientError).requestId).toMatch(REQUEST_ID)
    expect((update as ClientError).cause).toBeUndefined()

    const del = await failure(() => autoscale.groups.delete('no-such-group', { ForceDelete: true }))
    expect(del).toBeInstanceOf(NotFoundError)
    expect(del).toMatchObject({ status: 400, code: 'ValidationError', method: 'POST', message: expect.stringMatching(/AutoScalingGroup 'no-such-group' not found/) })

    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE })
    const noZone = await failure(() => autoscale.groups.create({ AutoScalingGroupName: 'g', LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 1 }))
    expect(noZone).toBeInstanceOf(BadRequestError)
    expect(noZone).toMatchObject({ status: 400, code: 'ValidationError', message: expect.stringContaining('At least one Availability Zone or VPC Subnet is required.') })
    expect(await autoscale.groups.get('g')).toBeUndefined()
  })

  it("moto's bare 500s for unknown names become NotFoundError (code ValidationError) with the 500 as cause", async () => {
    await webGroup('web', 1)
    const requests = recordRequests(autoscale)
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['SetDesiredCapacity', () => autoscale.groups.setDesiredCapacity('no-such-group', 1), /AutoScalingGroup 'no-such-group' not found/],
      [
        'CreateAutoScalingGroup',
        () => autoscale.groups.create({ AutoScalingGroupName: 'g2', LaunchConfigurationName: 'no-such-lc', MinSize: 0, MaxSize: 2, AvailabilityZones: [ZONE] }),
        /LaunchConfiguration 'no-such-lc' not found/,
      ],
      ['TerminateInstanceInAutoScalingGroup', () => autoscale.instances.terminate('i-00000000000000000', { decrementDesiredCapacity: true }), /'i-00000000000000000'.* not found/],
      ['ExecutePolicy', () => autoscale.policies.execute({ AutoScalingGroupName: 'web', PolicyName: 'no-such-policy' }), /policy 'no-such-policy' not found/],
      ['CreateOrUpdateTags', () => autoscale.tags.createOrUpdate([{ ResourceId: 'no-such-group', Key: 'k', Value: 'v' }]), /AutoScalingGroup 'no-such-group' not found/],
    ]
    for (const [action, call, message] of cases) {
      requests.length = 0
      const err = await failure(call)
      expect(err, action).toBeInstanceOf(NotFoundError)
      expect(err, action).toMatchObject({ status: 500, code: 'ValidationError', method: 'POST', message: expect.stringMatching(message) })
      expect((err as Error).message, action).toMatch(/answered 500/)
      const cause = (err as Error).cause
      expect(cause, action).toBeInstanceOf(ServerError)
      expect(cause, action).toMatchObject({ status: 500, code: undefined, message: expect.stringMatching(/^500 Internal Server Error: POST \/: the server failed/) })
      expect((err as ClientError).details[0], action).toBe((cause as Error).message)
      // the failing action (not retried: not a Describe), then the Describe that found the name missing
      expect(requests.length, action).toBe(2)
    }
    // nothing was changed by the failed calls
    expect((await autoscale.groups.list().toArray()).map((g) => g.AutoScalingGroupName)).toEqual(['web'])
    expect(await autoscale.tags.list().toArray()).toEqual([])
  })

  it('500s the client cannot explain stay ServerErrors (an unknown action, a bogus NextToken retried as a Describe); DeleteTags of an unknown group is explained', async () => {
    const requests = recordRequests(autoscale)
    const unknown = await failure(() => autoscale.query('FrobnicateGroups', { AutoScalingGroupName: 'web' }))
    expect(unknown).toBeInstanceOf(ServerError)
    expect(unknown).toMatchObject({ status: 500, code: undefined, retryable: true, message: expect.stringMatching(/^500 Internal Server Error: POST \/: the server failed/) })
    expect(requests).toHaveLength(1) // a POST that is no Describe is not repeated

    // DeleteTags of an unknown group: moto's KeyError, explained like CreateOrUpdateTags
    const delTags = await failure(() => autoscale.tags.delete([{ ResourceId: 'no-such-group', Key: 'k' }]))
    expect(delTags).toBeInstanceOf(NotFoundError)
    expect((delTags as Error).message).toMatch(/AutoScalingGroup 'no-such-group' not found/)

    requests.length = 0
    const bogus = await failure(() => autoscale.query('DescribeLaunchConfigurations', { NextToken: 'no-such-token' }, { retry: { limit: 2, ...FAST_RETRY } }))
    expect(bogus).toBeInstanceOf(ServerError)
    expect(requests.map((r) => r.attempt)).toEqual([1, 2, 3])

    // MaxRecords above 100 is refused by the client; sent anyway through query(), moto fails with a bare ValueError
    const tooMany = await failure(() => autoscale.query('DescribeAutoScalingGroups', { MaxRecords: 101 }, { retry: false }))
    expect(tooMany).toBeInstanceOf(ServerError)

    // a region moto does not know (OpenStack's RegionOne) is a 500 too
    await using regionOne = motoClient(peer, { region: 'RegionOne', retry: false })
    expect(await failure(() => regionOne.groups.list().toArray())).toBeInstanceOf(ServerError)
  })

  it('refuses bad input with InputError before sending anything', async () => {
    const requests = recordRequests(autoscale)
    const group = { AutoScalingGroupName: 'g', LaunchConfigurationName: 'lc', AvailabilityZones: [ZONE] }
    const bad: [RegExp, () => unknown][] = [
      [/MinSize \(3\) must not exceed MaxSize \(1\)/, () => autoscale.groups.create({ ...group, MinSize: 3, MaxSize: 1 })], // moto would store it
      [/DesiredCapacity \(5\) is above MaxSize \(2\)/, () => autoscale.groups.create({ ...group, MinSize: 0, MaxSize: 2, DesiredCapacity: 5 })],
      [/MinSize \(5\) must not exceed MaxSize \(1\)/, () => autoscale.groups.update({ AutoScalingGroupName: 'g', MinSize: 5, MaxSize: 1 })],
      [/MaxSize is required/, () => autoscale.groups.create({ ...group, MinSize: 0 } as never)],
      [/one of LaunchConfigurationName, LaunchTemplate/, () => autoscale.groups.create({ AutoScalingGroupName: 'g', MinSize: 0, MaxSize: 1, AvailabilityZones: [ZONE] })],
      [/MaxRecords must be an integer from 1 to 100, got 101/, () => autoscale.launchConfigurations.list({ MaxRecords: 101 }).toArray()],
      [/MaxRecords must be an integer from 1 to 100, got 101/, () => autoscale.groups.list({ MaxRecords: 101 }).toArray()],
      [/MaxRecords must be an integer from 1 to 100, got 0/, () => autoscale.tags.list({ MaxRecords: 0 }).toArray()],
      [/MaxRecords must be an integer from 1 to 50, got 51/, () => autoscale.instances.list({ MaxRecords: 51 }).toArray()],
      [/AutoScalingGroupName is required/, () => autoscale.groups.get('')],
      [/AutoScalingGroupName is required/, () => autoscale.groups.delete('')],
      [/AutoScalingGroupName is required/, () => autoscale.groups.setDesiredCapacity('', 1)],
      [/AutoScalingGroupName is required/, () => autoscale.groups.waitForCapacity('')],
      [/AutoScalingGroupName must be 1 to 255 characters, got 256/, () => autoscale.groups.get('x'.repeat(256))],
      [/DesiredCapacity must be an integer/, () => autoscale.groups.setDesiredCapacity('g', -1)],
      [/LaunchConfigurationName is required/, () => autoscale.launchConfigurations.create({ LaunchConfigurationName: '', ...IMAGE })],
      [/ImageId is required/, () => autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', InstanceType: 't2.micro' })],
      [/LaunchConfigurationName is required/, () => autoscale.launchConfigurations.delete('')],
      [/UserData is \d+ characters in base64; the limit is 21847/, () => autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE, UserData: 'x'.repeat(20_000) })],
      [/decrementDesiredCapacity must be true or false/, () => autoscale.instances.terminate('i-1', {} as never)],
      [/InstanceId is required/, () => autoscale.instances.terminate('', { decrementDesiredCapacity: true })],
      [/PolicyName is required/, () => autoscale.policies.put({ AutoScalingGroupName: 'g', PolicyName: '' })],
      [/ScalingAdjustment must be an integer/, () => autoscale.policies.put({ AutoScalingGroupName: 'g', PolicyName: 'p', ScalingAdjustment: 1.5 })],
      [/PolicyName is required/, () => autoscale.policies.execute({ AutoScalingGroupName: 'g', PolicyName: '' })],
      [/tags must be a non-empty array/, () => autoscale.tags.createOrUpdate([])],
      [/ResourceId \(the group name\) is required/, () => autoscale.tags.delete([{ ResourceId: '', Key: 'k' }])],
      [/action must be a Query action name/, () => autoscale.query('Describe Groups')],
      [/must be a finite number/, () => autoscale.query('DescribeAutoScalingGroups', { MaxRecords: Number.NaN })],
    ]
    for (const [message, call] of bad) {
      const err = await failure(call)
      expect(err, String(message)).toBeInstanceOf(InputError)
      expect((err as Error).message).toMatch(message)
    }
    // the Paginator methods check their input when the listing starts: the iteration rejects
    await expect(autoscale.groups.list({ MaxRecords: 101 }).toArray()).rejects.toThrow(InputError)
    expect(requests).toEqual([])
  })

  it('a wrong endpoint is a NetworkError; a Describe is retried, other actions are not', async () => {
    await using lost = motoClient(peer, { endpoint: await closedPortUrl(), retry: { limit: 2, ...FAST_RETRY } })
    const requests = recordRequests(lost)
    const err = await failure(() => lost.groups.list().toArray())
    expect(err).toBeInstanceOf(NetworkError)
    expect(err).toMatchObject({ status: 0, retryable: true, method: 'POST', message: expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/?: /) })
    expect(requests.map((r) => r.attempt)).toEqual([1, 2, 3])

    requests.length = 0
    const create = await failure(() => lost.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE }))
    expect(create).toBeInstanceOf(NetworkError)
    expect(requests).toHaveLength(1)
    // explainServerError only looks at 500s: a connection failure is passed on, without a Describe
    requests.length = 0
    expect(await failure(() => lost.groups.setDesiredCapacity('web', 1))).toBeInstanceOf(NetworkError)
    expect(requests).toHaveLength(1)
  })

  describe('aborts and timeouts', () => {
    let proxy: DelayingProxy
    beforeAll(async () => {
      proxy = await delayingProxy(motoPeer().url, 0)
    })
    afterAll(async () => proxy?.close())

    async function manyConfigurations(n: number): Promise<void> {
      for (let i = 0; i < n; i++) await autoscale.launchConfigurations.create({ LaunchConfigurationName: `lc-${String(i).padStart(2, '0')}`, ...IMAGE })
    }

    it('an abort between pages stops the listing with AbortError and no further request', async () => {
      await manyConfigurations(30)
      const requests = recordRequests(autoscale)
      const ctl = new AbortController()
      const seen: string[] = []
      const err = await failure(async () => {
        for await (const lc of autoscale.launchConfigurations.list({ MaxRecords: 10 }, { signal: ctl.signal })) {
          seen.push(lc.LaunchConfigurationName)
          if (seen.length === 12) ctl.abort()
        }
      })
      expect(err).toBeInstanceOf(AbortError)
      expect(seen.length).toBeGreaterThanOrEqual(12)
      expect(seen.length).toBeLessThanOrEqual(20) // never past the second page
      expect(requests).toHaveLength(2)
    })

    it('an abort while a page is in flight rejects at once with AbortError carrying the reason; nothing more is sent', async () => {
      proxy.delayMs = 600
      await using slow = motoClient(peer, { endpoint: proxy.url })
      await manyConfigurations(15)
      const requests = recordRequests(slow)
      const ctl = new AbortController()
      const reason = new Error('user pressed ^C')
      slow.on('request', (e) => {
        if (requests.length === 2 && e.attempt === 1) setTimeout(() => ctl.abort(reason), 50)
      })
      const started = performance.now()
      const err = await failure(() => slow.launchConfigurations.list({ MaxRecords: 5 }, { signal: ctl.signal }).toArray())
      const took = performance.now() - started
      expect(err).toBeInstanceOf(AbortError)
      expect((err as Error).cause).toBe(reason)
      expect(took).toBeLessThan(1100) // the first page's 600 ms, then 50 ms into the second (a second page would end at 1200)
      await new Promise((r) => setTimeout(r, 650))
      expect(requests).toHaveLength(2)
      expect(proxy.forwarded).toBeGreaterThanOrEqual(2)
      // an already aborted signal sends nothing at all
      requests.length = 0
      expect(await failure(() => slow.groups.list({}, { signal: AbortSignal.abort() }).toArray())).toBeInstanceOf(AbortError)
      expect(await failure(() => slow.groups.setDesiredCapacity('web', 1, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError)
      expect(requests).toEqual([])
    })

    it('timeoutMs ends a slow attempt with TimeoutError; a Describe is retried, a SetDesiredCapacity is not (moto acted on it anyway)', async () => {
      await webGroup('web', 1)
      proxy.delayMs = 1500
      await using slow = motoClient(peer, { endpoint: proxy.url, retry: { limit: 1, ...FAST_RETRY } })
      const requests = recordRequests(slow)

      let started = performance.now()
      const listErr = await failure(() => slow.groups.list({}, { timeoutMs: 200 }).toArray())
      expect(listErr).toBeInstanceOf(TimeoutError)
      expect((listErr as Error).message).toMatch(/timed out after 200 ms/)
      expect(requests.map((r) => r.attempt)).toEqual([1, 2])
      expect(performance.now() - started).toBeLessThan(1200)

      requests.length = 0
      const setErr = await failure(() => slow.groups.setDesiredCapacity('web', 3, { timeoutMs: 200 }))
      expect(setErr).toBeInstanceOf(TimeoutError)
      expect(requests).toHaveLength(1)
      // the request reached moto before the client gave up: the change happened (why a POST is not repeated)
      expect((await autoscale.groups.get('web'))!.DesiredCapacity).toBe(3)

      requests.length = 0
      started = performance.now()
      const totalErr = await failure(() => slow.groups.list({}, { timeoutMs: 10_000, totalTimeoutMs: 300 }).toArray())
      expect(totalErr).toBeInstanceOf(TimeoutError)
      expect((totalErr as Error).message).toMatch(/no response within 300 ms/)
      expect(performance.now() - started).toBeLessThan(1200)
      expect(requests).toHaveLength(1)

      // a client-wide timeout applies to every call; a fast answer is unaffected by it
      proxy.delayMs = 0
      await using quick = motoClient(peer, { endpoint: proxy.url, timeoutMs: 2000 })
      expect((await quick.groups.get('web'))!.DesiredCapacity).toBe(3)
    })
  })

  it('never lets the secret key or session token into events, logs or errors; Authorization is redacted', async () => {
    const secret = `wJalrXUtnFEMI/K7MDENG/${randomBytes(12).toString('base64url')}`
    const sessionToken = `FwoGZXIvYXdzE${randomBytes(24).toString('base64url')}`
    const logged: unknown[] = []
    const log = (level: string) => (obj: object, msg?: string) => logged.push({ level, obj, msg })
    await using spy = motoClient(peer, {
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken },
      retry: { limit: 1, ...FAST_RETRY },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    })
    const events: { name: string; event: unknown }[] = []
    for (const name of ['request', 'response', 'retry', 'error'] as const) spy.on(name, (event: unknown) => events.push({ name, event }))

    await spy.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE, UserData: 'echo hi' })
    await spy.groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 2, AvailabilityZones: [ZONE] })
    await spy.groups.list().toArray()
    const errors = [
      await failure(() => spy.groups.update({ AutoScalingGroupName: 'no-such-group', MaxSize: 1 })), // 400
      await failure(() => spy.groups.setDesiredCapacity('no-such-group', 1)), // 500, explained
      await failure(() => spy.query('FrobnicateGroups')), // 500
      await failure(() => spy.query('DescribeLaunchConfigurations', { NextToken: 'bogus' })), // 500, retried
    ]
    await using lost = motoClient(peer, { endpoint: await closedPortUrl(), credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken }, retry: false })
    lost.on('error', (event) => events.push({ name: 'error', event }))
    errors.push(await failure(() => lost.groups.list().toArray()))

    expect(errors.every((e) => e instanceof ClientError)).toBe(true)
    expect(new Set(events.map((e) => e.name))).toEqual(new Set(['request', 'response', 'retry', 'error']))
    const requests = events.filter((e) => e.name === 'request').map((e) => e.event as { headers: Record<string, string> })
    expect(requests.length).toBeGreaterThan(8)
    for (const { headers } of requests) {
      expect(headers.authorization).toBe('***')
      expect(headers['x-amz-security-token']).toBe('***')
      expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/)
    }

    const everything = JSON.stringify({ events, logged, errors }, (_key, value: unknown) =>
      value instanceof Error ? { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause, str: String(value) } : value,
    )
    expect(everything).toContain('AutoScalingGroup name not found') // the errors really are in there
    expect(everything).toContain('***')
    expect(everything).not.toContain(secret)
    expect(everything).not.toContain(secret.slice(-16))
    expect(everything).not.toContain(sessionToken)
    expect(everything).not.toContain('Signature=')
  })
})
