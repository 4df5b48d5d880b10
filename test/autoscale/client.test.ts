// AutoscaleClient against a fixture Query endpoint: exact requests, typed results, paging, retries, aborts.
import { describe, expect, it } from 'vitest'
import { AbortError, InputError } from '../../src/core/errors.js'
import { awsError, caught, KEYS, ok, useFixture } from './support.js'

const fx = useFixture()

const GROUP = (name: string, extra = '') =>
  `<member><AutoScalingGroupName>${name}</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>3</MaxSize><DesiredCapacity>2</DesiredCapacity><AvailabilityZones><member>hotel</member></AvailabilityZones><Instances>${extra}</Instances><CreatedTime>2026-12-06T20:00:00.000Z</CreatedTime><NewInstancesProtectedFromScaleIn>false</NewInstancesProtectedFromScaleIn></member>`
const INSTANCE = (id: string, state: string) => `<member><InstanceId>${id}</InstanceId><LifecycleState>${state}</LifecycleState><HealthStatus>Healthy</HealthStatus><AvailabilityZone>hotel</AvailabilityZone><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>`

describe('requests', () => {
  it('POSTs a sorted, signed form with Action and Version 2011-01-01', async () => {
    fx.on('CreateAutoScalingGroup', ok('CreateAutoScalingGroup'))
    await fx.client().groups.create({
      AutoScalingGroupName: 'web',
      LaunchConfigurationName: 'web@hotel',
      MinSize: 1,
      MaxSize: 3,
      AvailabilityZones: ['hotel', 'sierra'],
      Tags: [{ Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving' }],
    })
    const [req] = fx.seen
    expect(req?.method).toBe('POST')
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8')
    expect(req?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFIXTURE\/\d{8}\/us-east-1\/autoscaling\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/)
    expect(req?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/)
    expect(req?.body).toBe(
      'Action=CreateAutoScalingGroup&AutoScalingGroupName=web&AvailabilityZones.member.1=hotel&AvailabilityZones.member.2=sierra&LaunchConfigurationName=web%40hotel&MaxSize=3&MinSize=1' +
        '&Tags.member.1.Key=PHANTOM_DEFINITION&Tags.member.1.ResourceId=web&Tags.member.1.ResourceType=auto-scaling-group&Tags.member.1.Value=error_overflow_n_preserving&Version=2011-01-01',
    )
  })

  it('base64-encodes UserData for the caller', async () => {
    fx.on('CreateLaunchConfiguration', ok('CreateLaunchConfiguration'))
    await fx.client().launchConfigurations.create({ LaunchConfigurationName: 'lc', ImageId: 'ami-1', InstanceType: 'm1.small', UserData: '#!/bin/sh\necho hé' })
    expect(Buffer.from(fx.seen[0]!.params.UserData!, 'base64').toString()).toBe('#!/bin/sh\necho hé')
  })

  it('signs SigV2 in the body when asked, for old Phantom', async () => {
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', '<AutoScalingGroups/>', '2009-05-15'))
    await fx.client({ signatureVersion: 'v2' }).groups.list().toArray()
    const p = fx.seen[0]!.params
    expect(p).toMatchObject({ AWSAccessKeyId: 'AKIDFIXTURE', SignatureVersion: '2', SignatureMethod: 'HmacSHA256', Action: 'DescribeAutoScalingGroups' })
    expect(p.Signature).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(fx.seen[0]!.headers.authorization).toBeUndefined()
  })

  it('refuses bad input with an InputError before any request', async () => {
    const c = fx.client()
    await expect(c.groups.create({ AutoScalingGroupName: 'w', LaunchConfigurationName: 'l', MinSize: 3, MaxSize: 1 })).rejects.toThrow(/MinSize \(3\) must not exceed MaxSize \(1\)/)
    await expect(c.groups.create({ AutoScalingGroupName: '', MinSize: 0, MaxSize: 1 } as never)).rejects.toThrow(/AutoScalingGroupName is required/)
    await expect(c.groups.create({ AutoScalingGroupName: 'w', MinSize: 0, MaxSize: 1 })).rejects.toThrow(/one of LaunchConfigurationName/)
    await expect(c.groups.setDesiredCapacity('w', -1)).rejects.toThrow(InputError)
    await expect(c.launchConfigurations.create({ LaunchConfigurationName: 'x' })).rejects.toThrow(/ImageId is required/)
    await expect(c.instances.terminate('i-1', {} as never)).rejects.toThrow(/decrementDesiredCapacity/)
    await expect(c.tags.createOrUpdate([{ Key: 'k' } as never])).rejects.toThrow(/ResourceId/)
    await expect(c.query('Bad Action')).rejects.toThrow(InputError)
    await expect(c.groups.list({ MaxRecords: 101 }).toArray()).rejects.toThrow(/MaxRecords must be an integer from 1 to 100/)
    await expect(c.instances.list({ MaxRecords: 51 }).first()).rejects.toThrow(InputError)
    expect(fx.seen).toHaveLength(0)
  })

  it('refuses a bad region or signature version at construction', async () => {
    const { AutoscaleClient } = await import('../../src/autoscale/index.js')
    expect(() => new AutoscaleClient({ region: 'us east', credentials: KEYS })).toThrow(InputError)
    expect(() => new AutoscaleClient({ signatureVersion: 'v3' as never, credentials: KEYS })).toThrow(/signatureVersion/)
    expect(() => new AutoscaleClient({ credentials: { accessKeyId: '', secretAccessKey: 'x' } })).toThrow(/accessKeyId/)
  })
})

describe('results', () => {
  it('types a group; one <member> is still an array', async () => {
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', `<AutoScalingGroups>${GROUP('web', INSTANCE('i-1', 'InService'))}</AutoScalingGroups>`))
    const g = await fx.client().groups.get('web')
    expect(g).toMatchObject({ AutoScalingGroupName: 'web', MinSize: 1, MaxSize: 3, DesiredCapacity: 2, AvailabilityZones: ['hotel'], NewInstancesProtectedFromScaleIn: false })
    expect(g?.Instances).toEqual([{ InstanceId: 'i-1', LifecycleState: 'InService', HealthStatus: 'Healthy', AvailabilityZone: 'hotel', ProtectedFromScaleIn: false }])
    expect(g?.CreatedTime).toEqual(new Date('2026-12-06T20:00:00Z'))
    expect(fx.seen[0]?.params['AutoScalingGroupNames.member.1']).toBe('web')
  })

  it('get() resolves undefined for a missing resource', async () => {
    fx.on('DescribeLaunchConfigurations', ok('DescribeLaunchConfigurations', '<LaunchConfigurations/>'))
    expect(await fx.client().launchConfigurations.get('nope')).toBeUndefined()
  })

  it('a result missing a required field is a ResponseError with the raw body', async () => {
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', '<AutoScalingGroups><member><AutoScalingGroupName>x</AutoScalingGroupName></member></AutoScalingGroups>'))
    const e = await caught<Error & { details: string[] }>(fx.client().groups.list().toArray())
    expect(e.name).toBe('ResponseError')
    expect(e.message).toMatch(/AutoScalingGroups\[0\]\.MinSize is missing/)
    expect(e.details[0]).toContain('<AutoScalingGroupName>x</AutoScalingGroupName>')
  })

  it('terminate returns the Activity, or undefined when Phantom sends none', async () => {
    fx.on('TerminateInstanceInAutoScalingGroup', (_s, n) =>
      n === 0
        ? ok('TerminateInstanceInAutoScalingGroup', '<Activity><ActivityId>a-1</ActivityId><StatusCode>InProgress</StatusCode><Progress>0</Progress><StartTime>2026-12-06T20:00:00Z</StartTime></Activity>')
        : ok('TerminateInstanceInAutoScalingGroup', '', '2009-05-15'),
    )
    const c = fx.client()
    expect(await c.instances.terminate('i-1', { decrementDesiredCapacity: true })).toMatchObject({ ActivityId: 'a-1', StatusCode: 'InProgress', Progress: 0 })
    expect(fx.seen[0]?.params.ShouldDecrementDesiredCapacity).toBe('true')
    expect(await c.instances.terminate('i-1', { decrementDesiredCapacity: false })).toBeUndefined()
  })
})

describe('paging', () => {
  it('follows NextToken with the same parameters until there is none', async () => {
    fx.on('DescribeLaunchConfigurations', (s) => {
      const t = s.params.NextToken
      const names = t === undefined ? ['a', 'b'] : t === 'b' ? ['c', 'd'] : ['e']
      const next = t === 'd' ? '' : `<NextToken>${names.at(-1)}</NextToken>`
      return ok('DescribeLaunchConfigurations', `<LaunchConfigurations>${names.map((n) => `<member><LaunchConfigurationName>${n}</LaunchConfigurationName></member>`).join('')}</LaunchConfigurations>${next}`)
    })
    const pages: string[][] = []
    for await (const p of fx.client().launchConfigurations.list({ MaxRecords: 2 }).pages()) pages.push(p.map((l) => l.LaunchConfigurationName))
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']])
    expect(fx.seen.map((s) => [s.params.NextToken, s.params.MaxRecords])).toEqual([[undefined, '2'], ['b', '2'], ['d', '2']])
  })

  it('toArray({ max }) stops fetching once it has enough', async () => {
    fx.on('DescribeTags', (s) => ok('DescribeTags', `<Tags><member><Key>k${s.params.NextToken ?? 0}</Key></member></Tags><NextToken>${Number(s.params.NextToken ?? 0) + 1}</NextToken>`))
    expect(await fx.client().tags.list().toArray({ max: 3 })).toHaveLength(3)
    expect(fx.seen).toHaveLength(3)
  })

  it('an abort between pages stops the listing with AbortError', async () => {
    const ctl = new AbortController()
    fx.on('DescribePolicies', () => {
      ctl.abort(new Error('user'))
      return ok('DescribePolicies', '<ScalingPolicies><member><PolicyName>p</PolicyName></member></ScalingPolicies><NextToken>n</NextToken>')
    })
    await expect(fx.client().policies.list({}, { signal: ctl.signal }).toArray()).rejects.toBeInstanceOf(AbortError)
    expect(fx.seen).toHaveLength(1)
  })
})

describe('waitForCapacity', () => {
  it('polls until enough instances are in service (AWS and Phantom states)', async () => {
    const states = [['Pending', '100-REQUESTING'], ['InService', '400-PENDING'], ['InService', '600-RUNNING']]
    fx.on('DescribeAutoScalingGroups', (_s, n) => {
      const [a, b] = states[Math.min(n, 2)]!
      return ok('DescribeAutoScalingGroups', `<AutoScalingGroups>${GROUP('web', INSTANCE('i-1', a!) + INSTANCE('i-2', b!))}</AutoScalingGroups>`)
    })
    const polls: number[] = []
    const g = await fx.client().groups.waitForCapacity('web', { intervalMs: 1, onPoll: (_g, n) => polls.push(n) })
    expect(g.Instances?.map((i) => i.LifecycleState)).toEqual(['InService', '600-RUNNING'])
    expect(polls).toEqual([1, 2, 3])
  })

  it('rejects with NotFoundError when the group is gone, TimeoutError when it takes too long', async () => {
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', '<AutoScalingGroups/>'))
    await expect(fx.client().groups.waitForCapacity('gone', { intervalMs: 1 })).rejects.toMatchObject({ name: 'NotFoundError' })
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', `<AutoScalingGroups>${GROUP('web')}</AutoScalingGroups>`))
    await expect(fx.client().groups.waitForCapacity('web', { intervalMs: 5, timeoutMs: 40 })).rejects.toMatchObject({ name: 'TimeoutError', message: expect.stringContaining('0 of 2 in service') })
  })
})

describe('retries', () => {
  it('retries Throttling and ResourceContention although the action is a POST', async () => {
    fx.on('SetDesiredCapacity', (_s, n) => (n === 0 ? awsError('Throttling', 'Rate exceeded') : n === 1 ? awsError('ResourceContention', 'busy', 500) : ok('SetDesiredCapacity')))
    const retries: number[] = []
    const c = fx.client()
    c.on('retry', (e) => retries.push(e.attempt))
    await c.groups.setDesiredCapacity('web', 2)
    expect(retries).toEqual([1, 2])
  })

  it('does not retry a failed mutation otherwise, but retries a Describe on a 503', async () => {
    fx.on('DeleteAutoScalingGroup', { status: 503, body: 'unavailable' })
    await expect(fx.client().groups.delete('web')).rejects.toMatchObject({ name: 'ServerError', status: 503 })
    expect(fx.seen).toHaveLength(1)
    fx.on('DescribeTags', (_s, n) => (n === 0 ? { status: 503, body: 'x' } : ok('DescribeTags', '<Tags/>')))
    expect(await fx.client().tags.list().toArray()).toEqual([])
    expect(fx.seen).toHaveLength(3)
  })
})

describe('secrets', () => {
  it('never puts the secret key or the signature in events, logs or errors', async () => {
    fx.on('DeletePolicy', awsError('ValidationError', 'no such policy'))
    const lines: unknown[] = []
    const logger = { debug: (...a: unknown[]) => lines.push(a), info: (...a: unknown[]) => lines.push(a), warn: (...a: unknown[]) => lines.push(a), error: (...a: unknown[]) => lines.push(a) }
    const c = fx.client({ logger, credentials: { ...KEYS, sessionToken: 'session-token-secret' } })
    const events: unknown[] = []
    for (const name of ['request', 'response', 'error', 'retry'] as const) c.on(name, (e) => events.push(e))
    const error = await caught(c.policies.delete('web', 'p'))
    const signature = /Signature=([0-9a-f]+)/.exec(fx.seen[0]!.headers.authorization!)![1]!
    const all = JSON.stringify([events, lines, error.message, (error as { details?: unknown }).details, String(error)])
    for (const secret of [KEYS.secretAccessKey, 'session-token-secret', signature]) expect(all).not.toContain(secret)
    expect(all).toContain('***')
  })
})
