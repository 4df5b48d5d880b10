// src/testing/autoscale-instances.ts — instances and activities: DescribeAutoScalingInstances, TerminateInstanceInAutoScalingGroup, DescribeScalingActivities.
import { members, raw } from './autoscale-xml.js'
import { zoneFor, type QueryAction } from './autoscale-context.js'
import { QueryError, missing } from './autoscale-params.js'
import { iso } from './autoscale-store.js'
import { activityXml, instanceXml } from './autoscale-view.js'

/**
 * DescribeAutoScalingInstances: all instances of all groups, or those of InstanceIds (unknown
 * ids are left out), by id, paged (at most 50 a page).
 * @example // Action=DescribeAutoScalingInstances&InstanceIds.member.1=i-0123…
 */
export const describeAutoScalingInstances: QueryAction = (ctx) => {
  const ids = ctx.params.members('InstanceIds')
  const all = [...ctx.state.instances.values()].filter((i) => ids.length === 0 || ids.includes(i.id))
  const page = ctx.tokens.page('DescribeAutoScalingInstances', all, (i) => i.id, ctx.params, ctx.dialect === 'aws')
  const now = ctx.state.now()
  return members('AutoScalingInstances', page.items.map((i) => instanceXml(i, ctx.dialect, now, true))) + (page.nextToken ? `<NextToken>${page.nextToken}</NextToken>` : '')
}

/**
 * TerminateInstanceInAutoScalingGroup: the instance goes Terminating; with
 * ShouldDecrementDesiredCapacity the group shrinks by one (not below MinSize), otherwise a
 * replacement launches. Answers the termination's Activity. Phantom answers none, and a decrement
 * lowers its minimum and maximum with the capacity (N-preserving).
 * @example // Action=TerminateInstanceInAutoScalingGroup&InstanceId=i-0123…&ShouldDecrementDesiredCapacity=true
 */
export const terminateInstanceInAutoScalingGroup: QueryAction = (ctx) => {
  const id = ctx.params.required('InstanceId')
  const decrement = ctx.params.bool('ShouldDecrementDesiredCapacity')
  if (decrement === undefined) throw missing('ShouldDecrementDesiredCapacity')
  const instance = ctx.state.instances.get(id)
  if (!instance) throw new QueryError('ValidationError', `Instance Id not found - No managed instance found for instance ID: ${id}`)
  if (instance.state === 'Terminating') throw new QueryError('ScalingActivityInProgress', `Instance ${id} is already being terminated.`)
  const g = ctx.group(instance.groupName)
  const at = iso(ctx.state.now())
  let cause = `At ${at} instance ${id} was taken out of service in response to a user request.`
  if (decrement && ctx.dialect === 'phantom' && g.desiredCapacity > 0) {
    Object.assign(g, { minSize: g.desiredCapacity - 1, maxSize: g.desiredCapacity - 1 }) // N-preserving: the policy shrinks with the group
  }
  if (decrement) {
    if (g.desiredCapacity - 1 < g.minSize) {
      throw new QueryError('ValidationError', `Currently, desiredCapacity=${g.desiredCapacity} and minSize=${g.minSize}; the desiredCapacity cannot be decremented below the minSize for AutoScalingGroup ${g.name}.`)
    }
    cause = `${cause.slice(0, -1)}, shrinking the capacity from ${g.desiredCapacity} to ${g.desiredCapacity - 1}.`
    g.desiredCapacity -= 1
    g.lastScaledAt = ctx.state.now()
  }
  const activity = ctx.state.terminate(instance, cause)
  ctx.state.reconcile(g, undefined, g.desiredCapacity, zoneFor(ctx.state, ctx.dialect))
  return ctx.dialect === 'phantom' ? '' : raw('Activity', activityXml(activity))
}

const pad = (n: number): string => String(Math.max(0, Math.floor(n))).padStart(16, '0')

/**
 * DescribeScalingActivities: newest first, of one group (AutoScalingGroupName) or all, or by
 * ActivityIds; activities of deleted groups only with IncludeDeletedGroups. Paged (100 a page).
 * @example // Action=DescribeScalingActivities&AutoScalingGroupName=web&MaxRecords=10
 */
export const describeScalingActivities: QueryAction = (ctx) => {
  const ids = ctx.params.members('ActivityIds')
  const groupName = ctx.params.str('AutoScalingGroupName')
  const withDeleted = ctx.params.bool('IncludeDeletedGroups') ?? false
  const keyed = ctx.state.activities.map((a, n) => ({ a, key: `${pad(9e15 - a.startAt)}:${pad(1e9 - n)}` }))
  const all = keyed.filter(({ a }) => (ids.length === 0 || ids.includes(a.id)) && (groupName === undefined || a.groupName === groupName) && (withDeleted || ctx.state.groups.has(a.groupName)))
  const page = ctx.tokens.page('DescribeScalingActivities', all, (x) => x.key, ctx.params)
  return members('Activities', page.items.map(({ a }) => activityXml(a))) + (page.nextToken ? `<NextToken>${page.nextToken}</NextToken>` : '')
}
