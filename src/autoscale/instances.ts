// src/autoscale/instances.ts — the instances of Auto Scaling groups.
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { inputObject, needText, optInt, optTextList } from './checks.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import { struct } from './decode.js'
import { explainServerError } from './diagnose.js'
import type { ListInstancesInput } from './inputs.js'
import { describe } from './paging.js'
import { ActivityDecoder, AutoScalingInstanceDecoder, type Activity, type AutoScalingInstance } from './schemas.js'

/** Options of {@link InstancesApi.terminate}. @example { decrementDesiredCapacity: true } */
export interface TerminateOptions extends AutoscaleCallOptions {
  /** Lower the group's desired capacity too, so no replacement is launched. Required: AWS has no default. */
  decrementDesiredCapacity: boolean
}

/** Instances that belong to groups. */
export class InstancesApi {
  constructor(private readonly client: AutoscaleClient) {}

  /**
   * DescribeAutoScalingInstances, every page followed.
   * @example for await (const i of autoscale.instances.list()) console.log(i.InstanceId, i.LifecycleState)
   */
  list(input: ListInstancesInput = {}, opts?: AutoscaleCallOptions): Paginator<AutoScalingInstance> {
    return describe(this.client, 'DescribeAutoScalingInstances', () => {
      const call = 'instances.list'
      const i = inputObject(input, call)
      optTextList(i, 'InstanceIds', call, 50, 19)
      optInt(i, 'MaxRecords', call, 1, 50)
      return { ...i } as Record<string, string[] | number | undefined>
    }, 'AutoScalingInstances', AutoScalingInstanceDecoder, opts)
  }

  /**
   * TerminateInstanceInAutoScalingGroup. Resolves to the scaling activity, or undefined where the
   * server returns none (Phantom).
   * @example await autoscale.instances.terminate('i-1234', { decrementDesiredCapacity: false })
   */
  async terminate(instanceId: string, opts: TerminateOptions): Promise<Activity | undefined> {
    const call = 'instances.terminate'
    needText({ InstanceId: instanceId }, 'InstanceId', call, 19)
    const o = inputObject(opts, call)
    if (typeof o.decrementDesiredCapacity !== 'boolean') throw new InputError(`${call}: decrementDesiredCapacity must be true or false`)
    const { decrementDesiredCapacity, ...callOpts } = opts
    const exists = async (): Promise<boolean> => (await this.list({ InstanceIds: [instanceId] }, callOpts).first()) !== undefined
    const { result } = await explainServerError(
      () =>
        this.client.query(
          'TerminateInstanceInAutoScalingGroup',
          { InstanceId: instanceId, ShouldDecrementDesiredCapacity: decrementDesiredCapacity },
          { ...callOpts, decoder: struct({ Activity: ActivityDecoder }) },
        ),
      [{ what: `Auto Scaling instance '${instanceId}'`, exists }],
      callOpts.signal,
    )
    return result.Activity
  }
}
