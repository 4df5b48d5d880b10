// test/testing/fake-autoscale-policies.test.ts — scaling policies, scaling activities and group tags of the fake Auto Scaling service.
import { describe, expect, it } from 'vitest'
import { LAUNCH_MS, list, setupAutoscale, text } from './support/fake-autoscale.js'

async function withGroup(desired = 2, extra: Record<string, string | number> = {}) {
  const ctx = await setupAutoscale({ launchDelayMs: 0 })
  await ctx.lc()
  await ctx.group('g1', { MinSize: 1, MaxSize: 6, DesiredCapacity: desired, ...extra })
  return ctx
}

describe('fake Auto Scaling: policies', () => {
  it('PutScalingPolicy answers PolicyARN and Alarms; DescribePolicies lists it; a second Put replaces it, same ARN', async () => {
    const { ok } = await withGroup()
    const r = await ok('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'up', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1, Cooldown: 0 })
    expect(text(r.PolicyARN)).toMatch(/^arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:[0-9a-f-]{36}:autoScalingGroupName\/g1:policyName\/up$/)
    expect(r.Alarms).toBe('')
    await ok('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'up', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 2 })
    const [p] = list((await ok('DescribePolicies', { AutoScalingGroupName: 'g1' })).ScalingPolicies)
    expect(p).toEqual({ AutoScalingGroupName: 'g1', PolicyName: 'up', PolicyARN: text(r.PolicyARN), PolicyType: 'SimpleScaling', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: '2', StepAdjustments: '', Alarms: '', Enabled: 'true' })
  })

  it('validates policies: unknown group, missing AdjustmentType or ScalingAdjustment, bad types', async () => {
    const { err } = await withGroup()
    expect((await err('PutScalingPolicy', { AutoScalingGroupName: 'nope', PolicyName: 'p', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1 })).message).toBe("AutoScalingGroup name not found - AutoScalingGroup 'nope' not found")
    expect((await err('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'p', ScalingAdjustment: 1 })).message).toMatch(/'adjustmentType'/)
    expect((await err('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'p', AdjustmentType: 'ChangeInCapacity' })).message).toMatch(/'scalingAdjustment'/)
    expect((await err('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'p', AdjustmentType: 'Sideways', ScalingAdjustment: 1 })).code).toBe('ValidationError')
    expect((await err('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'p', PolicyType: 'Magic' })).code).toBe('ValidationError')
  })

  it('ExecutePolicy applies ChangeInCapacity, ExactCapacity and PercentChangeInCapacity, clamped to MinSize..MaxSize', async () => {
    const { ok, describe: show } = await withGroup(2)
    const put = (name: string, type: string, adjustment: number, extra: Record<string, number> = {}) => ok('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: name, AdjustmentType: type, ScalingAdjustment: adjustment, ...extra })
    const run = async (name: string) => {
      await ok('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: name })
      return text((await show())?.DesiredCapacity)
    }
    await put('up', 'ChangeInCapacity', 3)
    await put('exact', 'ExactCapacity', 0)
    await put('pct', 'PercentChangeInCapacity', 50)
    await put('tiny', 'PercentChangeInCapacity', 10)
    await put('mag', 'PercentChangeInCapacity', 10, { MinAdjustmentMagnitude: 2 })
    expect(await run('up')).toBe('5')
    expect(await run('up')).toBe('6') // MaxSize
    expect(await run('exact')).toBe('1') // MinSize
    expect(await run('tiny')).toBe('2') // 10 % of 1 rounds to 1
    expect(await run('pct')).toBe('3')
    expect(await run('mag')).toBe('5')
    expect(list((await show())?.Instances).filter((i) => text(i.LifecycleState) === 'InService')).toHaveLength(5)
  })

  it('ExecutePolicy: StepScaling picks the step of MetricValue − BreachThreshold; HonorCooldown; unknown policy', async () => {
    const { ok, err, describe: show, cloud } = await withGroup(2)
    await ok('PutScalingPolicy', {
      AutoScalingGroupName: 'g1',
      PolicyName: 'steps',
      PolicyType: 'StepScaling',
      AdjustmentType: 'ChangeInCapacity',
      'StepAdjustments.member.1.MetricIntervalLowerBound': 0,
      'StepAdjustments.member.1.MetricIntervalUpperBound': 10,
      'StepAdjustments.member.1.ScalingAdjustment': 1,
      'StepAdjustments.member.2.MetricIntervalLowerBound': 10,
      'StepAdjustments.member.2.ScalingAdjustment': 3,
    })
    await ok('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'steps', MetricValue: 85, BreachThreshold: 70 })
    expect(text((await show())?.DesiredCapacity)).toBe('5')
    expect((await err('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'steps' })).message).toMatch(/'metricValue'/)
    await ok('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'down', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: -1, Cooldown: 120 })
    expect((await err('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'down', HonorCooldown: true })).code).toBe('ScalingActivityInProgress')
    cloud.clock.advance(120_000)
    await ok('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'down', HonorCooldown: true })
    expect(text((await show())?.DesiredCapacity)).toBe('4')
    expect((await err('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'nope' })).message).toBe('Policy nope does not exist for AutoScalingGroup g1.')
  })

  it('DescribePolicies filters by names, ARNs and types and pages; DeletePolicy removes by name or ARN', async () => {
    const { ok, err } = await withGroup()
    for (const n of ['a', 'b', 'c']) await ok('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: n, AdjustmentType: 'ExactCapacity', ScalingAdjustment: 1 })
    await ok('PutScalingPolicy', { AutoScalingGroupName: 'g1', PolicyName: 'tt', PolicyType: 'TargetTrackingScaling', 'TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType': 'ASGAverageCPUUtilization', 'TargetTrackingConfiguration.TargetValue': 50 })
    const tt = list((await ok('DescribePolicies', { 'PolicyTypes.member.1': 'TargetTrackingScaling' })).ScalingPolicies)
    expect(tt[0]?.TargetTrackingConfiguration).toEqual({ PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: '50' })
    const page = await ok('DescribePolicies', { MaxRecords: 2 })
    expect(list(page.ScalingPolicies).map((p) => text(p.PolicyName))).toEqual(['a', 'b'])
    const rest = await ok('DescribePolicies', { MaxRecords: 2, NextToken: text(page.NextToken)! })
    expect(list(rest.ScalingPolicies).map((p) => text(p.PolicyName))).toEqual(['c', 'tt'])
    const arnOfB = text(list((await ok('DescribePolicies', { 'PolicyNames.member.1': 'b' })).ScalingPolicies)[0]?.PolicyARN)!
    await ok('DeletePolicy', { PolicyName: arnOfB })
    await ok('DeletePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'a' })
    expect((await err('DeletePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'a' })).code).toBe('ValidationError')
    expect((await err('ExecutePolicy', { AutoScalingGroupName: 'g1', PolicyName: 'tt' })).code).toBe('ValidationError')
    expect(list((await ok('DescribePolicies')).ScalingPolicies).map((p) => text(p.PolicyName))).toEqual(['c', 'tt'])
  })
})

describe('fake Auto Scaling: activities', () => {
  it('records launches and terminations, newest first, InProgress until done; by ids, paged, deleted groups on request', async () => {
    const ctx = await setupAutoscale()
    await ctx.lc()
    await ctx.group('g1', { DesiredCapacity: 1 })
    const first = list((await ctx.ok('DescribeScalingActivities')).Activities)
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ AutoScalingGroupName: 'g1', StatusCode: 'InProgress', Progress: '0', Description: expect.stringMatching(/^Launching a new EC2 instance: i-[0-9a-f]{17}$/) })
    expect(JSON.parse(text(first[0]?.Details)!)).toEqual({ 'Subnet ID': '', 'Availability Zone': 'us-east-1a' })
    ctx.cloud.clock.advance(LAUNCH_MS)
    await ctx.ok('SetDesiredCapacity', { AutoScalingGroupName: 'g1', DesiredCapacity: 0 })
    const acts = list((await ctx.ok('DescribeScalingActivities', { AutoScalingGroupName: 'g1' })).Activities)
    expect(acts.map((a) => [text(a.Description)?.split(':')[0], text(a.StatusCode)])).toEqual([
      ['Terminating EC2 instance', 'InProgress'],
      ['Launching a new EC2 instance', 'Successful'],
    ])
    expect(text(acts[1]?.EndTime)).toMatch(/Z$/)
    const byId = await ctx.ok('DescribeScalingActivities', { 'ActivityIds.member.1': text(acts[1]?.ActivityId)! })
    expect(list(byId.Activities)).toHaveLength(1)
    const page = await ctx.ok('DescribeScalingActivities', { MaxRecords: 1 })
    expect(text(list(page.Activities)[0]?.ActivityId)).toBe(text(acts[0]?.ActivityId))
    expect(text(list((await ctx.ok('DescribeScalingActivities', { MaxRecords: 1, NextToken: text(page.NextToken)! })).Activities)[0]?.ActivityId)).toBe(text(acts[1]?.ActivityId))
    ctx.cloud.clock.advance(LAUNCH_MS)
    await ctx.ok('DeleteAutoScalingGroup', { AutoScalingGroupName: 'g1' })
    expect(list((await ctx.ok('DescribeScalingActivities', { AutoScalingGroupName: 'g1' })).Activities)).toEqual([])
    expect(list((await ctx.ok('DescribeScalingActivities', { AutoScalingGroupName: 'g1', IncludeDeletedGroups: true })).Activities)).toHaveLength(2)
    expect(ctx.cloud.autoscale.activities.every((a) => a.status === 'Successful')).toBe(true)
  })
})

describe('fake Auto Scaling: tags', () => {
  const tag = (n: number, group: string, key: string, value = '') => ({ [`Tags.member.${n}.ResourceId`]: group, [`Tags.member.${n}.ResourceType`]: 'auto-scaling-group', [`Tags.member.${n}.Key`]: key, [`Tags.member.${n}.Value`]: value })

  it('CreateOrUpdateTags adds and overwrites; DescribeTags filters by group, key, value; DeleteTags removes', async () => {
    const { ok, err, group } = await withGroup()
    await group('g2')
    await ok('CreateOrUpdateTags', { ...tag(1, 'g1', 'PHANTOM_DEFINITION', 'error_overflow_n_preserving'), ...tag(2, 'g1', 'clouds', 'hotel:4'), ...tag(3, 'g2', 'clouds', 'sierra:2') })
    await ok('CreateOrUpdateTags', { ...tag(1, 'g1', 'clouds', 'hotel:4,sierra:4'), 'Tags.member.1.PropagateAtLaunch': 'true' })
    const all = list((await ok('DescribeTags')).Tags)
    expect(all.map((t) => [text(t.ResourceId), text(t.Key), text(t.Value), text(t.PropagateAtLaunch)])).toEqual([
      ['g1', 'PHANTOM_DEFINITION', 'error_overflow_n_preserving', 'false'],
      ['g1', 'clouds', 'hotel:4,sierra:4', 'true'],
      ['g2', 'clouds', 'sierra:2', 'false'],
    ])
    const f = (name: string, ...values: string[]) => Object.fromEntries([[`Filters.member.1.Name`, name], ...values.map((v, n) => [`Filters.member.1.Values.member.${n + 1}`, v])])
    expect(list((await ok('DescribeTags', f('key', 'clouds'))).Tags)).toHaveLength(2)
    expect(list((await ok('DescribeTags', f('auto-scaling-group', 'g2'))).Tags).map((t) => text(t.Value))).toEqual(['sierra:2'])
    expect(list((await ok('DescribeTags', { ...f('key', 'clouds'), 'Filters.member.2.Name': 'value', 'Filters.member.2.Values.member.1': 'sierra:2' })).Tags)).toHaveLength(1)
    expect(list((await ok('DescribeAutoScalingGroups', { 'Filters.member.1.Name': 'tag:clouds', 'Filters.member.1.Values.member.1': 'sierra:2' })).AutoScalingGroups).map((g) => text(g.AutoScalingGroupName))).toEqual(['g2'])
    const page = await ok('DescribeTags', { MaxRecords: 2 })
    expect(list(page.Tags)).toHaveLength(2)
    expect(list((await ok('DescribeTags', { MaxRecords: 2, NextToken: text(page.NextToken)! })).Tags)).toHaveLength(1)
    await ok('DeleteTags', tag(1, 'g1', 'clouds'))
    expect(list((await ok('DescribeTags', f('auto-scaling-group', 'g1'))).Tags).map((t) => text(t.Key))).toEqual(['PHANTOM_DEFINITION'])
    expect((await err('CreateOrUpdateTags', tag(1, 'nope', 'k', 'v'))).message).toBe("AutoScalingGroup name not found - AutoScalingGroup 'nope' not found")
    expect((await err('DeleteTags', tag(1, 'nope', 'k'))).code).toBe('ValidationError')
    expect((await err('DescribeTags', f('colour', 'red'))).code).toBe('ValidationError')
    expect((await err('CreateOrUpdateTags', { ...tag(1, 'g1', 'k'), 'Tags.member.1.ResourceType': 'instance' })).code).toBe('ValidationError')
  })
})
