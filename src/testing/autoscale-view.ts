// src/testing/autoscale-view.ts — the XML of each record as AWS writes it (member names and order of the 2011-01-01 model), with Phantom's EPU states.
import { el, members, raw, stringMembers, xmlEscape } from './autoscale-xml.js'
import { iso } from './autoscale-store.js'
import type { AsActivity, AsGroup, AsInstance, AsLaunchConfiguration, AsPolicy, AsTag } from './autoscale-types.js'
import type { AutoscaleDialect } from './autoscale-xml.js'
import { epuHealth, epuState } from './phantom-epu.js'

/**
 * A launch configuration `<member>` body. Unset KernelId, RamdiskId and UserData come as empty
 * elements, as AWS sends them.
 * @example members('LaunchConfigurations', lcs.map(lcXml))
 */
export function lcXml(lc: AsLaunchConfiguration): string {
  return (
    el('LaunchConfigurationName', lc.name) +
    el('LaunchConfigurationARN', lc.arn) +
    el('ImageId', lc.imageId) +
    el('KeyName', lc.keyName ?? '') +
    stringMembers('SecurityGroups', lc.securityGroups) +
    members('ClassicLinkVPCSecurityGroups', []) +
    el('UserData', lc.userData ?? '') +
    el('InstanceType', lc.instanceType) +
    el('KernelId', lc.kernelId ?? '') +
    el('RamdiskId', lc.ramdiskId ?? '') +
    members('BlockDeviceMappings', []) +
    raw('InstanceMonitoring', el('Enabled', lc.instanceMonitoring)) +
    el('SpotPrice', lc.spotPrice) +
    el('IamInstanceProfile', lc.iamInstanceProfile) +
    el('CreatedTime', iso(lc.createdAt)) +
    el('EbsOptimized', lc.ebsOptimized) +
    el('AssociatePublicIpAddress', lc.associatePublicIpAddress) +
    el('PlacementTenancy', lc.placementTenancy)
  )
}

/** How a dialect shows an instance's state at `now`. */
function lifecycle(i: AsInstance, dialect: AutoscaleDialect, now: number): { state: string; health: string } {
  if (dialect === 'aws') return { state: i.state, health: i.healthStatus }
  const state = epuState(i, now)
  return { state, health: epuHealth(state) }
}

/**
 * An instance inside a group (`Instances` member), or as DescribeAutoScalingInstances lists it
 * (`detail`: the group's name too, and HealthStatus in capitals as AWS writes it there).
 * @example instanceXml(i, 'aws', now, true)
 */
export function instanceXml(i: AsInstance, dialect: AutoscaleDialect, now: number, detail = false): string {
  const { state, health } = lifecycle(i, dialect, now)
  return (
    el('InstanceId', i.id) +
    el('InstanceType', i.instanceType) +
    (detail ? el('AutoScalingGroupName', i.groupName) : '') +
    el('AvailabilityZone', i.availabilityZone) +
    el('LifecycleState', state) +
    el('HealthStatus', detail && dialect === 'aws' ? health.toUpperCase() : health) +
    el('LaunchConfigurationName', i.launchConfigurationName) +
    el('ProtectedFromScaleIn', i.protectedFromScaleIn)
  )
}

/**
 * A TagDescription `<member>` body.
 * @example tagXml('web', { key: 'env', value: 'prod', propagateAtLaunch: false })
 */
export function tagXml(groupName: string, t: AsTag): string {
  return el('ResourceId', groupName) + el('ResourceType', 'auto-scaling-group') + el('Key', t.key) + el('Value', t.value) + el('PropagateAtLaunch', t.propagateAtLaunch)
}

/**
 * An AutoScalingGroup `<member>` body with its instances and tags.
 * @example groupXml(g, state.instancesOf(g.name), 'aws', now)
 */
