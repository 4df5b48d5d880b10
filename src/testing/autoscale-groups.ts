// src/testing/autoscale-groups.ts — the group actions: Create, Update, Delete, Describe, SetDesiredCapacity, with AWS's validation and capacity rules.
import { members } from './autoscale-xml.js'
import { checkSizes, resourceName, zoneFor, type QueryAction, type QueryContext } from './autoscale-context.js'
import { QueryError, missing } from './autoscale-params.js'
import { groupXml } from './autoscale-view.js'
import { readTags } from './autoscale-tags.js'
import type { AsGroup } from './autoscale-types.js'

/** The group, refused while a ForceDelete is under way. @example const g = active(ctx, 'web') */
export function active(ctx: QueryContext, name: string): AsGroup {
  const g = ctx.group(name)
  if (g.deleting) throw new QueryError('ScalingActivityInProgress', `AutoScalingGroup ${name} is pending delete.`)
  return g
}

/**
 * Sets DesiredCapacity (already checked) and launches or terminates to match, recording activities.
 * @example applyCapacity(ctx, group, 3, 'a user request explicitly set group desired capacity')
 */
export function applyCapacity(ctx: QueryContext, g: AsGroup, desired: number, reason: string): void {
  const previous = g.desiredCapacity
  g.desiredCapacity = desired
  if (desired !== previous) g.lastScaledAt = ctx.state.now()
  ctx.state.reconcile(g, reason, previous, zoneFor(ctx.state, ctx.dialect))
}

/** The launch configuration a Create or Update names (by name, or that of an instance), checked. */
function launchConfigurationOf(ctx: QueryContext): string | undefined {
  const p = ctx.params
  if (p.has('LaunchTemplate.LaunchTemplateId') || p.has('LaunchTemplate.LaunchTemplateName') || p.has('MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId')) {
    throw new QueryError('ValidationError', 'The fake Auto Scaling service supports launch configurations only, not launch templates.')
  }
  const instanceId = p.str('InstanceId')
  if (instanceId !== undefined) {
    const i = ctx.state.instances.get(instanceId)
    if (!i) throw new QueryError('ValidationError', `Invalid instance id: ${instanceId}`)
    return i.launchConfigurationName
  }
  const name = p.str('LaunchConfigurationName')
  if (name !== undefined && !ctx.state.launchConfigurations.has(name)) throw new QueryError('ValidationError', `Launch configuration name not found - Launch configuration ${name} not found`)
  return name
}

/**
 * CreateAutoScalingGroup: MinSize, MaxSize, a launch configuration, zones or subnets (AWS only);
 * DesiredCapacity defaults to MinSize; instances launch at once and go InService after the launch delay.
 * @example // Action=CreateAutoScalingGroup&AutoScalingGroupName=web&LaunchConfigurationName=lc&MinSize=1&MaxSize=3&AvailabilityZones.member.1=us-east-1a
 */
