// src/autoscale/schemas.ts — decoders of the Auto Scaling results, keeping AWS's member names (botocore's 2011-01-01 model).
import { bool, date, int, list, num, raw, str, struct, type Decoded } from './decode.js'

const LaunchTemplateSpecification = struct({ LaunchTemplateId: str, LaunchTemplateName: str, Version: str })

const Ebs = struct({
  SnapshotId: str,
  VolumeSize: int,
  VolumeType: str,
  DeleteOnTermination: bool,
  Iops: int,
  Encrypted: bool,
  Throughput: int,
})

const BlockDeviceMapping = struct({ VirtualName: str, DeviceName: str, Ebs, NoDevice: bool }, ['DeviceName'])

/** Decodes a `<member>` of DescribeLaunchConfigurations. */
export const LaunchConfigurationDecoder = struct(
  {
    LaunchConfigurationName: str,
    LaunchConfigurationARN: str,
    ImageId: str,
    KeyName: str,
    SecurityGroups: list(str),
    ClassicLinkVPCId: str,
    ClassicLinkVPCSecurityGroups: list(str),
    UserData: str,
    InstanceType: str,
    KernelId: str,
    RamdiskId: str,
    BlockDeviceMappings: list(BlockDeviceMapping),
    InstanceMonitoring: struct({ Enabled: bool }),
    SpotPrice: str,
    IamInstanceProfile: str,
    CreatedTime: date,
    EbsOptimized: bool,
    AssociatePublicIpAddress: bool,
    PlacementTenancy: str,
    MetadataOptions: struct({ HttpTokens: str, HttpPutResponseHopLimit: int, HttpEndpoint: str }),
  },
  ['LaunchConfigurationName'],
)

/**
 * A launch configuration, with AWS's member names. Phantom names them `dtname@site`.
 * @example for await (const lc of autoscale.launchConfigurations.list()) console.log(lc.LaunchConfigurationName, lc.ImageId)
 */
export type LaunchConfiguration = Decoded<typeof LaunchConfigurationDecoder>

// The members an instance has inside a group and in DescribeAutoScalingInstances alike.
const instanceFields = {
  InstanceId: str,
  InstanceType: str,
  AvailabilityZone: str,
  LifecycleState: str,
  HealthStatus: str,
  LaunchConfigurationName: str,
  LaunchTemplate: LaunchTemplateSpecification,
  ProtectedFromScaleIn: bool,
  WeightedCapacity: str,
}

/** Decodes an `<Instance>` inside a group. */
export const InstanceDecoder = struct(instanceFields, ['InstanceId'])

/**
 * An instance of a group. `LifecycleState` is AWS's (`Pending`, `InService`, `Terminating`, …) or,
 * on Phantom, an EPU state such as `600-RUNNING`; `AvailabilityZone` is Phantom's site.
 * @example group.Instances?.filter((i) => i.LifecycleState === 'InService')
 */
export type Instance = Decoded<typeof InstanceDecoder>

const TagDescriptionDecoder = struct({ ResourceId: str, ResourceType: str, Key: str, Value: str, PropagateAtLaunch: bool }, ['Key'])

/**
 * A tag with the resource it is on.
 * @example for await (const t of autoscale.tags.list({ Filters: [{ Name: 'auto-scaling-group', Values: ['web'] }] })) console.log(t.Key, t.Value)
 */
export type TagDescription = Decoded<typeof TagDescriptionDecoder>
export { TagDescriptionDecoder }

