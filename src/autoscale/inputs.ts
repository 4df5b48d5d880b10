// src/autoscale/inputs.ts — the parameters of each Auto Scaling action, with AWS's member names.

/** A tag to set on a group. @example { Key: 'PHANTOM_DEFINITION', Value: 'error_overflow_n_preserving', PropagateAtLaunch: false } */
export interface TagInput {
  Key: string
  Value?: string
  /** The group's name; filled in by `groups.create` when left out. */
  ResourceId?: string
  /** Default `auto-scaling-group`, the only type there is. */
  ResourceType?: 'auto-scaling-group'
  PropagateAtLaunch?: boolean
}

/** A block device of a launch configuration. @example { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20 } } */
export interface BlockDeviceMappingInput {
  DeviceName: string
  VirtualName?: string
  Ebs?: { SnapshotId?: string; VolumeSize?: number; VolumeType?: string; DeleteOnTermination?: boolean; Iops?: number; Encrypted?: boolean; Throughput?: number }
  NoDevice?: boolean
}

/**
 * CreateLaunchConfiguration.
 * @example { LaunchConfigurationName: 'web@hotel', ImageId: 'ami-1', InstanceType: 'm1.small', UserData: '#!/bin/sh\necho hi' }
 */
export interface CreateLaunchConfigurationInput {
  LaunchConfigurationName: string
  ImageId?: string
  InstanceType?: string
  /** Copy the settings of a running instance instead of ImageId/InstanceType. */
  InstanceId?: string
  KeyName?: string
  SecurityGroups?: string[]
  /** Plain text: strato base64-encodes it, as AWS and Phantom want it and as boto3 does. Described configurations return it encoded. */
  UserData?: string
  KernelId?: string
  RamdiskId?: string
  BlockDeviceMappings?: BlockDeviceMappingInput[]
  InstanceMonitoring?: { Enabled?: boolean }
  SpotPrice?: string
  IamInstanceProfile?: string
  EbsOptimized?: boolean
  AssociatePublicIpAddress?: boolean
  PlacementTenancy?: string
  MetadataOptions?: { HttpTokens?: 'optional' | 'required'; HttpPutResponseHopLimit?: number; HttpEndpoint?: 'enabled' | 'disabled' }
  ClassicLinkVPCId?: string
  ClassicLinkVPCSecurityGroups?: string[]
}

/** A launch template reference. @example { LaunchTemplateName: 'web', Version: '$Latest' } */
export interface LaunchTemplateInput {
  LaunchTemplateId?: string
  LaunchTemplateName?: string
  Version?: string
}

/** Fields shared by CreateAutoScalingGroup and UpdateAutoScalingGroup. */
interface GroupFields {
  LaunchConfigurationName?: string
  LaunchTemplate?: LaunchTemplateInput
  /** Passed through as given (its structure is large; see the AWS API reference). */
  MixedInstancesPolicy?: Record<string, unknown>
  DesiredCapacity?: number
  DefaultCooldown?: number
  /** Phantom: the sites of the group. */
  AvailabilityZones?: string[]
  HealthCheckType?: 'EC2' | 'ELB' | string
  HealthCheckGracePeriod?: number
  PlacementGroup?: string
  VPCZoneIdentifier?: string
  TerminationPolicies?: string[]
  NewInstancesProtectedFromScaleIn?: boolean
  CapacityRebalance?: boolean
  ServiceLinkedRoleARN?: string
  MaxInstanceLifetime?: number
  Context?: string
  DesiredCapacityType?: 'units' | 'vcpu' | 'memory-mib'
  DefaultInstanceWarmup?: number
}

/**
 * CreateAutoScalingGroup: one of LaunchConfigurationName, LaunchTemplate, MixedInstancesPolicy
 * or InstanceId is needed.
 * @example { AutoScalingGroupName: 'web', LaunchConfigurationName: 'web@hotel', MinSize: 1, MaxSize: 3, AvailabilityZones: ['hotel'] }
 */
