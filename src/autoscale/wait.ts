// src/autoscale/wait.ts — waiting for a group to reach its capacity, on AWS's lifecycle states or Phantom's EPU states.
import { NotFoundError } from '../core/errors.js'
import { waitFor } from '../core/waiter.js'
import { needText, optInt } from './checks.js'
import type { AutoscaleCallOptions } from './client.js'
import type { AutoScalingGroup, Instance } from './schemas.js'

/** Options of `groups.waitForCapacity`. @example { inService: 3, timeoutMs: 600_000, intervalMs: 5000 } */
export interface WaitForCapacityOptions extends AutoscaleCallOptions {
  /** Instances that must be in service. Default the group's DesiredCapacity at each poll. */
  inService?: number
  /** Give up after this long (TimeoutError). Default no limit. */
  timeoutMs?: number
  /** First pause between polls. Default 2000 ms, backing off to 30 s. */
  intervalMs?: number
  maxIntervalMs?: number
  /** Each polled group, e.g. for a progress line. */
  onPoll?: (group: AutoScalingGroup, attempt: number) => void
}

/**
 * Whether an instance serves: AWS's `InService`, or Phantom's EPU state `600-RUNNING`.
 * @example isInService({ InstanceId: 'i-1', LifecycleState: '600-RUNNING' }) // true
 */
export function isInService(instance: Pick<Instance, 'LifecycleState'>): boolean {
  return instance.LifecycleState === 'InService' || instance.LifecycleState === '600-RUNNING'
}

interface GroupReader {
  get(name: string, opts?: AutoscaleCallOptions): Promise<AutoScalingGroup | undefined>
}

/**
 * Polls DescribeAutoScalingGroups until enough instances are in service. A group that disappears
 * rejects with NotFoundError; timeouts and aborts as `waitFor` does.
 * @example await waitForCapacity(autoscale.groups, 'web', { inService: 2 })
 */
export async function waitForCapacity(groups: GroupReader, name: string, opts: WaitForCapacityOptions = {}): Promise<AutoScalingGroup> {
  const call = 'groups.waitForCapacity'
  needText({ AutoScalingGroupName: name }, 'AutoScalingGroupName', call)
  optInt(opts as Record<string, unknown>, 'inService', call)
  const { inService, timeoutMs, intervalMs, maxIntervalMs, onPoll, ...callOpts } = opts
  const target = (g: AutoScalingGroup): number => inService ?? g.DesiredCapacity
  const serving = (g: AutoScalingGroup): number => (g.Instances ?? []).filter(isInService).length
  return waitFor(
    async (signal) => {
      const group = await groups.get(name, { ...callOpts, signal })
      if (!group) throw new NotFoundError(`AutoScalingGroup '${name}' not found while waiting for its capacity`, { code: 'ValidationError' })
      return group
    },
    {
      until: (g) => serving(g) >= target(g),
      describe: (g) => `${serving(g)} of ${target(g)} in service`,
      what: `group ${name}`,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(intervalMs !== undefined ? { intervalMs } : {}),
      ...(maxIntervalMs !== undefined ? { maxIntervalMs } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(onPoll ? { onPoll } : {}),
    },
  )
}
