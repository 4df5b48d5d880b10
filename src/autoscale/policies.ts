// src/autoscale/policies.ts — scaling policies: put, list, delete, execute.
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { inputObject, needText, optBool, optInt, optText, optTextList } from './checks.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import { explainServerError } from './diagnose.js'
import type { ExecutePolicyInput, ListPoliciesInput, PutScalingPolicyInput } from './inputs.js'
import { describe } from './paging.js'
import type { QueryValue } from './query.js'
import { PutScalingPolicyResultDecoder, ScalingPolicyDecoder, type PutScalingPolicyResult, type ScalingPolicy } from './schemas.js'

type Params = Record<string, QueryValue | undefined>

/** Scaling policies of groups. */
export class PoliciesApi {
  constructor(private readonly client: AutoscaleClient) {}

  /**
   * PutScalingPolicy (creates or replaces). Resolves to the policy's ARN and alarms; moto returns
   * neither, so both may be absent.
   * @example const { PolicyARN } = await autoscale.policies.put({ AutoScalingGroupName: 'web', PolicyName: 'up', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1 })
   */
  async put(input: PutScalingPolicyInput, opts?: AutoscaleCallOptions): Promise<PutScalingPolicyResult> {
    const call = 'policies.put'
    const i = inputObject(input, call)
    needText(i, 'AutoScalingGroupName', call)
    needText(i, 'PolicyName', call)
    optText(i, 'AdjustmentType', call)
    optInt(i, 'Cooldown', call)
    optInt(i, 'EstimatedInstanceWarmup', call)
    optBool(i, 'Enabled', call)
    const sa = i.ScalingAdjustment
    if (sa !== undefined && (typeof sa !== 'number' || !Number.isSafeInteger(sa))) throw new InputError(`${call}: ScalingAdjustment must be an integer`)
    const { result } = await this.client.query('PutScalingPolicy', i as Params, { ...opts, decoder: PutScalingPolicyResultDecoder })
    return result
  }

  /**
   * DescribePolicies, every page followed.
   * @example for await (const p of autoscale.policies.list({ AutoScalingGroupName: 'web' })) console.log(p.PolicyName)
   */
  list(input: ListPoliciesInput = {}, opts?: AutoscaleCallOptions): Paginator<ScalingPolicy> {
    return describe(this.client, 'DescribePolicies', () => {
      const call = 'policies.list'
      const i = inputObject(input, call)
      optText(i, 'AutoScalingGroupName', call)
      optTextList(i, 'PolicyNames', call, 1600, 1600)
      optTextList(i, 'PolicyTypes', call)
      optInt(i, 'MaxRecords', call, 1, 100)
      return i as Params
    }, 'ScalingPolicies', ScalingPolicyDecoder, opts)
  }

  /**
   * DeletePolicy.
   * @example await autoscale.policies.delete('web', 'up')
   */
  async delete(groupName: string, policyName: string, opts?: AutoscaleCallOptions): Promise<void> {
    const call = 'policies.delete'
    needText({ AutoScalingGroupName: groupName }, 'AutoScalingGroupName', call)
    needText({ PolicyName: policyName }, 'PolicyName', call, 1600)
    await this.client.query('DeletePolicy', { AutoScalingGroupName: groupName, PolicyName: policyName }, opts)
  }

  /**
   * ExecutePolicy. A missing policy is a NotFoundError, also from servers that answer it with a bare 500 (moto).
   * @example await autoscale.policies.execute({ AutoScalingGroupName: 'web', PolicyName: 'up', HonorCooldown: false })
   */
  async execute(input: ExecutePolicyInput, opts?: AutoscaleCallOptions): Promise<void> {
    const call = 'policies.execute'
    const i = inputObject(input, call)
    const group = optText(i, 'AutoScalingGroupName', call)
    const name = needText(i, 'PolicyName', call, 1600)
    optBool(i, 'HonorCooldown', call)
    const exists = async (): Promise<boolean> =>
      (await this.list({ ...(group !== undefined ? { AutoScalingGroupName: group } : {}), PolicyNames: [name] }, opts).first()) !== undefined
    await explainServerError(() => this.client.query('ExecutePolicy', i as Params, opts), [{ what: `policy '${name}'`, exists }], opts?.signal)
  }
}
