// src/testing/autoscale-actions.ts — the Action table of the fake Query service, and the subset pyhantom implements.
import type { QueryAction } from './autoscale-context.js'
import { createAutoScalingGroup, deleteAutoScalingGroup, describeAutoScalingGroups, setDesiredCapacity, updateAutoScalingGroup } from './autoscale-groups.js'
import { describeAutoScalingInstances, describeScalingActivities, terminateInstanceInAutoScalingGroup } from './autoscale-instances.js'
import { createLaunchConfiguration, deleteLaunchConfiguration, describeLaunchConfigurations } from './autoscale-lc.js'
import { deletePolicy, describePolicies, executePolicy, putScalingPolicy } from './autoscale-policies.js'
import { createOrUpdateTags, deleteTags, describeTags } from './autoscale-tags.js'

/**
 * Every Action the fake answers, by name.
 * @example Object.keys(QUERY_ACTIONS).length // 18
 */
export const QUERY_ACTIONS: Record<string, QueryAction> = {
  CreateLaunchConfiguration: createLaunchConfiguration,
  DeleteLaunchConfiguration: deleteLaunchConfiguration,
  DescribeLaunchConfigurations: describeLaunchConfigurations,
  CreateAutoScalingGroup: createAutoScalingGroup,
  UpdateAutoScalingGroup: updateAutoScalingGroup,
  DeleteAutoScalingGroup: deleteAutoScalingGroup,
  DescribeAutoScalingGroups: describeAutoScalingGroups,
  SetDesiredCapacity: setDesiredCapacity,
  DescribeAutoScalingInstances: describeAutoScalingInstances,
  TerminateInstanceInAutoScalingGroup: terminateInstanceInAutoScalingGroup,
  PutScalingPolicy: putScalingPolicy,
  DescribePolicies: describePolicies,
  DeletePolicy: deletePolicy,
  ExecutePolicy: executePolicy,
  DescribeScalingActivities: describeScalingActivities,
  CreateOrUpdateTags: createOrUpdateTags,
  DescribeTags: describeTags,
  DeleteTags: deleteTags,
}

/**
 * The ten Actions pyhantom's router knows (`main_router.py`); any other is a 404 there.
 * @example PHANTOM_ACTIONS.has('PutScalingPolicy') // false
 */
export const PHANTOM_ACTIONS: ReadonlySet<string> = new Set([
  'CreateAutoScalingGroup',
  'CreateOrUpdateTags',
  'CreateLaunchConfiguration',
  'DeleteAutoScalingGroup',
  'DeleteLaunchConfiguration',
  'DescribeAutoScalingGroups',
  'DescribeAutoScalingInstances',
  'DescribeLaunchConfigurations',
  'SetDesiredCapacity',
  'TerminateInstanceInAutoScalingGroup',
])
