// src/testing/autoscale-policies.ts — scaling policies: PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy (adjustments clamped to the group's sizes).
import { el, members } from './autoscale-xml.js'
import type { QueryAction, QueryContext } from './autoscale-context.js'
import { applyCapacity, active, inCooldown } from './autoscale-groups.js'
import { QueryError, missing } from './autoscale-params.js'
import { policyXml } from './autoscale-view.js'
import type { AsGroup, AsPolicy, AsStepAdjustment } from './autoscale-types.js'

const POLICY_TYPES = ['SimpleScaling', 'StepScaling', 'TargetTrackingScaling', 'PredictiveScaling']
const ADJUSTMENT_TYPES = ['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity']

/** The policy a PolicyName (a name, with AutoScalingGroupName, or an ARN) names, or ValidationError. */
function findPolicy(ctx: QueryContext): AsPolicy {
  const name = ctx.params.required('PolicyName')
  const group = ctx.params.str('AutoScalingGroupName')
  const found = [...ctx.state.policies.values()].find((p) => p.arn === name || (p.name === name && (group === undefined || p.groupName === group)))
  if (!found) throw new QueryError('ValidationError', `Policy ${name} does not exist${group ? ` for AutoScalingGroup ${group}` : ''}.`)
  return found
}

/** Reads StepAdjustments.member.N (bounds and adjustment). */
function steps(ctx: QueryContext): AsStepAdjustment[] {
  return ctx.params.structs('StepAdjustments').map((s) => {
    const adjustment = s.get('ScalingAdjustment')
    if (adjustment === undefined) throw missing('StepAdjustments.member.ScalingAdjustment')
    const step: AsStepAdjustment = { adjustment: Number(adjustment) }
    if (s.has('MetricIntervalLowerBound')) step.lower = Number(s.get('MetricIntervalLowerBound'))
    if (s.has('MetricIntervalUpperBound')) step.upper = Number(s.get('MetricIntervalUpperBound'))
    return step
  })
}

/**
 * PutScalingPolicy: creates or replaces a policy of an existing group (SimpleScaling needs
 * AdjustmentType and ScalingAdjustment, StepScaling AdjustmentType and StepAdjustments,
 * TargetTrackingScaling its configuration). Answers PolicyARN and an empty Alarms list.
 * @example // Action=PutScalingPolicy&AutoScalingGroupName=web&PolicyName=up&AdjustmentType=ChangeInCapacity&ScalingAdjustment=1
 */
export const putScalingPolicy: QueryAction = (ctx) => {
  const p = ctx.params
  const g = active(ctx, p.required('AutoScalingGroupName'))
  const name = p.required('PolicyName')
  const policyType = p.str('PolicyType') ?? 'SimpleScaling'
  if (!POLICY_TYPES.includes(policyType)) throw new QueryError('ValidationError', `Invalid policy type: ${policyType}. Valid types are: ${POLICY_TYPES.join(', ')}`)
  const adjustmentType = p.str('AdjustmentType')
  if (adjustmentType !== undefined && !ADJUSTMENT_TYPES.includes(adjustmentType)) throw new QueryError('ValidationError', `Invalid adjustment type ${adjustmentType}`)
  const policy: AsPolicy = {
    name,
    arn: ctx.state.policies.get(`${g.name}/${name}`)?.arn ?? ctx.state.arn('scalingPolicy', `autoScalingGroupName/${g.name}:policyName/${name}`),
    groupName: g.name,
    policyType,
    stepAdjustments: [],
    enabled: p.bool('Enabled') ?? true,
  }
  if (policyType === 'SimpleScaling' || policyType === 'StepScaling') {
    if (!adjustmentType) throw missing('AdjustmentType')
    policy.adjustmentType = adjustmentType
    const magnitude = p.int('MinAdjustmentMagnitude', { min: 1 })
    if (magnitude !== undefined && adjustmentType !== 'PercentChangeInCapacity') throw new QueryError('ValidationError', 'MinAdjustmentMagnitude is only supported with the PercentChangeInCapacity adjustment type')
    if (magnitude !== undefined) policy.minAdjustmentMagnitude = magnitude
  }
  if (policyType === 'SimpleScaling') {
    const adjustment = p.int('ScalingAdjustment')
    if (adjustment === undefined) throw missing('ScalingAdjustment')
    policy.scalingAdjustment = adjustment
    const cooldown = p.int('Cooldown', { min: 0 })
    if (cooldown !== undefined) policy.cooldown = cooldown
  } else if (policyType === 'StepScaling') {
    policy.stepAdjustments = steps(ctx)
    if (policy.stepAdjustments.length === 0) throw missing('StepAdjustments')
    const aggregation = p.str('MetricAggregationType')
    policy.metricAggregationType = aggregation ?? 'Average'
    const warmup = p.int('EstimatedInstanceWarmup', { min: 0 })
    if (warmup !== undefined) policy.estimatedInstanceWarmup = warmup
  } else {
    const prefix = policyType === 'TargetTrackingScaling' ? 'TargetTrackingConfiguration.' : 'PredictiveScalingConfiguration.'
    const config = Object.fromEntries([...p.entries()].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]))
    if (Object.keys(config).length === 0) throw missing(prefix.slice(0, -1))
    if (policyType === 'TargetTrackingScaling') policy.targetTracking = config
  }
  ctx.state.policies.set(`${g.name}/${name}`, policy)
  return el('PolicyARN', policy.arn) + members('Alarms', [])
}