export function groupXml(g: AsGroup, instances: readonly AsInstance[], dialect: AutoscaleDialect, now: number): string {
  return (
    el('AutoScalingGroupName', g.name) +
    el('AutoScalingGroupARN', g.arn) +
    el('LaunchConfigurationName', g.launchConfigurationName) +
    el('MinSize', g.minSize) +
    el('MaxSize', g.maxSize) +
    el('DesiredCapacity', g.desiredCapacity) +
    el('DefaultCooldown', g.defaultCooldown) +
    stringMembers('AvailabilityZones', g.availabilityZones) +
    stringMembers('LoadBalancerNames', g.loadBalancerNames) +
    stringMembers('TargetGroupARNs', g.targetGroupArns) +
    el('HealthCheckType', g.healthCheckType) +
    el('HealthCheckGracePeriod', g.healthCheckGracePeriod) +
    members('Instances', instances.map((i) => instanceXml(i, dialect, now))) +
    el('CreatedTime', iso(g.createdAt)) +
    members('SuspendedProcesses', []) +
    el('PlacementGroup', g.placementGroup) +
    el('VPCZoneIdentifier', g.vpcZoneIdentifier) +
    members('EnabledMetrics', []) +
    el('Status', g.deleting ? 'Delete in progress' : undefined) +
    members('Tags', g.tags.map((t) => tagXml(g.name, t))) +
    stringMembers('TerminationPolicies', g.terminationPolicies) +
    el('NewInstancesProtectedFromScaleIn', g.newInstancesProtectedFromScaleIn) +
    el('MaxInstanceLifetime', g.maxInstanceLifetime)
  )
}

/**
 * A ScalingPolicy `<member>` body.
 * @example members('ScalingPolicies', policies.map(policyXml))
 */
export function policyXml(p: AsPolicy): string {
  const steps = p.stepAdjustments.map((s) => el('MetricIntervalLowerBound', s.lower) + el('MetricIntervalUpperBound', s.upper) + el('ScalingAdjustment', s.adjustment))
  return (
    el('AutoScalingGroupName', p.groupName) +
    el('PolicyName', p.name) +
    el('PolicyARN', p.arn) +
    el('PolicyType', p.policyType) +
    el('AdjustmentType', p.adjustmentType) +
    el('MinAdjustmentMagnitude', p.minAdjustmentMagnitude) +
    el('ScalingAdjustment', p.scalingAdjustment) +
    el('Cooldown', p.cooldown) +
    members('StepAdjustments', steps) +
    el('MetricAggregationType', p.metricAggregationType) +
    el('EstimatedInstanceWarmup', p.estimatedInstanceWarmup) +
    members('Alarms', []) +
    (p.targetTracking ? raw('TargetTrackingConfiguration', nestedXml(p.targetTracking)) : '') +
    el('Enabled', p.enabled)
  )
}

/**
 * An Activity body (a `<member>` of Activities, or the `<Activity>` of a termination).
 * @example raw('Activity', activityXml(a))
 */
export function activityXml(a: AsActivity): string {
  return (
    el('ActivityId', a.id) +
    el('AutoScalingGroupName', a.groupName) +
    el('Description', a.description) +
    el('Cause', a.cause) +
    el('StartTime', iso(a.startAt)) +
    el('EndTime', a.endAt === undefined ? undefined : iso(a.endAt)) +
    el('StatusCode', a.status) +
    el('Progress', a.progress) +
    el('Details', a.details) +
    el('AutoScalingGroupARN', a.groupArn)
  )
}

type Tree = Map<string, Tree | string>

/**
 * Flattened Query names (`PredefinedMetricSpecification.PredefinedMetricType`, `X.member.1.Name`)
 * back into nested XML, `member.N` becoming `<member>` elements in N order.
 * @example nestedXml({ TargetValue: '50' }) // '<TargetValue>50</TargetValue>'
 */
export function nestedXml(flat: Record<string, string>): string {
  const root: Tree = new Map()
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.')
    let node = root
    parts.forEach((part, n) => {
      if (n === parts.length - 1) return void node.set(part, value)
      const next = node.get(part)
      if (next instanceof Map) node = next
      else node.set(part, (node = new Map()))
    })
  }
  return treeXml(root)
}

function treeXml(tree: Tree): string {
  let out = ''
  for (const [name, child] of tree) {
    if (name === 'member' && child instanceof Map) {
      const items = [...child].sort(([a], [b]) => Number(a) - Number(b))
      out += items.map(([, v]) => `<member>${typeof v === 'string' ? xmlEscape(v) : treeXml(v)}</member>`).join('')
    } else {
      out += typeof child === 'string' ? el(name, child) : raw(name, treeXml(child))
    }
  }
  return out
}
