// src/testing/autoscale-types.ts — the records of the fake Auto Scaling service: launch configurations, groups, instances, policies, activities, tags.

/**
 * A launch configuration as stored (AWS field names in camelCase).
 * @example autoscale.launchConfigurations.get('web-lc')?.instanceType // 't2.micro'
 */
export interface AsLaunchConfiguration {
  name: string
  arn: string
  imageId: string
  instanceType: string
  keyName?: string
  securityGroups: string[]
  userData?: string
  kernelId?: string
  ramdiskId?: string
  spotPrice?: string
  iamInstanceProfile?: string
  instanceMonitoring: boolean
  ebsOptimized: boolean
  associatePublicIpAddress?: boolean
  placementTenancy?: string
  createdAt: number
}

/**
 * A tag of a group (`ResourceType` is always `auto-scaling-group`).
 * @example { key: 'env', value: 'prod', propagateAtLaunch: true }
 */
export interface AsTag {
  key: string
  value: string
  propagateAtLaunch: boolean
}

/**
 * An Auto Scaling group. `deleting` is set by a ForceDelete until its instances are gone.
 * @example autoscale.groups.get('web')?.desiredCapacity
 */
export interface AsGroup {
  name: string
  arn: string
  launchConfigurationName: string
  minSize: number
  maxSize: number
  desiredCapacity: number
  defaultCooldown: number
  availabilityZones: string[]
  vpcZoneIdentifier?: string
  healthCheckType: string
  healthCheckGracePeriod: number
  loadBalancerNames: string[]
  targetGroupArns: string[]
  terminationPolicies: string[]
  newInstancesProtectedFromScaleIn: boolean
  placementGroup?: string
  maxInstanceLifetime?: number
  tags: AsTag[]
  createdAt: number
  deleting: boolean
  /** Fake time of the last capacity change, for cooldowns. */
  lastScaledAt?: number
}

/** AWS lifecycle states the fake's instances go through. @example const s: AsLifecycleState = 'InService' */
export type AsLifecycleState = 'Pending' | 'InService' | 'Terminating'

/**
 * An instance of a group: Pending until `readyAt`, InService, Terminating from a termination until
 * `goneAt`, then removed. `state` is brought up to date whenever the fake is read.
 * @example autoscale.instances.get(id)?.state // 'InService'
 */
export interface AsInstance {
  id: string
  groupName: string
  launchConfigurationName: string
  instanceType: string
  availabilityZone: string
  state: AsLifecycleState
  healthStatus: 'Healthy' | 'Unhealthy'
  protectedFromScaleIn: boolean
  launchedAt: number
  readyAt: number
  terminatingAt?: number
  goneAt?: number
  launchActivityId: string
  terminateActivityId?: string
}

/**
 * One step of a StepScaling policy.
 * @example { lower: 0, upper: 10, adjustment: 1 }
 */
export interface AsStepAdjustment {
  lower?: number
  upper?: number
  adjustment: number
}

/**
 * A scaling policy.
 * @example autoscale.policies.get('web/scale-up')?.scalingAdjustment // 1
 */
export interface AsPolicy {
  name: string
  arn: string
  groupName: string
  policyType: string
  adjustmentType?: string
  scalingAdjustment?: number
  minAdjustmentMagnitude?: number
  cooldown?: number
  metricAggregationType?: string
  estimatedInstanceWarmup?: number
  stepAdjustments: AsStepAdjustment[]
  /** TargetTrackingConfiguration parameters as sent (flattened Query names after the prefix). */
  targetTracking?: Record<string, string>
  enabled: boolean
}

/** Status codes of the fake's activities. @example const s: AsActivityStatus = 'Successful' */
export type AsActivityStatus = 'InProgress' | 'Successful' | 'Failed' | 'Cancelled'

/**
 * A scaling activity: a launch or a termination, InProgress until the instance is in service or gone.
 * @example autoscale.activities.filter((a) => a.groupName === 'web').map((a) => a.description)
 */
export interface AsActivity {
  id: string
  groupName: string
  groupArn: string
  description: string
  cause: string
  details: string
  startAt: number
  endAt?: number
  status: AsActivityStatus
  progress: number
}
