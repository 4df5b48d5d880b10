// src/autoscale/launch-configurations.ts — the launch configurations of the Auto Scaling API.
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { inputObject, needText, optInt, optText, optTextList } from './checks.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import type { CreateLaunchConfigurationInput, ListLaunchConfigurationsInput } from './inputs.js'
import { describe } from './paging.js'
import type { QueryValue } from './query.js'
import { LaunchConfigurationDecoder, type LaunchConfiguration } from './schemas.js'

type Params = Record<string, QueryValue | undefined>

/** Launch configurations: what instances of a group boot from. */
export class LaunchConfigurationsApi {
  constructor(private readonly client: AutoscaleClient) {}

  /**
   * CreateLaunchConfiguration. Needs ImageId and InstanceType unless InstanceId is given. AWS
   * answers a duplicate name with AlreadyExists (ConflictError); moto accepts it silently.
   * @example await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'web@hotel', ImageId: 'ami-1', InstanceType: 'm1.small', KeyName: 'phantomkey' })
   */
  async create(input: CreateLaunchConfigurationInput, opts?: AutoscaleCallOptions): Promise<void> {
    const call = 'launchConfigurations.create'
    const i = inputObject(input, call)
    needText(i, 'LaunchConfigurationName', call)
    if (i.InstanceId === undefined) {
      needText(i, 'ImageId', call)
      needText(i, 'InstanceType', call)
    }
    optText(i, 'KeyName', call)
    optTextList(i, 'SecurityGroups', call)
    const userData = i.UserData
    if (userData !== undefined && typeof userData !== 'string') throw new InputError(`${call}: UserData must be a string`)
    const encoded = userData === undefined ? undefined : Buffer.from(userData, 'utf8').toString('base64')
    if (encoded !== undefined && encoded.length > 21_847) throw new InputError(`${call}: UserData is ${encoded.length} characters in base64; the limit is 21847`)
    await this.client.query('CreateLaunchConfiguration', { ...i, UserData: encoded } as Params, opts)
  }

  /**
   * DeleteLaunchConfiguration. A configuration a group still uses gives ResourceInUse (ConflictError) on AWS.
   * @example await autoscale.launchConfigurations.delete('web@hotel')
   */
  async delete(name: string, opts?: AutoscaleCallOptions): Promise<void> {
    needText({ LaunchConfigurationName: name }, 'LaunchConfigurationName', 'launchConfigurations.delete')
    await this.client.query('DeleteLaunchConfiguration', { LaunchConfigurationName: name }, opts)
  }

  /**
   * DescribeLaunchConfigurations, every page followed.
   * @example const all = await autoscale.launchConfigurations.list().toArray()
   */
  list(input: ListLaunchConfigurationsInput = {}, opts?: AutoscaleCallOptions): Paginator<LaunchConfiguration> {
    return describe(this.client, 'DescribeLaunchConfigurations', () => {
      const call = 'launchConfigurations.list'
      const i = inputObject(input, call)
      optTextList(i, 'LaunchConfigurationNames', call)
      optInt(i, 'MaxRecords', call, 1, 100)
      return i as Params
    }, 'LaunchConfigurations', LaunchConfigurationDecoder, opts)
  }

  /**
   * One launch configuration by name, or undefined when there is none.
   * @example const lc = await autoscale.launchConfigurations.get('web@hotel')
   */
  async get(name: string, opts?: AutoscaleCallOptions): Promise<LaunchConfiguration | undefined> {
    needText({ LaunchConfigurationName: name }, 'LaunchConfigurationName', 'launchConfigurations.get')
    return this.list({ LaunchConfigurationNames: [name] }, opts).first()
  }
}
