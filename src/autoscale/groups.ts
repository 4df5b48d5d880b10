// src/autoscale/groups.ts — Auto Scaling groups: create, update, delete, list, capacity.
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { checkSizes, inputObject, needInt, needText, optBool, optInt, optText, optTextList } from './checks.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import { explainServerError } from './diagnose.js'
import type { CreateAutoScalingGroupInput, ListGroupsInput, UpdateAutoScalingGroupInput } from './inputs.js'
import { describe } from './paging.js'
import { checkTags } from './tags.js'
import type { QueryValue } from './query.js'
import { AutoScalingGroupDecoder, type AutoScalingGroup } from './schemas.js'
import { waitForCapacity, type WaitForCapacityOptions } from './wait.js'

type Params = Record<string, QueryValue | undefined>

/** Options of {@link GroupsApi.delete}. @example { ForceDelete: true } */
export interface DeleteGroupOptions extends AutoscaleCallOptions {
  /** Terminate the group's instances too; without it AWS refuses a group that has any. */
  ForceDelete?: boolean
}

/** Options of {@link GroupsApi.setDesiredCapacity}. @example { HonorCooldown: true } */
export interface SetDesiredCapacityOptions extends AutoscaleCallOptions {
  /** Wait for the cooldown period to end first (ScalingActivityInProgress otherwise). */
  HonorCooldown?: boolean
}

/** Auto Scaling groups. */
export class GroupsApi {
  constructor(private readonly client: AutoscaleClient) {}

  /**
   * CreateAutoScalingGroup. Sizes are checked first (MinSize ≤ DesiredCapacity ≤ MaxSize); tags
   * get the group as their resource. An unknown launch configuration is a NotFoundError, also
   * from servers that answer it with a bare 500 (moto).
   * @example await autoscale.groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'web@hotel', MinSize: 1, MaxSize: 3, AvailabilityZones: ['hotel'] })
   */
  async create(input: CreateAutoScalingGroupInput, opts?: AutoscaleCallOptions): Promise<void> {
    const call = 'groups.create'
    const i = inputObject(input, call)
    const name = needText(i, 'AutoScalingGroupName', call)
    needInt(i, 'MinSize', call)
    needInt(i, 'MaxSize', call)
    checkSizes(i, call)
    checkCommon(i, call)
    const lc = optText(i, 'LaunchConfigurationName', call)
    if (lc === undefined && i.LaunchTemplate === undefined && i.MixedInstancesPolicy === undefined && i.InstanceId === undefined) {
      throw new InputError(`${call}: one of LaunchConfigurationName, LaunchTemplate, MixedInstancesPolicy or InstanceId is required`)
    }
    if (i.Tags !== undefined && !Array.isArray(i.Tags)) throw new InputError(`${call}: Tags must be an array`)
    const tags = input.Tags?.length ? checkTags(input.Tags.map((t) => ({ ...inputObject(t, `${call} Tags`), ResourceId: t.ResourceId ?? name })), call, true) : undefined
    const params = { ...i, ...(tags ? { Tags: tags } : {}) } as Params
    await explainServerError(
      () => this.client.query('CreateAutoScalingGroup', params, opts),
      lc === undefined ? [] : [{ what: `LaunchConfiguration '${lc}'`, exists: async () => (await this.client.launchConfigurations.get(lc, opts)) !== undefined }],
      opts?.signal,
    )
  }

