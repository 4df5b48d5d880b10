// test/integration/autoscale.test.ts — every AutoscaleClient operation moto 5.2.1 implements, NextToken paging and
// signing regions, on the real moto (scripts/peers/moto.sh) with SigV4. A missing server fails these tests: nothing is skipped.
// Where moto differs from AWS (see the peer's notes) the test says so and asserts what moto does.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AutoscaleClient } from '../../src/autoscale/index.js'
import { int, list, str, struct } from '../../src/autoscale/decode.js'
import { NotFoundError, TimeoutError } from '../../src/core/errors.js'
import { motoClient, motoPeer, recordRequests, resetMoto, type MotoPeer } from './support/moto.js'

const IMAGE = { ImageId: 'ami-12c6146b', InstanceType: 't2.micro' }
const ZONE = 'us-east-1a'
const REQUEST_ID = /^[A-Za-z0-9]{52}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('AutoscaleClient on a real moto (SigV4)', () => {
  let peer: MotoPeer
  let autoscale: AutoscaleClient

  beforeAll(() => {
    peer = motoPeer()
    autoscale = motoClient(peer)
  })
  beforeEach(async () => resetMoto(peer))
  afterAll(async () => autoscale?.close())

  /** A launch configuration `lc` and a group of `desired` instances in us-east-1a. */
  async function webGroup(name = 'web', desired = 2, extra: Record<string, unknown> = {}): Promise<void> {
    if (!(await autoscale.launchConfigurations.get('lc'))) await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE })
    await autoscale.groups.create({ AutoScalingGroupName: name, LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 4, DesiredCapacity: desired, AvailabilityZones: [ZONE], ...extra })
  }

  it('launch configurations: create, get, list, delete; UserData goes out base64 and comes back base64', async () => {
    const userData = '#!/bin/sh\necho "héllo, wörld" > /tmp/motd\n'
    await autoscale.launchConfigurations.create({
      LaunchConfigurationName: 'web@hotel',
      ...IMAGE,
      KeyName: 'phantomkey',
      SecurityGroups: ['default', 'web'],
      UserData: userData,
      InstanceMonitoring: { Enabled: true },
    })
    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'db@hotel', ImageId: 'ami-1', InstanceType: 'm1.small' })

    const lc = await autoscale.launchConfigurations.get('web@hotel')
    expect(lc).toMatchObject({
      LaunchConfigurationName: 'web@hotel',
      ImageId: IMAGE.ImageId,
      InstanceType: 't2.micro',
      KeyName: 'phantomkey',
      SecurityGroups: ['default', 'web'],
      InstanceMonitoring: { Enabled: true },
      EbsOptimized: false,
      BlockDeviceMappings: [],
    })
    expect(lc!.LaunchConfigurationARN).toMatch(/^arn:aws:autoscaling:us-east-1:\d{12}:launchConfiguration:.*launchConfigurationName\/web@hotel$/)
    expect(lc!.CreatedTime).toBeInstanceOf(Date)
    expect(lc!.UserData).toBe(Buffer.from(userData, 'utf8').toString('base64'))
    expect(Buffer.from(lc!.UserData!, 'base64').toString('utf8')).toBe(userData)

    expect((await autoscale.launchConfigurations.list().toArray()).map((l) => l.LaunchConfigurationName)).toEqual(['web@hotel', 'db@hotel'])
    expect((await autoscale.launchConfigurations.list({ LaunchConfigurationNames: ['db@hotel', 'nope'] }).toArray()).map((l) => l.LaunchConfigurationName)).toEqual(['db@hotel'])
    expect(await autoscale.launchConfigurations.get('nope')).toBeUndefined()
    expect((await autoscale.launchConfigurations.get('db@hotel'))!.UserData).toBeUndefined()

    // moto: a duplicate name replaces the configuration (AWS: AlreadyExists → ConflictError)
    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'db@hotel', ImageId: 'ami-1', InstanceType: 'm1.large' })
    expect((await autoscale.launchConfigurations.get('db@hotel'))!.InstanceType).toBe('m1.large')

    await autoscale.launchConfigurations.delete('web@hotel')
    expect(await autoscale.launchConfigurations.get('web@hotel')).toBeUndefined()
    await autoscale.launchConfigurations.delete('web@hotel') // moto: deleting a missing one is a 200
    expect((await autoscale.launchConfigurations.list().toArray()).map((l) => l.LaunchConfigurationName)).toEqual(['db@hotel'])
  })

  it('groups: create with tags and zones, get, list (names, filters), update, setDesiredCapacity, delete with ForceDelete', async () => {
    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE })
    await autoscale.groups.create({
      AutoScalingGroupName: 'web',
      LaunchConfigurationName: 'lc',
      MinSize: 1,
      MaxSize: 4,
      DesiredCapacity: 2,
      AvailabilityZones: [ZONE, 'us-east-1b'],
      DefaultCooldown: 60,
      HealthCheckGracePeriod: 30,
      TerminationPolicies: ['OldestInstance'],
      Tags: [
        { Key: 'env', Value: 'prod', PropagateAtLaunch: true },
        { Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving' },
      ],
    })
    await webGroup('batch', 0)

    const g = await autoscale.groups.get('web')
    expect(g).toMatchObject({
      AutoScalingGroupName: 'web',
      LaunchConfigurationName: 'lc',
      MinSize: 1,
      MaxSize: 4,
      DesiredCapacity: 2,
      DefaultCooldown: 60,
      HealthCheckGracePeriod: 30,
      HealthCheckType: 'EC2',
      TerminationPolicies: ['OldestInstance'],
    })
    expect([...g!.AvailabilityZones!].sort()).toEqual([ZONE, 'us-east-1b'])
    expect(g!.CreatedTime).toBeInstanceOf(Date)
    expect(g!.Instances).toHaveLength(2)
    for (const i of g!.Instances!) expect(i).toMatchObject({ InstanceId: expect.stringMatching(/^i-[0-9a-f]{17}$/), LifecycleState: 'InService', HealthStatus: 'Healthy', LaunchConfigurationName: 'lc' })
    // the tags got the group as their resource without the caller naming it
    expect(g!.Tags).toEqual(
      expect.arrayContaining([
        { ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'env', Value: 'prod', PropagateAtLaunch: true },
        expect.objectContaining({ ResourceId: 'web', Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving' }),
      ]),
    )

    expect((await autoscale.groups.list().toArray()).map((x) => x.AutoScalingGroupName)).toEqual(['web', 'batch'])
    expect((await autoscale.groups.list({ AutoScalingGroupNames: ['batch', 'nope'] }).toArray()).map((x) => x.AutoScalingGroupName)).toEqual(['batch'])
    expect((await autoscale.groups.list({ Filters: [{ Name: 'tag:env', Values: ['prod'] }] }).toArray()).map((x) => x.AutoScalingGroupName)).toEqual(['web'])
    expect(await autoscale.groups.list({ Filters: [{ Name: 'tag-key', Values: ['nothing'] }] }).toArray()).toEqual([])
    expect(await autoscale.groups.get('nope')).toBeUndefined()

    // moto's UpdateAutoScalingGroup ignores DefaultCooldown (AWS applies it): HealthCheckGracePeriod shows a field change
    await autoscale.groups.update({ AutoScalingGroupName: 'web', MaxSize: 6, DesiredCapacity: 3, HealthCheckGracePeriod: 90 })
    expect(await autoscale.groups.get('web')).toMatchObject({ MinSize: 1, MaxSize: 6, DesiredCapacity: 3, HealthCheckGracePeriod: 90, DefaultCooldown: 60 })
    expect((await autoscale.groups.get('web'))!.Instances).toHaveLength(3)

    await autoscale.groups.setDesiredCapacity('web', 1, { HonorCooldown: false })
    const after = await autoscale.groups.get('web')
    expect(after).toMatchObject({ DesiredCapacity: 1 })
    expect(after!.Instances).toHaveLength(1)

    await autoscale.groups.delete('web', { ForceDelete: true })
    expect(await autoscale.groups.get('web')).toBeUndefined()
    expect((await autoscale.instances.list().toArray()).map((i) => i.AutoScalingGroupName)).toEqual([])
    await autoscale.groups.delete('batch') // moto: no ForceDelete needed even with instances
    expect(await autoscale.groups.list().toArray()).toEqual([])
  })

  it('waitForCapacity: resolves when enough instances serve, follows a later capacity change, times out, and notices a deleted group', async () => {
    await webGroup('web', 2)
    const polls: number[] = []
    const g = await autoscale.groups.waitForCapacity('web', { onPoll: (_g, n) => polls.push(n) })
    expect(g.Instances).toHaveLength(2) // moto's instances are InService at once: one poll
    expect(polls).toEqual([1])

    let seen = 0
    const waiting = autoscale.groups.waitForCapacity('web', { inService: 3, intervalMs: 50, maxIntervalMs: 100, timeoutMs: 15_000, onPoll: () => seen++ })
    await vi.waitFor(() => expect(seen).toBeGreaterThan(0))
    await autoscale.groups.setDesiredCapacity('web', 3)
    expect((await waiting).Instances!.filter((i) => i.LifecycleState === 'InService')).toHaveLength(3)

    const started = Date.now()
    const slow = await autoscale.groups.waitForCapacity('web', { inService: 4, intervalMs: 50, timeoutMs: 400 }).catch((e: unknown) => e)
    expect(slow).toBeInstanceOf(TimeoutError)
    expect((slow as Error).message).toMatch(/timed out after 400 ms.*3 of 4 in service/)
    expect(Date.now() - started).toBeLessThan(3000)

    const gone = autoscale.groups.waitForCapacity('web', { inService: 4, intervalMs: 50, timeoutMs: 15_000 })
    const caught = gone.catch((e: unknown) => e)
    await autoscale.groups.delete('web', { ForceDelete: true })
    const err = await caught
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err).toMatchObject({ code: 'ValidationError', message: expect.stringMatching(/AutoScalingGroup 'web' not found while waiting/) })
  })

  it('instances: list, and terminate with and without decrementing the desired capacity (the returned Activity)', async () => {
    await webGroup('web', 3)
    await webGroup('other', 1)
    const all = await autoscale.instances.list().toArray()
    expect(all).toHaveLength(4)
    const mine = all.filter((i) => i.AutoScalingGroupName === 'web')
    expect(mine).toHaveLength(3)
    for (const i of mine) expect(i).toMatchObject({ AvailabilityZone: ZONE, LifecycleState: 'InService', HealthStatus: 'Healthy', LaunchConfigurationName: 'lc', ProtectedFromScaleIn: false })
    const [a, b] = mine.map((i) => i.InstanceId)
    expect(await autoscale.instances.list({ InstanceIds: [a!, 'i-00000000000000000'] }).toArray()).toEqual([mine[0]])

    // moto ignores MaxRecords here: one page holds them all and carries no NextToken
    const requests = recordRequests(autoscale)
    const pages: number[] = []
    for await (const page of autoscale.instances.list({ MaxRecords: 1 }).pages()) pages.push(page.length)
    expect(pages).toEqual([4])
    expect(requests).toHaveLength(1)

    const kept = await autoscale.instances.terminate(a!, { decrementDesiredCapacity: false })
    expect(kept).toMatchObject({ ActivityId: expect.stringMatching(UUID), AutoScalingGroupName: 'web', Description: `Terminating EC2 instance: ${a}`, StatusCode: 'InProgress', Progress: 0 })
    expect(kept!.StartTime).toBeInstanceOf(Date)
    expect(kept!.Cause).toMatch(new RegExp(`instance ${a} was taken out of service in response to a user request\\.$`))
    let web = await autoscale.groups.get('web')
    expect(web!.DesiredCapacity).toBe(3) // a replacement was launched at once
    expect(web!.Instances!.map((i) => i.InstanceId)).not.toContain(a)
    expect(web!.Instances).toHaveLength(3)

    const shrunk = await autoscale.instances.terminate(b!, { decrementDesiredCapacity: true })
    expect(shrunk).toMatchObject({ AutoScalingGroupName: 'web', Description: `Terminating EC2 instance: ${b}`, Cause: expect.stringMatching(/shrinking the capacity from 3 to 2\.$/) })
    expect(shrunk!.ActivityId).not.toBe(kept!.ActivityId)
    web = await autoscale.groups.get('web')
    expect(web!.DesiredCapacity).toBe(2)
    expect(web!.Instances!.map((i) => i.InstanceId)).not.toContain(b)
    expect(await autoscale.instances.list({ InstanceIds: [b!] }).toArray()).toEqual([])
  })

  it('policies: put (moto returns no ARN), list, execute (the capacity changes), delete', async () => {
    await webGroup('web', 2)
    expect(await autoscale.policies.put({ AutoScalingGroupName: 'web', PolicyName: 'up', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1, Cooldown: 0 })).toEqual({})
    await autoscale.policies.put({ AutoScalingGroupName: 'web', PolicyName: 'exact', PolicyType: 'SimpleScaling', AdjustmentType: 'ExactCapacity', ScalingAdjustment: 1 })

    const policies = await autoscale.policies.list({ AutoScalingGroupName: 'web' }).toArray()
    expect(policies.map((p) => p.PolicyName)).toEqual(['up', 'exact'])
    expect(policies[0]).toMatchObject({ AutoScalingGroupName: 'web', PolicyType: 'SimpleScaling', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1, Cooldown: 0, StepAdjustments: [] })
    expect(policies[0]!.PolicyARN).toMatch(/^arn:aws:autoscaling:us-east-1:\d{12}:scalingPolicy:.*:autoScalingGroupName\/web:policyName\/up$/)
    expect((await autoscale.policies.list({ PolicyNames: ['exact'] }).toArray()).map((p) => p.PolicyName)).toEqual(['exact'])

    await autoscale.policies.execute({ AutoScalingGroupName: 'web', PolicyName: 'up', HonorCooldown: false })
    let web = await autoscale.groups.get('web')
    expect(web!.DesiredCapacity).toBe(3)
    expect(web!.Instances).toHaveLength(3)
    await autoscale.policies.execute({ AutoScalingGroupName: 'web', PolicyName: 'exact' })
    web = await autoscale.groups.get('web')
    expect(web!.DesiredCapacity).toBe(1)
    expect(web!.Instances).toHaveLength(1)

    await autoscale.policies.delete('web', 'up')
    expect((await autoscale.policies.list({ AutoScalingGroupName: 'web' }).toArray()).map((p) => p.PolicyName)).toEqual(['exact'])
    await autoscale.policies.delete('web', 'up') // moto: a missing policy is a 200
  })

  it('activities: moto lists none, even after a terminate returned one; the empty paginator ends after one request', async () => {
    await webGroup('web', 1)
    const [only] = (await autoscale.groups.get('web'))!.Instances!
    expect(await autoscale.instances.terminate(only!.InstanceId, { decrementDesiredCapacity: true })).toBeDefined()

    const requests = recordRequests(autoscale)
    expect(await autoscale.activities.list({ AutoScalingGroupName: 'web' }).toArray()).toEqual([])
    expect(requests).toHaveLength(1)
    const pages: unknown[] = []
    for await (const page of autoscale.activities.list({ MaxRecords: 10 }).pages()) pages.push(page)
    expect(pages).toEqual([])
    expect(await autoscale.activities.list({ IncludeDeletedGroups: true }).first()).toBeUndefined()
    expect(requests).toHaveLength(3)
  })

  it('tags: createOrUpdate (new and overwritten), list with Filters, delete', async () => {
    await webGroup('web', 0, { Tags: [{ Key: 'clouds', Value: 'site1:2', PropagateAtLaunch: true }] })
    await webGroup('db', 0)
    await autoscale.tags.createOrUpdate([
      { ResourceId: 'web', Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving', PropagateAtLaunch: false },
      { ResourceId: 'web', Key: 'clouds', Value: 'site1:3' },
      { ResourceId: 'db', Key: 'env', Value: 'prod', PropagateAtLaunch: true },
    ])

    const all = await autoscale.tags.list().toArray()
    expect(all).toHaveLength(3)
    expect(all).toEqual(
      expect.arrayContaining([
        { ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'clouds', Value: 'site1:3', PropagateAtLaunch: false },
        { ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving', PropagateAtLaunch: false },
        { ResourceId: 'db', ResourceType: 'auto-scaling-group', Key: 'env', Value: 'prod', PropagateAtLaunch: true },
      ]),
    )
    const keys = async (filters: { Name: string; Values: string[] }[]): Promise<string[]> =>
      (await autoscale.tags.list({ Filters: filters }).toArray()).map((t) => `${t.ResourceId}:${t.Key}`).sort()
    expect(await keys([{ Name: 'key', Values: ['clouds'] }])).toEqual(['web:clouds'])
    expect(await keys([{ Name: 'auto-scaling-group', Values: ['web'] }])).toEqual(['web:PHANTOM_DEFINITION', 'web:clouds'])
    expect(await keys([{ Name: 'value', Values: ['prod', 'site1:3'] }])).toEqual(['db:env', 'web:clouds'])
    expect(await keys([{ Name: 'auto-scaling-group', Values: ['web'] }, { Name: 'key', Values: ['env'] }])).toEqual([])
    // the group's own description carries the tags too
    expect((await autoscale.groups.get('db'))!.Tags).toEqual([{ ResourceId: 'db', ResourceType: 'auto-scaling-group', Key: 'env', Value: 'prod', PropagateAtLaunch: true }])

    await autoscale.tags.delete([{ ResourceId: 'web', Key: 'clouds' }, { ResourceId: 'db', Key: 'env', Value: 'prod' }])
    expect(await keys([])).toEqual(['web:PHANTOM_DEFINITION'])
  })

  it('query(): actions strato has no method for (lifecycle hooks, suspended processes), raw or through a decoder', async () => {
    // moto implements neither DescribeAccountLimits nor DescribeAdjustmentTypes; it does lifecycle hooks.
    await webGroup('web', 0)
    const put = await autoscale.query('PutLifecycleHook', {
      AutoScalingGroupName: 'web',
      LifecycleHookName: 'drain',
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
      HeartbeatTimeout: 120,
      DefaultResult: 'CONTINUE',
    })
    expect(put.result).toEqual({}) // `<PutLifecycleHookResult/>`: an empty result, not ''
    expect(put.requestId).toMatch(REQUEST_ID)

    const raw = await autoscale.query('DescribeLifecycleHooks', { AutoScalingGroupName: 'web' })
    // undecoded: as parsed, `<member>` still there and numbers still text
    expect(raw.result).toMatchObject({ LifecycleHooks: { member: { LifecycleHookName: 'drain', AutoScalingGroupName: 'web', HeartbeatTimeout: '120', DefaultResult: 'CONTINUE' } } })

    const decoder = struct({ LifecycleHooks: list(struct({ LifecycleHookName: str, LifecycleTransition: str, HeartbeatTimeout: int }, ['LifecycleHookName'])) })
    const { result } = await autoscale.query('DescribeLifecycleHooks', { AutoScalingGroupName: 'web', LifecycleHookNames: ['drain'] }, { decoder })
    expect(result.LifecycleHooks).toEqual([expect.objectContaining({ LifecycleHookName: 'drain', LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING', HeartbeatTimeout: 120 })])
    expect((await autoscale.query('DescribeLifecycleHooks', { AutoScalingGroupName: 'nope' }, { decoder })).result).toEqual({ LifecycleHooks: [] })

    await autoscale.query('DeleteLifecycleHook', { AutoScalingGroupName: 'web', LifecycleHookName: 'drain' })
    expect((await autoscale.query('DescribeLifecycleHooks', { AutoScalingGroupName: 'web' }, { decoder })).result.LifecycleHooks).toEqual([])

    await autoscale.query('SuspendProcesses', { AutoScalingGroupName: 'web', ScalingProcesses: ['Launch', 'AlarmNotification'] })
    const suspended = (await autoscale.groups.get('web'))!.SuspendedProcesses!.map((p) => p.ProcessName).sort()
    expect(suspended).toEqual(['AlarmNotification', 'Launch'])
  })

  it('paging: 120 launch configurations over NextToken — 50/50/20 pages, toArray({ max }) stops early', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `lc-${String(i).padStart(3, '0')}`)
    for (const name of names) await autoscale.launchConfigurations.create({ LaunchConfigurationName: name, ...IMAGE })

    const requests = recordRequests(autoscale)
    const sizes: number[] = []
    const listed: string[] = []
    for await (const page of autoscale.launchConfigurations.list({ MaxRecords: 50 }).pages()) {
      sizes.push(page.length)
      listed.push(...page.map((l) => l.LaunchConfigurationName))
    }
    expect(sizes).toEqual([50, 50, 20])
    expect(listed).toEqual(names)
    expect(requests).toHaveLength(3)

    requests.length = 0
    expect((await autoscale.launchConfigurations.list({ MaxRecords: 50 }).toArray()).map((l) => l.LaunchConfigurationName)).toEqual(names)
    expect(requests).toHaveLength(3)

    requests.length = 0
    const first60 = await autoscale.launchConfigurations.list({ MaxRecords: 50 }).toArray({ max: 60 })
    expect(first60.map((l) => l.LaunchConfigurationName)).toEqual(names.slice(0, 60))
    expect(requests).toHaveLength(2) // the third page is never asked for

    requests.length = 0
    expect(await autoscale.launchConfigurations.list({ MaxRecords: 100 }).toArray({ max: 100 })).toHaveLength(100)
    expect(requests).toHaveLength(1)

    requests.length = 0
    expect((await autoscale.launchConfigurations.list().toArray()).map((l) => l.LaunchConfigurationName)).toEqual(names) // moto's default page is 50
    expect(requests).toHaveLength(3)
    requests.length = 0
    expect((await autoscale.launchConfigurations.list({ MaxRecords: 7 }).first())!.LaunchConfigurationName).toBe('lc-000')
    expect(requests).toHaveLength(1)
  })

  it('paging: 12 groups with MaxRecords 5 — 5/5/2 pages in creation order', async () => {
    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc', ...IMAGE })
    const names = Array.from({ length: 12 }, (_, i) => `g-${String(i).padStart(2, '0')}`)
    for (const name of names) await autoscale.groups.create({ AutoScalingGroupName: name, LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 1, AvailabilityZones: [ZONE] })

    const requests = recordRequests(autoscale)
    const sizes: number[] = []
    const listed: string[] = []
    for await (const page of autoscale.groups.list({ MaxRecords: 5 }).pages()) {
      sizes.push(page.length)
      listed.push(...page.map((g) => g.AutoScalingGroupName))
    }
    expect(sizes).toEqual([5, 5, 2])
    expect(listed).toEqual(names)
    expect(requests).toHaveLength(3)

    requests.length = 0
    expect((await autoscale.groups.list({ MaxRecords: 5 }).toArray({ max: 6 })).map((g) => g.AutoScalingGroupName)).toEqual(names.slice(0, 6))
    expect(requests).toHaveLength(2)
    requests.length = 0
    let n = 0
    for await (const g of autoscale.groups.list({ MaxRecords: 4 })) expect(g.AutoScalingGroupName).toBe(names[n++])
    expect(n).toBe(12)
    expect(requests).toHaveLength(3) // 4/4/4: the last full page has no NextToken, so no empty fourth request
  })

  it('the signing region selects the state: eu-west-1 is separate from us-east-1', async () => {
    await using eu = motoClient(peer, { region: 'eu-west-1' })
    expect(eu.region).toBe('eu-west-1')
    await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'lc-us', ...IMAGE })
    await eu.launchConfigurations.create({ LaunchConfigurationName: 'lc-eu', ...IMAGE })
    await eu.groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'lc-eu', MinSize: 0, MaxSize: 2, DesiredCapacity: 1, AvailabilityZones: ['eu-west-1a'] })

    expect((await autoscale.launchConfigurations.list().toArray()).map((l) => l.LaunchConfigurationName)).toEqual(['lc-us'])
    expect((await eu.launchConfigurations.list().toArray()).map((l) => l.LaunchConfigurationName)).toEqual(['lc-eu'])
    expect((await eu.launchConfigurations.get('lc-eu'))!.LaunchConfigurationARN).toMatch(/^arn:aws:autoscaling:eu-west-1:/)
    expect(await autoscale.groups.get('web')).toBeUndefined()
    const g = await eu.groups.get('web')
    expect(g!.AutoScalingGroupARN).toMatch(/^arn:aws:autoscaling:eu-west-1:/)
    expect(g!.Instances!.map((i) => i.AvailabilityZone)).toEqual(['eu-west-1a'])
    expect(await autoscale.instances.list().toArray()).toEqual([])

    // the same group name in us-east-1 is another group
    await autoscale.groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'lc-us', MinSize: 0, MaxSize: 3, DesiredCapacity: 3, AvailabilityZones: [ZONE] })
    expect((await autoscale.groups.get('web'))!.DesiredCapacity).toBe(3)
    expect((await eu.groups.get('web'))!.DesiredCapacity).toBe(1)
  })
})
