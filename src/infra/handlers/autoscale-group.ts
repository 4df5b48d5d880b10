// src/infra/handlers/autoscale-group.ts — `autoscale.group`: a launch configuration and the Auto Scaling group that uses it.
import type { AutoScalingGroup, AutoscaleClient, CreateAutoScalingGroupInput, CreateLaunchConfigurationInput } from '../../autoscale/index.js'
import { InputError, isClientError } from '../../core/errors.js'
import type { ResourceHandler, ResourceStatus } from '../handler-types.js'
import { type BuiltinHandlerOptions, type HandlerTiming, Params, badRef, deleteSignal, ignoreNotFound, isNotFound, needClient, pollUntil, refString, resourceName, retryWhile, timing } from './common.js'

const TYPE = 'autoscale.group'

/** What `autoscale.group` keeps: the launch configuration's name, and the group's once it was asked for. */
export type AutoscaleGroupRef = { lc: string; group?: string }

/**
 * The `autoscale.group` handler. Params: `launchConfiguration` (CreateLaunchConfiguration's
 * fields: `ImageId`, `InstanceType`, `KeyName`, `SecurityGroups`, …) and `group`
 * (CreateAutoScalingGroup's: `MinSize`, `MaxSize`, `DesiredCapacity`, `AvailabilityZones`, …);
 * optional `name` for both (default `<infraId[0..8]>-<nodeId>`, unless the objects name them
 * with `LaunchConfigurationName` / `AutoScalingGroupName`) and `wait: true` to wait until the
 * group's desired capacity is in service. The node's cloud-init becomes the launch
 * configuration's `UserData` unless it has its own. Delete force-deletes the group (terminating
 * its instances), waits for it to go, and deletes the launch configuration, retried while AWS
 * still calls it in use.
 * @example resource: { type: 'autoscale.group', launchConfiguration: { ImageId: 'ami-1', InstanceType: 'm1.small' }, group: { MinSize: 1, MaxSize: 4, AvailabilityZones: ['us-east-1a'] }, wait: true }
 */
export function autoscaleGroupHandler(opts: BuiltinHandlerOptions = {}): ResourceHandler<AutoscaleGroupRef> {
  const t = timing(opts)
  return {
    async create(ctx) {
      const p = new Params(TYPE, ctx.params)
      const name = resourceName(ctx, p.optString('name'))
      const lcParams = p.object('launchConfiguration')
      const groupParams = p.object('group')
      const wait = p.optBool('wait') ?? false
      const lcName = typeof lcParams.LaunchConfigurationName === 'string' && lcParams.LaunchConfigurationName !== '' ? lcParams.LaunchConfigurationName : name
      const groupName = typeof groupParams.AutoScalingGroupName === 'string' && groupParams.AutoScalingGroupName !== '' ? groupParams.AutoScalingGroupName : name
      if (lcParams.InstanceId === undefined) {
        if (typeof lcParams.ImageId !== 'string' || lcParams.ImageId === '') throw new InputError(`${TYPE} needs params.launchConfiguration.ImageId`)
        if (typeof lcParams.InstanceType !== 'string' || lcParams.InstanceType === '') throw new InputError(`${TYPE} needs params.launchConfiguration.InstanceType`)
      }
      for (const key of ['MinSize', 'MaxSize'] as const) {
        const v = groupParams[key]
        if (v === undefined) throw new InputError(`${TYPE} needs params.group.${key}`)
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw p.wrong(`group.${key}`, 'a whole number ≥ 0', v)
      }
      if (groupParams.LaunchConfigurationName !== undefined && groupParams.LaunchConfigurationName !== lcName) {
        throw new InputError(`${TYPE}: params.group.LaunchConfigurationName must be left out (the group uses the launch configuration this node makes, ${lcName})`)
      }
      const lcInput = { ...lcParams, LaunchConfigurationName: lcName } as unknown as CreateLaunchConfigurationInput
      if (lcInput.UserData === undefined && ctx.userData !== undefined && ctx.userData !== '') lcInput.UserData = ctx.userData
      const groupInput = { ...groupParams, AutoScalingGroupName: groupName, LaunchConfigurationName: lcName } as unknown as CreateAutoScalingGroupInput
      const autoscale = needClient(ctx, TYPE, 'autoscale')

      await autoscale.launchConfigurations.create(lcInput, { signal: ctx.signal })
      await ctx.created({ lc: lcName })
      const ref: AutoscaleGroupRef = { lc: lcName, group: groupName }
      try {
        await autoscale.groups.create(groupInput, { signal: ctx.signal })
      } catch (e) {
        // The request may have reached the service (aborted, timed out, lost answer): record the
        // group so the rollback looks for it too (deleting a group that is not there is fine).
        if (mayExist(e)) await ctx.created(ref)
        throw e
      }
      await ctx.created(ref)
      if (wait) {
        await autoscale.groups.waitForCapacity(groupName, { intervalMs: t.pollIntervalMs, maxIntervalMs: t.maxPollIntervalMs, timeoutMs: t.readyTimeoutMs, signal: ctx.signal })
      }
      return { ref }
    },

    async delete(ref, ctx) {
      const lc = refString(TYPE, ref, 'lc')
      const group = (ref as { group?: unknown }).group
      if (group !== undefined && (typeof group !== 'string' || group === '')) throw badRef(TYPE, ref)
      const autoscale = needClient(ctx, TYPE, 'autoscale')
      const signal = deleteSignal(t)
      if (group !== undefined) await deleteGroup(autoscale, group, signal, t)
      // The configuration stays "in use" until the group's instances are gone.
      await retryWhile(() => ignoreNotFound(() => autoscale.launchConfigurations.delete(lc, { signal })), inUse, signal, t)
    },

    async status(ref, ctx) {
      const group = (ref as { group?: unknown }).group
      if (typeof group !== 'string') return 'pending'
      const g = await needClient(ctx, TYPE, 'autoscale').groups.get(group, { signal: ctx.signal })
      return statusOf(g)
    },
  }
}

async function deleteGroup(autoscale: AutoscaleClient, group: string, signal: AbortSignal, t: HandlerTiming): Promise<void> {
  await retryWhile(() => ignoreNotFound(() => autoscale.groups.delete(group, { ForceDelete: true, signal })), inUse, signal, t)
  await pollUntil(async () => (await autoscale.groups.get(group, { signal }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)))) === undefined, signal, t)
}

/** ResourceInUse / ScalingActivityInProgress: the state will change, try again. */
function inUse(e: unknown): boolean {
  return isClientError(e) && (e.status === 409 || e.name === 'ConflictError' || e.code === 'ResourceInUse' || e.code === 'ScalingActivityInProgress')
}

/** Errors after which the request may have been carried out. */
function mayExist(e: unknown): boolean {
  return isClientError(e) && ['AbortError', 'TimeoutError', 'NetworkError', 'ServerError'].includes(e.name)
}

function statusOf(g: AutoScalingGroup | undefined): ResourceStatus {
  if (!g) return 'gone'
  if (g.Status !== undefined && /delete/i.test(g.Status)) return 'gone'
  const serving = (g.Instances ?? []).filter((i) => i.LifecycleState === 'InService' || i.LifecycleState === '600-RUNNING').length
  return serving >= g.DesiredCapacity ? 'ready' : 'pending'
}
