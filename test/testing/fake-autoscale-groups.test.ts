// test/testing/fake-autoscale-groups.test.ts — launch configurations, groups, instances on the fake clock, terminations and NextToken paging of the fake Auto Scaling service.
import { describe, expect, it } from 'vitest'
import { LAUNCH_MS, TERMINATE_MS, list, setupAutoscale, text, type Xml } from './support/fake-autoscale.js'

const states = (g: Xml | undefined) => list(g?.Instances).map((i) => text(i.LifecycleState))

describe('fake Auto Scaling: launch configurations', () => {
  it('creates and describes them with AWS fields and defaults', async () => {
    const { lc, ok } = await setupAutoscale()
    await lc('web', { KeyName: 'mykey', 'SecurityGroups.member.1': 'default', 'SecurityGroups.member.2': 'web', UserData: 'aGVsbG8=' })
    const [l] = list((await ok('DescribeLaunchConfigurations')).LaunchConfigurations)
    expect(l).toEqual({
      LaunchConfigurationName: 'web',
      LaunchConfigurationARN: expect.stringMatching(/^arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:[0-9a-f-]{36}:launchConfigurationName\/web$/),
      ImageId: 'ami-12c6146b',
      KeyName: 'mykey',
      SecurityGroups: { member: ['default', 'web'] },
      ClassicLinkVPCSecurityGroups: '',
      UserData: 'aGVsbG8=',
      InstanceType: 't2.micro',
      KernelId: '',
      RamdiskId: '',
      BlockDeviceMappings: '',
      InstanceMonitoring: { Enabled: 'true' },
      CreatedTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      EbsOptimized: 'false',
    })
  })

  it('refuses duplicates (AlreadyExists) and a missing ImageId; narrows Describe by names', async () => {
    const { lc, err, ok } = await setupAutoscale()
    await lc('a')
    await lc('b@hotel')
    expect(await err('CreateLaunchConfiguration', { LaunchConfigurationName: 'a', ImageId: 'ami-1', InstanceType: 'm1.small' })).toMatchObject({
      status: 400,
      code: 'AlreadyExists',
      message: 'Launch Configuration by this name already exists - A launch configuration already exists with the name a',
    })
    expect((await err('CreateLaunchConfiguration', { LaunchConfigurationName: 'c', InstanceType: 'm1.small' })).code).toBe('ValidationError')
    const r = await ok('DescribeLaunchConfigurations', { 'LaunchConfigurationNames.member.1': 'b@hotel', 'LaunchConfigurationNames.member.2': 'nope' })
    expect(list(r.LaunchConfigurations).map((l) => text(l.LaunchConfigurationName))).toEqual(['b@hotel'])
  })

  it('deletes them: ValidationError when missing, ResourceInUse while a group uses one', async () => {
    const { lc, group, err, ok } = await setupAutoscale()
    await lc()
    await group()
    expect(await err('DeleteLaunchConfiguration', { LaunchConfigurationName: 'lc' })).toMatchObject({ code: 'ResourceInUse', message: 'Cannot delete launch configuration lc because it is attached to AutoScalingGroup g1' })
    expect(await err('DeleteLaunchConfiguration', { LaunchConfigurationName: 'nope' })).toMatchObject({ code: 'ValidationError', message: 'Launch configuration name not found - Launch configuration nope not found' })
    await ok('DeleteAutoScalingGroup', { AutoScalingGroupName: 'g1' })
    await ok('DeleteLaunchConfiguration', { LaunchConfigurationName: 'lc' })
    expect(list((await ok('DescribeLaunchConfigurations')).LaunchConfigurations)).toEqual([])
  })
})