/** Decodes a `<member>` of DescribeAutoScalingGroups. */
export const AutoScalingGroupDecoder = struct(
  {
    AutoScalingGroupName: str,
    AutoScalingGroupARN: str,
    LaunchConfigurationName: str,
    LaunchTemplate: LaunchTemplateSpecification,
    MixedInstancesPolicy: raw,
    MinSize: int,
    MaxSize: int,
    DesiredCapacity: int,
    PredictedCapacity: int,
    DefaultCooldown: int,
    AvailabilityZones: list(str),
    LoadBalancerNames: list(str),
    TargetGroupARNs: list(str),
    HealthCheckType: str,
    HealthCheckGracePeriod: int,
    Instances: list(InstanceDecoder),
    CreatedTime: date,
    SuspendedProcesses: list(struct({ ProcessName: str, SuspensionReason: str })),
    PlacementGroup: str,
    VPCZoneIdentifier: str,
    EnabledMetrics: list(struct({ Metric: str, Granularity: str })),
    Status: str,
    Tags: list(TagDescriptionDecoder),
    TerminationPolicies: list(str),
    NewInstancesProtectedFromScaleIn: bool,
    ServiceLinkedRoleARN: str,
    MaxInstanceLifetime: int,
    CapacityRebalance: bool,
    WarmPoolSize: int,
    Context: str,
    DesiredCapacityType: str,
    DefaultInstanceWarmup: int,
  },
  ['AutoScalingGroupName', 'MinSize', 'MaxSize', 'DesiredCapacity'],
)

/**
 * An Auto Scaling group. On Phantom, `DesiredCapacity` is the policy's `minimum_vms`.
 * @example const [g] = await autoscale.groups.list({ AutoScalingGroupNames: ['web'] }).toArray(); console.log(g?.DesiredCapacity)
 */
export type AutoScalingGroup = Decoded<typeof AutoScalingGroupDecoder>

/** Decodes a `<member>` of DescribeAutoScalingInstances. */
export const AutoScalingInstanceDecoder = struct({ ...instanceFields, AutoScalingGroupName: str }, ['InstanceId'])

/**
 * An instance with the group it belongs to.
 * @example for await (const i of autoscale.instances.list()) console.log(i.InstanceId, i.AutoScalingGroupName, i.LifecycleState)
 */
export type AutoScalingInstance = Decoded<typeof AutoScalingInstanceDecoder>

const Alarm = struct({ AlarmName: str, AlarmARN: str })

/** Decodes a `<member>` of DescribePolicies. */
export const ScalingPolicyDecoder = struct(
  {
    AutoScalingGroupName: str,
    PolicyName: str,
    PolicyARN: str,
    PolicyType: str,
    AdjustmentType: str,
    MinAdjustmentStep: int,
    MinAdjustmentMagnitude: int,
    ScalingAdjustment: int,
    Cooldown: int,
    StepAdjustments: list(struct({ MetricIntervalLowerBound: num, MetricIntervalUpperBound: num, ScalingAdjustment: int })),
    MetricAggregationType: str,
    EstimatedInstanceWarmup: int,
    Alarms: list(Alarm),
    TargetTrackingConfiguration: raw,
    Enabled: bool,
    PredictiveScalingConfiguration: raw,
  },
  ['PolicyName'],
)

/**
 * A scaling policy.
 * @example for await (const p of autoscale.policies.list({ AutoScalingGroupName: 'web' })) console.log(p.PolicyName, p.ScalingAdjustment)
 */
export type ScalingPolicy = Decoded<typeof ScalingPolicyDecoder>

/** Decodes PutScalingPolicy's result (moto answers an empty one). */
export const PutScalingPolicyResultDecoder = struct({ PolicyARN: str, Alarms: list(Alarm) })

/**
 * What PutScalingPolicy returns: the policy's ARN and its CloudWatch alarms (target tracking).
 * @example const { PolicyARN } = await autoscale.policies.put({ AutoScalingGroupName: 'web', PolicyName: 'up', ScalingAdjustment: 1, AdjustmentType: 'ChangeInCapacity' })
 */
export type PutScalingPolicyResult = Decoded<typeof PutScalingPolicyResultDecoder>

/** Decodes a scaling activity. */
export const ActivityDecoder = struct(
  {
    ActivityId: str,
    AutoScalingGroupName: str,
    Description: str,
    Cause: str,
    StartTime: date,
    EndTime: date,
    StatusCode: str,
    StatusMessage: str,
    Progress: int,
    Details: str,
    AutoScalingGroupState: str,
    AutoScalingGroupARN: str,
  },
  ['ActivityId'],
)

/**
 * A scaling activity (launch, terminate, …) with its status.
 * @example for await (const a of autoscale.activities.list({ AutoScalingGroupName: 'web' })) console.log(a.StatusCode, a.Description)
 */
export type Activity = Decoded<typeof ActivityDecoder>
