// Phantom's conventions: name@site launch configurations and the policy tags of its decision engines.
import { describe, expect, it } from 'vitest'
import { parsePhantomLaunchConfigurationName, phantomLaunchConfigurationName, phantomPolicyTags, isInService } from '../../src/autoscale/index.js'
import { InputError } from '../../src/core/errors.js'

describe('name@site', () => {
  it('joins and splits', () => {
    expect(phantomLaunchConfigurationName('web', 'hotel')).toBe('web@hotel')
    expect(parsePhantomLaunchConfigurationName('web@hotel')).toEqual({ deployableType: 'web', site: 'hotel' })
    expect(() => phantomLaunchConfigurationName('a@b', 'hotel')).toThrow(InputError)
    expect(() => parsePhantomLaunchConfigurationName('web')).toThrow(/name@site/)
    expect(() => parsePhantomLaunchConfigurationName('web@')).toThrow(InputError)
  })
})

describe('phantomPolicyTags', () => {
  it('builds the n-preserving tags with ranked clouds', () => {
    expect(phantomPolicyTags('web', { definition: 'multi_site_n_preserving', clouds: [{ site: 'hotel', maxVms: 4 }, { site: 'sierra', maxVms: -1 }], minimumVms: 3 })).toEqual([
      { ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'PHANTOM_DEFINITION', Value: 'multi_site_n_preserving', PropagateAtLaunch: false },
      { ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'clouds', Value: 'hotel:4,sierra:-1', PropagateAtLaunch: false },
      { ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: 'minimum_vms', Value: '3', PropagateAtLaunch: false },
    ])
  })

  it('builds sensor engine tags under Phantom’s key names', () => {
    const tags = phantomPolicyTags('web', { definition: 'sensor_engine', metric: 'CPUUtilization', scaleUpThreshold: 80, scaleUpVms: 1, scaleDownThreshold: 10, scaleDownVms: 1, cooldownPeriod: 60, minimumVms: 1, maximumVms: 5 })
    expect(Object.fromEntries(tags.map((t) => [t.Key, t.Value]))).toEqual({
      PHANTOM_DEFINITION: 'sensor_engine',
      metric: 'CPUUtilization',
      scale_up_threshold: '80',
      scale_up_n_vms: '1',
      scale_down_threshold: '10',
      scale_down_n_vms: '1',
      cooldown_period: '60',
      minimum_vms: '1',
      maximum_vms: '5',
    })
  })

  it('refuses what Phantom would refuse', () => {
    expect(() => phantomPolicyTags('web', { metric: 'CPU' })).toThrow(/sensor_engine setting/)
    expect(() => phantomPolicyTags('web', { minimumVms: 5, maximumVms: 2 })).toThrow(/minimumVms \(5\)/)
    expect(() => phantomPolicyTags('web', { clouds: [{ site: 'a:b', maxVms: 1 }] })).toThrow(/clouds\[0\]/)
    expect(() => phantomPolicyTags('', {})).toThrow(InputError)
  })

  it('isInService knows AWS and EPU states', () => {
    expect(['InService', '600-RUNNING', 'Pending', '400-PENDING', '650-RUNNING_FAILED'].map((s) => isInService({ LifecycleState: s }))).toEqual([true, true, false, false, false])
  })
})
