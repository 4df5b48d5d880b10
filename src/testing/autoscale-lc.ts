// src/testing/autoscale-lc.ts — the launch configuration actions: Create, Delete, Describe (AWS's errors, Phantom's name@site rule).
import { members } from './autoscale-xml.js'
import { resourceName, type QueryAction } from './autoscale-context.js'
import { QueryError, missing } from './autoscale-params.js'
import { lcXml } from './autoscale-view.js'
import type { AsLaunchConfiguration } from './autoscale-types.js'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * CreateLaunchConfiguration: ImageId and InstanceType (or InstanceId of a group's instance to copy
 * them from); AlreadyExists on a duplicate name. Phantom wants `name@site` and base64 UserData.
 * @example // Action=CreateLaunchConfiguration&LaunchConfigurationName=web&ImageId=ami-1&InstanceType=t2.micro
 */
export const createLaunchConfiguration: QueryAction = (ctx) => {
  const p = ctx.params
  const name = resourceName(p, 'LaunchConfigurationName')
  if (ctx.dialect === 'phantom' && !/^[^@]+@[^@]+$/.test(name)) {
    throw new QueryError('InvalidParameterValue', `The name ${name} is not in the proper format.  It must be <dtname>@<site>`)
  }
  if (ctx.state.launchConfigurations.has(name)) {
    throw new QueryError('AlreadyExists', `Launch Configuration by this name already exists - A launch configuration already exists with the name ${name}`)
  }
  const instanceId = p.str('InstanceId')
  const source = instanceId === undefined ? undefined : ctx.state.instances.get(instanceId)
  if (instanceId !== undefined && !source) throw new QueryError('ValidationError', `Invalid instance id: ${instanceId}`)
  const sourceLc = source ? ctx.state.launchConfigurations.get(source.launchConfigurationName) : undefined
  const imageId = p.str('ImageId') ?? sourceLc?.imageId
  const instanceType = p.str('InstanceType') ?? source?.instanceType
  if (!imageId) throw missing('ImageId')
  if (!instanceType) throw missing('InstanceType')
  const userData = p.str('UserData')
  if (ctx.dialect === 'phantom' && userData !== undefined && !BASE64.test(userData)) {
    throw new QueryError('InvalidParameterValue', 'UserData must be base64 encoded')
  }
  const lc: AsLaunchConfiguration = {
    name,
    arn: ctx.state.arn('launchConfiguration', `launchConfigurationName/${name}`),
    imageId,
    instanceType,
    securityGroups: p.members('SecurityGroups'),
    instanceMonitoring: p.bool('InstanceMonitoring.Enabled') ?? true,
    ebsOptimized: p.bool('EbsOptimized') ?? false,
    createdAt: ctx.state.now(),
  }
  const optional = { keyName: 'KeyName', userData: 'UserData', kernelId: 'KernelId', ramdiskId: 'RamdiskId', spotPrice: 'SpotPrice', iamInstanceProfile: 'IamInstanceProfile', placementTenancy: 'PlacementTenancy' } as const
  for (const [field, param] of Object.entries(optional)) {
    const v = p.str(param)
    if (v !== undefined) lc[field as keyof typeof optional] = v
  }
  const publicIp = p.bool('AssociatePublicIpAddress')
  if (publicIp !== undefined) lc.associatePublicIpAddress = publicIp
  ctx.state.launchConfigurations.set(name, lc)
  return undefined
}

/**
 * DeleteLaunchConfiguration: ValidationError when it does not exist, ResourceInUse while a group uses it.
 * @example // Action=DeleteLaunchConfiguration&LaunchConfigurationName=web
 */
export const deleteLaunchConfiguration: QueryAction = (ctx) => {
  const name = ctx.params.required('LaunchConfigurationName')
  if (!ctx.state.launchConfigurations.has(name)) throw new QueryError('ValidationError', `Launch configuration name not found - Launch configuration ${name} not found`)
  const user = [...ctx.state.groups.values()].find((g) => g.launchConfigurationName === name)
  if (user) throw new QueryError('ResourceInUse', `Cannot delete launch configuration ${name} because it is attached to AutoScalingGroup ${user.name}`)
  ctx.state.launchConfigurations.delete(name)
  return undefined
}

/**
 * DescribeLaunchConfigurations: all, or those of LaunchConfigurationNames (unknown names are left
 * out), by name, paged.
 * @example // Action=DescribeLaunchConfigurations&LaunchConfigurationNames.member.1=web&MaxRecords=10
 */
export const describeLaunchConfigurations: QueryAction = (ctx) => {
  const names = ctx.params.members('LaunchConfigurationNames')
  const all = [...ctx.state.launchConfigurations.values()].filter((lc) => names.length === 0 || names.includes(lc.name))
  const page = ctx.tokens.page('DescribeLaunchConfigurations', all, (lc) => lc.name, ctx.params, ctx.dialect === 'aws')
  return members('LaunchConfigurations', page.items.map(lcXml)) + (page.nextToken ? `<NextToken>${page.nextToken}</NextToken>` : '')
}