  /**
   * UpdateAutoScalingGroup: only the fields given change.
   * @example await autoscale.groups.update({ AutoScalingGroupName: 'web', MaxSize: 10, DesiredCapacity: 4 })
   */
  async update(input: UpdateAutoScalingGroupInput, opts?: AutoscaleCallOptions): Promise<void> {
    const call = 'groups.update'
    const i = inputObject(input, call)
    const name = needText(i, 'AutoScalingGroupName', call)
    checkSizes(i, call)
    checkCommon(i, call)
    await explainServerError(() => this.client.query('UpdateAutoScalingGroup', i as Params, opts), [this.#exists(name, opts)], opts?.signal)
  }

  /**
   * DeleteAutoScalingGroup. With `ForceDelete` its instances are terminated too.
   * @example await autoscale.groups.delete('web', { ForceDelete: true })
   */
  async delete(name: string, opts: DeleteGroupOptions = {}): Promise<void> {
    const call = 'groups.delete'
    needText({ AutoScalingGroupName: name }, 'AutoScalingGroupName', call)
    const { ForceDelete, ...callOpts } = inputObject(opts, call) as DeleteGroupOptions
    optBool({ ForceDelete }, 'ForceDelete', call)
    await this.client.query('DeleteAutoScalingGroup', { AutoScalingGroupName: name, ForceDelete }, callOpts)
  }

  /**
   * DescribeAutoScalingGroups, every page followed.
   * @example for await (const g of autoscale.groups.list()) console.log(g.AutoScalingGroupName, g.DesiredCapacity)
   */
  list(input: ListGroupsInput = {}, opts?: AutoscaleCallOptions): Paginator<AutoScalingGroup> {
    return describe(this.client, 'DescribeAutoScalingGroups', () => {
      const call = 'groups.list'
      const i = inputObject(input, call)
      optTextList(i, 'AutoScalingGroupNames', call, 1600)
      optInt(i, 'MaxRecords', call, 1, 100)
      return i as Params
    }, 'AutoScalingGroups', AutoScalingGroupDecoder, opts)
  }

  /**
   * One group by name, or undefined when there is none.
   * @example const g = await autoscale.groups.get('web'); console.log(g?.Instances?.length)
   */
  async get(name: string, opts?: AutoscaleCallOptions): Promise<AutoScalingGroup | undefined> {
    needText({ AutoScalingGroupName: name }, 'AutoScalingGroupName', 'groups.get')
    return this.list({ AutoScalingGroupNames: [name] }, opts).first()
  }

  /**
   * SetDesiredCapacity. On Phantom this sets the policy's `minimum_vms` and `maximum_vms` both.
   * An unknown group is a NotFoundError, also from servers that answer it with a bare 500 (moto).
   * @example await autoscale.groups.setDesiredCapacity('web', 3)
   */
  async setDesiredCapacity(name: string, desired: number, opts: SetDesiredCapacityOptions = {}): Promise<void> {
    const call = 'groups.setDesiredCapacity'
    needText({ AutoScalingGroupName: name }, 'AutoScalingGroupName', call)
    needInt({ DesiredCapacity: desired }, 'DesiredCapacity', call)
    const { HonorCooldown, ...callOpts } = inputObject(opts, call) as SetDesiredCapacityOptions
    optBool({ HonorCooldown }, 'HonorCooldown', call)
    await explainServerError(
      () => this.client.query('SetDesiredCapacity', { AutoScalingGroupName: name, DesiredCapacity: desired, HonorCooldown }, callOpts),
      [this.#exists(name, callOpts)],
      opts.signal,
    )
  }

  /**
   * Waits until the group has `inService` instances in service (default: its DesiredCapacity,
   * read at each poll), and resolves to the group. See {@link WaitForCapacityOptions}.
   * @example const g = await autoscale.groups.waitForCapacity('web', { inService: 3, timeoutMs: 600_000 })
   */
  waitForCapacity(name: string, opts: WaitForCapacityOptions = {}): Promise<AutoScalingGroup> {
    return waitForCapacity(this, name, opts)
  }

  #exists(name: string, opts: AutoscaleCallOptions | undefined): { what: string; exists: () => Promise<boolean> } {
    return { what: `AutoScalingGroup '${name}'`, exists: async () => (await this.get(name, opts)) !== undefined }
  }
}

function checkCommon(i: Readonly<Record<string, unknown>>, call: string): void {
  optText(i, 'LaunchConfigurationName', call)
  optInt(i, 'DefaultCooldown', call)
  optInt(i, 'HealthCheckGracePeriod', call)
  optInt(i, 'MaxInstanceLifetime', call)
  optTextList(i, 'AvailabilityZones', call)
  optTextList(i, 'TerminationPolicies', call, 1600, 1600)
  optBool(i, 'NewInstancesProtectedFromScaleIn', call)
}
