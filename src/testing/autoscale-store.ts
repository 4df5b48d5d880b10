// src/testing/autoscale-store.ts — the fake Auto Scaling state: records, instances kept at DesiredCapacity, lifecycle on the fake clock, activities.
import { randomBytes, randomUUID } from 'node:crypto'
import type { FakeClock } from './clock.js'
import type { AsActivity, AsGroup, AsInstance, AsLaunchConfiguration, AsPolicy } from './autoscale-types.js'

/**
 * Settings of one fake Query service.
 * @example const config: AutoscaleConfig = { region: 'us-east-1', accountId: '123456789012', launchDelayMs: 200, terminateDelayMs: 100 }
 */
export interface AutoscaleConfig {
  region: string
  accountId: string
  /** Fake time an instance stays Pending before InService. */
  launchDelayMs: number
  /** Fake time an instance stays Terminating before it is gone. */
  terminateDelayMs: number
}

/** ISO-8601 with milliseconds, as AWS writes timestamps. @example iso(0) // '1970-01-01T00:00:00.000Z' */
export const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * Everything a fake Query service holds. Transitions are stored as due times and applied by
 * `settle()` whenever state is read, so no timer is left running.
 * @example const state = new AutoscaleState(clock, config); state.settle(); state.groups.get('web')
 */
export class AutoscaleState {
  readonly launchConfigurations = new Map<string, AsLaunchConfiguration>()
  readonly groups = new Map<string, AsGroup>()
  readonly instances = new Map<string, AsInstance>()
  /** Policies by `${group}/${name}`. */
  readonly policies = new Map<string, AsPolicy>()
  /** Newest last. */
  readonly activities: AsActivity[] = []

  constructor(
    readonly clock: FakeClock,
    readonly config: AutoscaleConfig,
  ) {}

  /** Fake time now. @example state.now() */
  now(): number {
    return this.clock.now()
  }

  /** An ARN of this fake's region and account. @example state.arn('autoScalingGroup', 'autoScalingGroupName/web') */
  arn(kind: string, rest: string): string {
    return `arn:aws:autoscaling:${this.config.region}:${this.config.accountId}:${kind}:${randomUUID()}:${rest}`
  }

  /** Applies every due transition: Pending → InService, Terminating → gone, groups deleted when empty. @example state.settle() */
  settle(): void {
    const now = this.now()
    for (const i of this.instances.values()) {
      if (i.state === 'Pending' && i.readyAt <= now) {
        i.state = 'InService'
        this.finish(i.launchActivityId, i.readyAt)
      }
      if (i.state === 'Terminating' && i.goneAt !== undefined && i.goneAt <= now) {
        this.instances.delete(i.id)
        if (i.terminateActivityId) this.finish(i.terminateActivityId, i.goneAt)
      }
    }
    for (const g of this.groups.values()) {
      if (g.deleting && this.instancesOf(g.name).length === 0) this.removeGroup(g.name)
    }
  }

  /** A group's instances, Terminating ones included, oldest first. @example state.instancesOf('web').length */
  instancesOf(groupName: string): AsInstance[] {
    return [...this.instances.values()].filter((i) => i.groupName === groupName).sort((a, b) => a.launchedAt - b.launchedAt)
  }

  /** Instances that count towards capacity (not Terminating). @example state.live('web').length */
  live(groupName: string): AsInstance[] {
    return this.instancesOf(groupName).filter((i) => i.state !== 'Terminating')
  }

  /**
   * Launches or terminates instances until the live ones match DesiredCapacity, recording one
   * activity each; `reason` says what changed the capacity, as AWS's Cause does (undefined: nothing
   * did, an instance is being replaced).
   * @example state.reconcile(group, 'a user request explicitly set group desired capacity', 2)
   */
  reconcile(group: AsGroup, reason: string | undefined, previousDesired: number, zoneOf: (g: AsGroup, n: number) => string): void {
    const now = this.now()
    const live = this.live(group.name)
    const head = reason === undefined ? '' : `At ${iso(now)} ${reason} changing the desired capacity from ${previousDesired} to ${group.desiredCapacity}.  `
    if (live.length < group.desiredCapacity) {
      const lc = this.launchConfigurations.get(group.launchConfigurationName)
      for (let n = live.length; n < group.desiredCapacity; n++) {
        const id = `i-${randomBytes(9).toString('hex').slice(0, 17)}`
        const zone = zoneOf(group, n)
        const cause = `${head}At ${iso(now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${live.length} to ${group.desiredCapacity}.`
        const activity = this.record(group, `Launching a new EC2 instance: ${id}`, cause, zone)
        this.instances.set(id, {
          id,
          groupName: group.name,
          launchConfigurationName: group.launchConfigurationName,
          instanceType: lc?.instanceType ?? 'm1.small',
          availabilityZone: zone,
          state: 'Pending',
          healthStatus: 'Healthy',
          protectedFromScaleIn: group.newInstancesProtectedFromScaleIn,
          launchedAt: now,
          readyAt: now + this.config.launchDelayMs,
          launchActivityId: activity.id,
        })
      }
    } else if (live.length > group.desiredCapacity) {
      const newestFirst = group.terminationPolicies.includes('NewestInstance')
      const candidates = live.filter((i) => !i.protectedFromScaleIn).sort((a, b) => (a.state === b.state ? (newestFirst ? b.launchedAt - a.launchedAt : a.launchedAt - b.launchedAt) : a.state === 'Pending' ? -1 : 1))
      for (const i of candidates.slice(0, live.length - group.desiredCapacity)) {
        const cause = `${head}At ${iso(now)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${live.length} to ${group.desiredCapacity}.  At ${iso(now)} instance ${i.id} was selected for termination.`
        this.terminate(i, cause)
      }
    }
    this.settle()
  }

  /** Starts an instance's termination with an activity; gone after terminateDelayMs. @example state.terminate(instance, cause) */
  terminate(instance: AsInstance, cause: string): AsActivity {
    const group = this.groups.get(instance.groupName)!
    const now = this.now()
    if (instance.state === 'Pending') this.finish(instance.launchActivityId, now)
    const activity = this.record(group, `Terminating EC2 instance: ${instance.id}`, cause, instance.availabilityZone)
    Object.assign(instance, { state: 'Terminating', terminatingAt: now, goneAt: now + this.config.terminateDelayMs, terminateActivityId: activity.id })
    return activity
  }

  /** Forgets a group with its policies (its activities stay, as AWS keeps them for deleted groups). @example state.removeGroup('web') */
  removeGroup(name: string): void {
    this.groups.delete(name)
    for (const [key, p] of this.policies) if (p.groupName === name) this.policies.delete(key)
  }

  /** Whether a group has launches or terminations under way. @example state.busy('web') */
  busy(groupName: string): boolean {
    return this.instancesOf(groupName).some((i) => i.state !== 'InService')
  }

  private record(group: AsGroup, description: string, cause: string, zone: string): AsActivity {
    const activity: AsActivity = {
      id: randomUUID(),
      groupName: group.name,
      groupArn: group.arn,
      description,
      cause,
      details: JSON.stringify({ 'Subnet ID': group.vpcZoneIdentifier?.split(',')[0] ?? '', 'Availability Zone': zone }),
      startAt: this.now(),
      status: 'InProgress',
      progress: 0,
    }
    this.activities.push(activity)
    return activity
  }

  private finish(activityId: string, at: number): void {
    const a = this.activities.find((x) => x.id === activityId)
    if (a && a.status === 'InProgress') Object.assign(a, { status: 'Successful', progress: 100, endAt: at })
  }
}