describe('fake Auto Scaling: groups', () => {
  it('launches DesiredCapacity instances, Pending until the launch delay passes on the fake clock', async () => {
    const { lc, group, describe: show, cloud, ok } = await setupAutoscale()
    await lc()
    await group('g1', { DesiredCapacity: 2, 'AvailabilityZones.member.2': 'us-east-1b', 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod', 'Tags.member.1.PropagateAtLaunch': true })
    const g = await show()
    expect(g).toMatchObject({
      AutoScalingGroupName: 'g1',
      LaunchConfigurationName: 'lc',
      MinSize: '0',
      MaxSize: '4',
      DesiredCapacity: '2',
      DefaultCooldown: '300',
      AvailabilityZones: { member: ['us-east-1a', 'us-east-1b'] },
      HealthCheckType: 'EC2',
      Tags: { member: [{ ResourceId: 'g1', ResourceType: 'auto-scaling-group', Key: 'env', Value: 'prod', PropagateAtLaunch: 'true' }] },
      TerminationPolicies: { member: ['Default'] },
    })
    expect(list(g?.Instances).map((i) => [text(i.AvailabilityZone), text(i.LifecycleState), text(i.HealthStatus)])).toEqual([
      ['us-east-1a', 'Pending', 'Healthy'],
      ['us-east-1b', 'Pending', 'Healthy'],
    ])
    expect(text(list(g?.Instances)[0]?.InstanceId)).toMatch(/^i-[0-9a-f]{17}$/)
    cloud.clock.advance(LAUNCH_MS)
    expect(states(await show())).toEqual(['InService', 'InService'])
    const acts = list((await ok('DescribeScalingActivities', { AutoScalingGroupName: 'g1' })).Activities)
    expect(acts.map((a) => [text(a.StatusCode), text(a.Progress)])).toEqual([
      ['Successful', '100'],
      ['Successful', '100'],
    ])
    expect(text(acts[0]?.Cause)).toMatch(/a user request created an AutoScalingGroup changing the desired capacity from 0 to 2\./)
    expect([...cloud.autoscale.instances.values()].map((i) => i.state)).toEqual(['InService', 'InService'])
  })

  it('validates creation as AWS does', async () => {
    const { lc, group, err } = await setupAutoscale()
    await lc()
    await group()
    const cases: [Record<string, string | number>, string, string][] = [
      [{}, 'AlreadyExists', 'AutoScalingGroup by this name already exists - A group with the name g1 already exists'],
      [{ AutoScalingGroupName: 'g2', LaunchConfigurationName: 'nope' }, 'ValidationError', 'Launch configuration name not found - Launch configuration nope not found'],
      [{ AutoScalingGroupName: 'g2', MinSize: 3, MaxSize: 1 }, 'ValidationError', 'Max bound, 1, must be greater than or equal to min bound, 3'],
      [{ AutoScalingGroupName: 'g2', DesiredCapacity: 5, MaxSize: 1 }, 'ValidationError', 'Desired capacity:5 must be between the specified min size:0 and max size:1'],
    ]
    for (const [extra, code, message] of cases) {
      expect(await err('CreateAutoScalingGroup', { AutoScalingGroupName: 'g1', LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 4, 'AvailabilityZones.member.1': 'us-east-1a', ...extra })).toMatchObject({ status: 400, code, message })
    }
    expect((await err('CreateAutoScalingGroup', { AutoScalingGroupName: 'g3', LaunchConfigurationName: 'lc', MinSize: 0, MaxSize: 1 })).message).toBe('At least one Availability Zone or VPC Subnet is required.')
    expect((await err('CreateAutoScalingGroup', { AutoScalingGroupName: 'g3', MinSize: 0, MaxSize: 1, 'AvailabilityZones.member.1': 'a' })).message).toMatch(/^Valid requests must contain either LaunchTemplate/)
    expect((await err('CreateAutoScalingGroup', { AutoScalingGroupName: 'g3', LaunchConfigurationName: 'lc', MinSize: 0, 'AvailabilityZones.member.1': 'a' })).message).toMatch(/'maxSize' failed to satisfy constraint: Member must not be null/)
  })

  it('UpdateAutoScalingGroup moves DesiredCapacity into the new bounds and terminates the surplus', async () => {
    const { lc, group, ok, err, describe: show, cloud } = await setupAutoscale()
    await lc()
    await group('g1', { DesiredCapacity: 3 })
    cloud.clock.advance(LAUNCH_MS)
    await ok('UpdateAutoScalingGroup', { AutoScalingGroupName: 'g1', MaxSize: 1 })
    const g = await show()
    expect([text(g?.MaxSize), text(g?.DesiredCapacity)]).toEqual(['1', '1'])
    expect(states(g).sort()).toEqual(['InService', 'Terminating', 'Terminating'])
    cloud.clock.advance(TERMINATE_MS)
    expect(states(await show())).toEqual(['InService'])
    await ok('UpdateAutoScalingGroup', { AutoScalingGroupName: 'g1', MinSize: 2, MaxSize: 5, DefaultCooldown: 60 })
    expect(await show()).toMatchObject({ MinSize: '2', MaxSize: '5', DesiredCapacity: '2', DefaultCooldown: '60' })
    expect((await err('UpdateAutoScalingGroup', { AutoScalingGroupName: 'g1', DesiredCapacity: 9 })).code).toBe('ValidationError')
    expect((await err('UpdateAutoScalingGroup', { AutoScalingGroupName: 'nope' })).message).toBe("AutoScalingGroup name not found - AutoScalingGroup 'nope' not found")
  })

  it('SetDesiredCapacity scales within MinSize..MaxSize and honours the cooldown when asked', async () => {
    const { lc, group, ok, err, describe: show, cloud } = await setupAutoscale()
    await lc()
    await group('g1', { MinSize: 1, MaxSize: 3 })
    expect(await err('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 4 })).toMatchObject({ code: 'ValidationError', message: 'New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup.' })
    expect((await err('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 0 })).message).toBe('New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.')
    await ok('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 3 })
    expect(states(await show())).toEqual(['Pending', 'Pending', 'Pending'])
    expect((await err('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 2, HonorCooldown: true })).code).toBe('ScalingActivityInProgress')
    cloud.clock.advance(300_000)
    await ok('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 2, HonorCooldown: true })
    expect(text((await show())?.DesiredCapacity)).toBe('2')
  })

  it('DeleteAutoScalingGroup: refused with instances unless ForceDelete, which shows "Delete in progress" until they are gone', async () => {
    const { lc, group, ok, err, describe: show, cloud } = await setupAutoscale()
    await lc()
    await group('g1', { DesiredCapacity: 2 })
    expect(await err('DeleteAutoScalingGroup', { AutoScalingGroupName: 'g1' })).toMatchObject({ code: 'ScalingActivityInProgress' })
    cloud.clock.advance(LAUNCH_MS)
    expect(await err('DeleteAutoScalingGroup', { AutoScalingGroupName: 'g1' })).toMatchObject({
      code: 'ResourceInUse',
      message: 'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
    })
    await ok('DeleteAutoScalingGroup', { AutoScalingGroupName: 'g1', ForceDelete: true })
    expect(await show()).toMatchObject({ Status: 'Delete in progress', DesiredCapacity: '0' })
    expect(states(await show())).toEqual(['Terminating', 'Terminating'])
    expect((await err('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 1 })).code).toBe('ScalingActivityInProgress')
    cloud.clock.advance(TERMINATE_MS)
    expect(await show()).toBeUndefined()
    expect(cloud.autoscale.instances.size).toBe(0)
  })
})

describe('fake Auto Scaling: instances', () => {
  it('DescribeAutoScalingInstances lists them with their group (HealthStatus in capitals, as AWS)', async () => {
    const { lc, group, ok } = await setupAutoscale({ launchDelayMs: 0 })
    await lc()
    await group('g1', { DesiredCapacity: 2 })
    const all = list((await ok('DescribeAutoScalingInstances')).AutoScalingInstances)
    expect(all).toHaveLength(2)
    expect(all[0]).toEqual({ InstanceId: expect.stringMatching(/^i-/), InstanceType: 't2.micro', AutoScalingGroupName: 'g1', AvailabilityZone: 'us-east-1a', LifecycleState: 'InService', HealthStatus: 'HEALTHY', LaunchConfigurationName: 'lc', ProtectedFromScaleIn: 'false' })
    const one = await ok('DescribeAutoScalingInstances', { 'InstanceIds.member.1': text(all[1]?.InstanceId)!, 'InstanceIds.member.2': 'i-00000000000000000' })
    expect(list(one.AutoScalingInstances).map((i) => text(i.InstanceId))).toEqual([text(all[1]?.InstanceId)])
  })

  it('TerminateInstanceInAutoScalingGroup returns the Activity; decrementing shrinks the group, otherwise a replacement launches', async () => {
    const { lc, group, ok, err, describe: show, cloud } = await setupAutoscale({ launchDelayMs: 0 })
    await lc()
    await group('g1', { DesiredCapacity: 2, MinSize: 1 })
    const [a, b] = list((await show())?.Instances).map((i) => text(i.InstanceId)!)
    const r = await ok('TerminateInstanceInAutoScalingGroup', { InstanceId: a!, ShouldDecrementDesiredCapacity: true })
    expect(r.Activity).toMatchObject({ AutoScalingGroupName: 'g1', Description: `Terminating EC2 instance: ${a}`, StatusCode: 'InProgress', Progress: '0' })
    expect(text(r.Activity?.Cause)).toMatch(new RegExp(`instance ${a} was taken out of service in response to a user request, shrinking the capacity from 2 to 1\\.$`))
    expect(text((await show())?.DesiredCapacity)).toBe('1')
    expect((await err('TerminateInstanceInAutoScalingGroup', { InstanceId: b!, ShouldDecrementDesiredCapacity: true })).code).toBe('ValidationError')
    await ok('TerminateInstanceInAutoScalingGroup', { InstanceId: b!, ShouldDecrementDesiredCapacity: false })
    const after = list((await show())?.Instances)
    expect(after.map((i) => text(i.LifecycleState)).sort()).toEqual(['InService', 'Terminating', 'Terminating'])
    expect(after.some((i) => ![a, b].includes(text(i.InstanceId)))).toBe(true)
    cloud.clock.advance(TERMINATE_MS)
    expect(states(await show())).toEqual(['InService'])
    expect(await err('TerminateInstanceInAutoScalingGroup', { InstanceId: a!, ShouldDecrementDesiredCapacity: true })).toMatchObject({ code: 'ValidationError', message: `Instance Id not found - No managed instance found for instance ID: ${a}` })
    expect((await err('TerminateInstanceInAutoScalingGroup', { InstanceId: a! })).message).toMatch(/shouldDecrementDesiredCapacity/)
  })
})

describe('fake Auto Scaling: paging', () => {
  it('pages every Describe* with MaxRecords and opaque NextTokens; a bad token is InvalidNextToken', async () => {
    const { lc, group, ok, err } = await setupAutoscale()
    await lc()
    for (const n of [3, 1, 5, 2, 4]) await group(`g${n}`)
    const pages: string[][] = []
    let token: string | undefined
    do {
      const r = await ok('DescribeAutoScalingGroups', { MaxRecords: 2, ...(token ? { NextToken: token } : {}) })
      pages.push(list(r.AutoScalingGroups).map((g) => text(g.AutoScalingGroupName)!))
      token = text(r.NextToken)
      if (token) expect(token).not.toMatch(/^g\d$/)
    } while (token)
    expect(pages).toEqual([['g1', 'g2'], ['g3', 'g4'], ['g5']])
    const first = text((await ok('DescribeAutoScalingGroups', { MaxRecords: 1 })).NextToken)!
    expect(await err('DescribeLaunchConfigurations', { NextToken: first })).toMatchObject({ code: 'InvalidNextToken', message: `The token '${first}' is invalid.` })
    expect((await err('DescribeAutoScalingGroups', { NextToken: 'bogus' })).code).toBe('InvalidNextToken')
    const lcPage = await ok('DescribeLaunchConfigurations', { MaxRecords: 1 })
    expect(list(lcPage.LaunchConfigurations).map((l) => text(l.LaunchConfigurationName))).toEqual(['lc'])
    expect(lcPage.NextToken).toBeUndefined()
    await ok('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 3 })
    const i1 = await ok('DescribeAutoScalingInstances', { MaxRecords: 2 })
    const i2 = await ok('DescribeAutoScalingInstances', { MaxRecords: 2, NextToken: text(i1.NextToken)! })
    expect([list(i1.AutoScalingInstances).length, list(i2.AutoScalingInstances).length, i2.NextToken]).toEqual([2, 1, undefined])
    expect((await err('DescribeAutoScalingGroups', { MaxRecords: 101 })).message).toMatch(/Member must have value less than or equal to 100$/)
    expect((await err('DescribeAutoScalingInstances', { MaxRecords: 51 })).message).toMatch(/less than or equal to 50$/)
    expect((await err('DescribeTags', { MaxRecords: 0 })).message).toMatch(/greater than or equal to 1$/)
  })

  it('defaults to 50 groups a page, and continues after the last name even when items change between pages', async () => {
    const { lc, group, ok, cloud } = await setupAutoscale()
    await lc()
    for (let n = 0; n < 55; n++) await group(`g${String(n).padStart(2, '0')}`)
    const r = await ok('DescribeAutoScalingGroups')
    expect(list(r.AutoScalingGroups)).toHaveLength(50)
    await ok('DeleteAutoScalingGroup', { AutoScalingGroupName: 'g50' })
    const rest = await ok('DescribeAutoScalingGroups', { NextToken: text(r.NextToken)! })
    expect(list(rest.AutoScalingGroups).map((g) => text(g.AutoScalingGroupName))).toEqual(['g51', 'g52', 'g53', 'g54'])
    expect(rest.NextToken).toBeUndefined()
    expect(cloud.autoscale.groups.size).toBe(54)
  })
})