export interface CreateAutoScalingGroupInput extends GroupFields {
  AutoScalingGroupName: string
  MinSize: number
  MaxSize: number
  InstanceId?: string
  LoadBalancerNames?: string[]
  TargetGroupARNs?: string[]
  /** Tags set with the group; `ResourceId` defaults to the group's name. */
  Tags?: TagInput[]
}

/** UpdateAutoScalingGroup: the fields to change. @example { AutoScalingGroupName: 'web', MaxSize: 10 } */
export interface UpdateAutoScalingGroupInput extends GroupFields {
  AutoScalingGroupName: string
  MinSize?: number
  MaxSize?: number
}

/** A Describe* filter. @example { Name: 'tag:env', Values: ['prod'] } */
export interface Filter {
  Name: string
  Values: string[]
}

/** DescribeAutoScalingGroups. @example { AutoScalingGroupNames: ['web'], MaxRecords: 100 } */
export interface ListGroupsInput {
  AutoScalingGroupNames?: string[]
  Filters?: Filter[]
  /** Page size, 1 to 100. Default the server's (50). */
  MaxRecords?: number
}

/** DescribeLaunchConfigurations. @example { LaunchConfigurationNames: ['web@hotel'] } */
export interface ListLaunchConfigurationsInput {
  LaunchConfigurationNames?: string[]
  MaxRecords?: number
}

/** DescribeAutoScalingInstances. @example { InstanceIds: ['i-1234'] } */
export interface ListInstancesInput {
  InstanceIds?: string[]
  /** Page size, 1 to 50. */
  MaxRecords?: number
}

/** A step of a step-scaling policy. @example { MetricIntervalLowerBound: 0, ScalingAdjustment: 2 } */
export interface StepAdjustmentInput {
  MetricIntervalLowerBound?: number
  MetricIntervalUpperBound?: number
  ScalingAdjustment: number
}

/**
 * PutScalingPolicy.
 * @example { AutoScalingGroupName: 'web', PolicyName: 'up', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1 }
 */
export interface PutScalingPolicyInput {
  AutoScalingGroupName: string
  PolicyName: string
  PolicyType?: 'SimpleScaling' | 'StepScaling' | 'TargetTrackingScaling' | 'PredictiveScaling'
  AdjustmentType?: 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity'
  MinAdjustmentMagnitude?: number
  ScalingAdjustment?: number
  Cooldown?: number
  MetricAggregationType?: 'Minimum' | 'Maximum' | 'Average'
  StepAdjustments?: StepAdjustmentInput[]
  EstimatedInstanceWarmup?: number
  /** Passed through as given. */
  TargetTrackingConfiguration?: Record<string, unknown>
  Enabled?: boolean
  /** Passed through as given. */
  PredictiveScalingConfiguration?: Record<string, unknown>
}

/** DescribePolicies. @example { AutoScalingGroupName: 'web', PolicyTypes: ['SimpleScaling'] } */
export interface ListPoliciesInput {
  AutoScalingGroupName?: string
  PolicyNames?: string[]
  PolicyTypes?: string[]
  MaxRecords?: number
}

/** ExecutePolicy. @example { AutoScalingGroupName: 'web', PolicyName: 'up', HonorCooldown: false } */
export interface ExecutePolicyInput {
  AutoScalingGroupName?: string
  PolicyName: string
  HonorCooldown?: boolean
  MetricValue?: number
  BreachThreshold?: number
}

/** DescribeScalingActivities. @example { AutoScalingGroupName: 'web', MaxRecords: 20 } */
export interface ListActivitiesInput {
  AutoScalingGroupName?: string
  ActivityIds?: string[]
  IncludeDeletedGroups?: boolean
  MaxRecords?: number
}

/** DescribeTags. @example { Filters: [{ Name: 'auto-scaling-group', Values: ['web'] }] } */
export interface ListTagsInput {
  Filters?: Filter[]
  MaxRecords?: number
}