export const createAutoScalingGroup: QueryAction = (ctx) => {
  const p = ctx.params
  const name = resourceName(p, 'AutoScalingGroupName')
  if (ctx.state.groups.has(name)) throw new QueryError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`)
  const lcName = launchConfigurationOf(ctx)
  if (lcName === undefined) throw new QueryError('ValidationError', 'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.')
  const min = p.int('MinSize', { required: true, min: 0 })!
  const max = p.int('MaxSize', { required: true, min: 0 })!
  const desired = p.int('DesiredCapacity', { min: 0 }) ?? min
  checkSizes(min, max, desired)
  const zones = p.members('AvailabilityZones')
  const vpc = p.str('VPCZoneIdentifier')
  if (ctx.dialect === 'aws' && zones.length === 0 && !vpc) throw new QueryError('ValidationError', 'At least one Availability Zone or VPC Subnet is required.')
  const g: AsGroup = {
    name,
    arn: ctx.state.arn('autoScalingGroup', `autoScalingGroupName/${name}`),
    launchConfigurationName: lcName,
    minSize: min,
    maxSize: max,
    desiredCapacity: 0,
    defaultCooldown: p.int('DefaultCooldown', { min: 0 }) ?? 300,
    availabilityZones: zones,
    healthCheckType: p.str('HealthCheckType') ?? 'EC2',
    healthCheckGracePeriod: p.int('HealthCheckGracePeriod', { min: 0 }) ?? 0,
    loadBalancerNames: p.members('LoadBalancerNames'),
    targetGroupArns: p.members('TargetGroupARNs'),
    terminationPolicies: p.members('TerminationPolicies').length ? p.members('TerminationPolicies') : ['Default'],
    newInstancesProtectedFromScaleIn: p.bool('NewInstancesProtectedFromScaleIn') ?? false,
    tags: readTags(ctx, name).map((t) => t.tag),
    createdAt: ctx.state.now(),
    deleting: false,
  }
  if (vpc) g.vpcZoneIdentifier = vpc
  const placement = p.str('PlacementGroup')
  if (placement) g.placementGroup = placement
  const lifetime = p.int('MaxInstanceLifetime', { min: 0 })
  if (lifetime !== undefined) g.maxInstanceLifetime = lifetime
  ctx.state.groups.set(name, g)
  applyCapacity(ctx, g, desired, 'a user request created an AutoScalingGroup')
  return undefined
}

/**
 * UpdateAutoScalingGroup: sizes (a new MinSize above DesiredCapacity raises it, a new MaxSize below
 * lowers it, as AWS does), launch configuration, zones, cooldown, health check, termination policies.
 * @example // Action=UpdateAutoScalingGroup&AutoScalingGroupName=web&MaxSize=5
 */
export const updateAutoScalingGroup: QueryAction = (ctx) => {
  const p = ctx.params
  const g = active(ctx, p.required('AutoScalingGroupName'))
  const lcName = launchConfigurationOf(ctx)
  const min = p.int('MinSize', { min: 0 }) ?? g.minSize
  const max = p.int('MaxSize', { min: 0 }) ?? g.maxSize
  const asked = p.int('DesiredCapacity', { min: 0 })
  const desired = asked ?? Math.min(max, Math.max(min, g.desiredCapacity))
  checkSizes(min, max, desired)
  if (lcName !== undefined) g.launchConfigurationName = lcName
  Object.assign(g, { minSize: min, maxSize: max })
  const zones = p.members('AvailabilityZones')
  if (zones.length) g.availabilityZones = zones
  const vpc = p.str('VPCZoneIdentifier')
  if (vpc !== undefined) g.vpcZoneIdentifier = vpc
  const policies = p.members('TerminationPolicies')
  if (policies.length) g.terminationPolicies = policies
  g.defaultCooldown = p.int('DefaultCooldown', { min: 0 }) ?? g.defaultCooldown
  g.healthCheckType = p.str('HealthCheckType') ?? g.healthCheckType
  g.healthCheckGracePeriod = p.int('HealthCheckGracePeriod', { min: 0 }) ?? g.healthCheckGracePeriod
  g.newInstancesProtectedFromScaleIn = p.bool('NewInstancesProtectedFromScaleIn') ?? g.newInstancesProtectedFromScaleIn
  const lifetime = p.int('MaxInstanceLifetime', { min: 0 })
  if (lifetime !== undefined) g.maxInstanceLifetime = lifetime
  applyCapacity(ctx, g, desired, `a user request update of AutoScalingGroup constraints to min: ${min}, max: ${max}, desired: ${desired}`)
  return undefined
}

/**
 * DeleteAutoScalingGroup: refused while instances remain (ScalingActivityInProgress while some are
 * launching or terminating, else ResourceInUse) unless ForceDelete, which terminates them and
 * shows the group "Delete in progress" until they are gone. Phantom always deletes, as EPU does.
 * @example // Action=DeleteAutoScalingGroup&AutoScalingGroupName=web&ForceDelete=true
 */
export const deleteAutoScalingGroup: QueryAction = (ctx) => {
  const g = ctx.group(ctx.params.required('AutoScalingGroupName'))
  const force = (ctx.params.bool('ForceDelete') ?? false) || ctx.dialect === 'phantom'
  const instances = ctx.state.instancesOf(g.name)
  if (!force && ctx.state.busy(g.name)) throw new QueryError('ScalingActivityInProgress', 'You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.')
  if (!force && instances.length > 0) throw new QueryError('ResourceInUse', 'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.')
  const at = new Date(ctx.state.now()).toISOString()
  for (const i of instances) if (i.state !== 'Terminating') ctx.state.terminate(i, `At ${at} instance ${i.id} was taken out of service in response to a user request to delete the group.`)
  g.deleting = true
  g.desiredCapacity = 0
  ctx.state.settle()
  return undefined
}

/**
 * DescribeAutoScalingGroups: all, or those of AutoScalingGroupNames, optionally by Filters
 * (`tag-key`, `tag-value`, `tag:<key>`), by name, paged.
 * @example // Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=web
 */
export const describeAutoScalingGroups: QueryAction = (ctx) => {
  const names = ctx.params.members('AutoScalingGroupNames')
  const filters = ctx.params.structs('Filters').map((f) => ({ name: f.get('Name') ?? '', values: [...f].filter(([k]) => k.startsWith('Values.member.')).map(([, v]) => v) }))
  const matches = (g: AsGroup): boolean =>
    filters.every(({ name, values }) => {
      if (name === 'tag-key') return g.tags.some((t) => values.includes(t.key))
      if (name === 'tag-value') return g.tags.some((t) => values.includes(t.value))
      if (name.startsWith('tag:')) return g.tags.some((t) => t.key === name.slice(4) && values.includes(t.value))
      throw new QueryError('ValidationError', `Filter type ${name} is not correct. Allowed Filter types are: tag-key, tag-value, tag:<key>`)
    })
  const all = [...ctx.state.groups.values()].filter((g) => (names.length === 0 || names.includes(g.name)) && matches(g))
  const page = ctx.tokens.page('DescribeAutoScalingGroups', all, (g) => g.name, ctx.params, ctx.dialect === 'aws')
  const now = ctx.state.now()
  return members('AutoScalingGroups', page.items.map((g) => groupXml(g, ctx.state.instancesOf(g.name), ctx.dialect, now))) + (page.nextToken ? `<NextToken>${page.nextToken}</NextToken>` : '')
}

/**
 * SetDesiredCapacity: ValidationError outside MinSize..MaxSize; with HonorCooldown, refused during
 * the group's cooldown. Phantom sets minimum = maximum = desired (N-preserving), unchecked.
 * @example // Action=SetDesiredCapacity&AutoScalingGroupName=web&DesiredCapacity=3
 */
export const setDesiredCapacity: QueryAction = (ctx) => {
  const p = ctx.params
  const g = active(ctx, p.required('AutoScalingGroupName'))
  const desired = p.int('DesiredCapacity', { min: 0 })
  if (desired === undefined) throw missing('DesiredCapacity')
  if (ctx.dialect === 'phantom') {
    Object.assign(g, { minSize: desired, maxSize: desired })
  } else {
    if (desired > g.maxSize) throw new QueryError('ValidationError', `New SetDesiredCapacity value ${desired} is above max value ${g.maxSize} for the AutoScalingGroup.`)
    if (desired < g.minSize) throw new QueryError('ValidationError', `New SetDesiredCapacity value ${desired} is below min value ${g.minSize} for the AutoScalingGroup.`)
    if (p.bool('HonorCooldown') && inCooldown(ctx, g, g.defaultCooldown)) throw new QueryError('ScalingActivityInProgress', 'Scaling activity is in progress and blocks this action')
  }
  applyCapacity(ctx, g, desired, 'a user request explicitly set group desired capacity')
  return undefined
}

/** Whether the group changed capacity less than `cooldownS` seconds ago (fake time). @example inCooldown(ctx, g, 300) */
export function inCooldown(ctx: QueryContext, g: AsGroup, cooldownS: number): boolean {
  return g.lastScaledAt !== undefined && ctx.state.now() - g.lastScaledAt < cooldownS * 1000
}