/**
 * DescribePolicies: of one group or all, narrowed by PolicyNames (names or ARNs) and PolicyTypes,
 * by group then name, paged.
 * @example // Action=DescribePolicies&AutoScalingGroupName=web&PolicyTypes.member.1=SimpleScaling
 */
export const describePolicies: QueryAction = (ctx) => {
  const group = ctx.params.str('AutoScalingGroupName')
  const names = ctx.params.members('PolicyNames')
  const types = ctx.params.members('PolicyTypes')
  const all = [...ctx.state.policies.values()].filter(
    (p) => (group === undefined || p.groupName === group) && (names.length === 0 || names.includes(p.name) || names.includes(p.arn)) && (types.length === 0 || types.includes(p.policyType)),
  )
  const page = ctx.tokens.page('DescribePolicies', all, (p) => `${p.groupName}\u0000${p.name}`, ctx.params)
  return members('ScalingPolicies', page.items.map(policyXml)) + (page.nextToken ? `<NextToken>${page.nextToken}</NextToken>` : '')
}

/**
 * DeletePolicy: by name (and group) or ARN; ValidationError when there is no such policy.
 * @example // Action=DeletePolicy&AutoScalingGroupName=web&PolicyName=up
 */
export const deletePolicy: QueryAction = (ctx) => {
  const policy = findPolicy(ctx)
  ctx.state.policies.delete(`${policy.groupName}/${policy.name}`)
  return undefined
}

/**
 * The DesiredCapacity a policy asks for, before clamping: ChangeInCapacity adds, ExactCapacity
 * sets, PercentChangeInCapacity scales (a fraction below one rounds away from zero, larger ones
 * toward it; MinAdjustmentMagnitude is the least change).
 * @example adjusted(4, 'PercentChangeInCapacity', 10) // 5
 */
export function adjusted(desired: number, type: string, adjustment: number, minMagnitude?: number): number {
  if (type === 'ExactCapacity') return adjustment
  if (type === 'ChangeInCapacity') return desired + adjustment
  const exact = (desired * adjustment) / 100
  let change = Math.abs(exact) > 0 && Math.abs(exact) < 1 ? Math.sign(exact) : Math.trunc(exact)
  if (minMagnitude !== undefined && change !== 0 && Math.abs(change) < minMagnitude) change = Math.sign(change) * minMagnitude
  return desired + change
}

/** The step of a StepScaling policy for a metric's distance from the breach threshold. */
function stepFor(policy: AsPolicy, breach: number): number | undefined {
  const step = policy.stepAdjustments.find((s) => (s.lower === undefined || breach >= s.lower) && (s.upper === undefined || breach < s.upper))
  return step?.adjustment
}

/**
 * ExecutePolicy: applies a SimpleScaling or StepScaling policy (StepScaling needs MetricValue and
 * BreachThreshold), clamped to MinSize..MaxSize; with HonorCooldown, refused during the cooldown.
 * @example // Action=ExecutePolicy&AutoScalingGroupName=web&PolicyName=up&HonorCooldown=false
 */
export const executePolicy: QueryAction = (ctx) => {
  const policy = findPolicy(ctx)
  const g: AsGroup = active(ctx, policy.groupName)
  if (policy.policyType !== 'SimpleScaling' && policy.policyType !== 'StepScaling') throw new QueryError('ValidationError', 'Only SimpleScaling and StepScaling policies can be executed.')
  if (ctx.params.bool('HonorCooldown') && inCooldown(ctx, g, policy.cooldown ?? g.defaultCooldown)) throw new QueryError('ScalingActivityInProgress', 'Scaling activity is in progress and blocks this action')
  let adjustment = policy.scalingAdjustment
  if (policy.policyType === 'StepScaling') {
    const metric = ctx.params.str('MetricValue')
    const threshold = ctx.params.str('BreachThreshold')
    if (metric === undefined) throw missing('MetricValue')
    if (threshold === undefined) throw missing('BreachThreshold')
    adjustment = stepFor(policy, Number(metric) - Number(threshold))
  }
  if (adjustment === undefined) return undefined
  const wanted = adjusted(g.desiredCapacity, policy.adjustmentType!, adjustment, policy.minAdjustmentMagnitude)
  const desired = Math.min(g.maxSize, Math.max(g.minSize, wanted))
  if (desired !== g.desiredCapacity) applyCapacity(ctx, g, desired, `a user request executed policy ${policy.name}`)
  return undefined
}
