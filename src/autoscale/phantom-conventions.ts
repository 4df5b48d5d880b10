// src/autoscale/phantom-conventions.ts — Phantom's conventions on top of the Query API: `name@site` and policy tags.
import { InputError } from '../core/errors.js'
import type { TagInput } from './inputs.js'

/**
 * A Phantom launch configuration name: `<deployable type>@<site>`; Phantom keeps one mapping
 * per site under the deployable type.
 * @example phantomLaunchConfigurationName('web', 'hotel') // 'web@hotel'
 */
export function phantomLaunchConfigurationName(deployableType: string, site: string): string {
  for (const [what, v] of [['deployable type', deployableType], ['site', site]] as const) {
    if (typeof v !== 'string' || v === '' || v.includes('@')) throw new InputError(`the ${what} of a Phantom launch configuration must be a non-empty string without '@', got ${JSON.stringify(v)}`)
  }
  return `${deployableType}@${site}`
}

/**
 * Splits `name@site` (at the last `@`, as Phantom's server does not allow one in the site).
 * @example parsePhantomLaunchConfigurationName('web@hotel') // { deployableType: 'web', site: 'hotel' }
 */
export function parsePhantomLaunchConfigurationName(name: string): { deployableType: string; site: string } {
  const at = typeof name === 'string' ? name.lastIndexOf('@') : -1
  if (at <= 0 || at === name.length - 1) throw new InputError(`a Phantom launch configuration name is 'name@site', got ${JSON.stringify(name)}`)
  return { deployableType: name.slice(0, at), site: name.slice(at + 1) }
}

/** The decision engines Phantom chooses with the `PHANTOM_DEFINITION` tag. */
export type PhantomDefinition = 'error_overflow_n_preserving' | 'sensor_engine' | 'multi_site_n_preserving' | 'single_site_n_preserving'

/** A site and how many instances it may hold, in rank order. @example { site: 'hotel', maxVms: 4 } */
export interface PhantomCloud {
  site: string
  maxVms: number
}

/**
 * Policy settings of a Phantom group, turned into tags by {@link phantomPolicyTags}. n-preserving
 * engines keep `minimumVms`; the sensor engine scales on a metric between thresholds.
 * @example { definition: 'multi_site_n_preserving', clouds: [{ site: 'hotel', maxVms: 4 }, { site: 'sierra', maxVms: 2 }], minimumVms: 3 }
 */
export interface PhantomPolicy {
  definition?: PhantomDefinition
  /** Sites in rank order (`clouds="hotel:4,sierra:4"`). */
  clouds?: PhantomCloud[]
  minimumVms?: number
  maximumVms?: number
  metric?: string
  sensorType?: string
  cooldownPeriod?: number
  scaleUpThreshold?: number
  scaleUpVms?: number
  scaleDownThreshold?: number
  scaleDownVms?: number
  iaasAllocation?: string
}

const TAG_NAMES: Record<Exclude<keyof PhantomPolicy, 'definition' | 'clouds'>, string> = {
  minimumVms: 'minimum_vms',
  maximumVms: 'maximum_vms',
  metric: 'metric',
  sensorType: 'sensor_type',
  cooldownPeriod: 'cooldown_period',
  scaleUpThreshold: 'scale_up_threshold',
  scaleUpVms: 'scale_up_n_vms',
  scaleDownThreshold: 'scale_down_threshold',
  scaleDownVms: 'scale_down_n_vms',
  iaasAllocation: 'iaas_allocation',
}

const SENSOR_ONLY = ['metric', 'sensorType', 'cooldownPeriod', 'scaleUpThreshold', 'scaleUpVms', 'scaleDownThreshold', 'scaleDownVms'] as const

/**
 * The tags that select and configure a Phantom decision engine for `group`: `PHANTOM_DEFINITION`
 * (default `single_site_n_preserving`), `clouds` in rank order, and the engine's settings under
 * Phantom's key names. Settings an engine does not take are refused here, as Phantom would refuse
 * them with InvalidParameterValue.
 * @example await autoscale.tags.createOrUpdate(phantomPolicyTags('web', { definition: 'sensor_engine', metric: 'CPUUtilization', scaleUpThreshold: 80, scaleUpVms: 1, minimumVms: 1, maximumVms: 5 }))
 */
export function phantomPolicyTags(group: string, policy: PhantomPolicy): (TagInput & { ResourceId: string })[] {
  if (typeof group !== 'string' || group === '') throw new InputError('phantomPolicyTags needs the group name')
  const definition = policy.definition ?? 'single_site_n_preserving'
  const sensor = definition === 'sensor_engine'
  const tag = (Key: string, Value: string): TagInput & { ResourceId: string } => ({ ResourceId: group, ResourceType: 'auto-scaling-group', Key, Value, PropagateAtLaunch: false })
  const tags = [tag('PHANTOM_DEFINITION', definition)]
  if (policy.clouds !== undefined) {
    if (!Array.isArray(policy.clouds) || policy.clouds.length === 0) throw new InputError('clouds must list at least one site')
    const value = policy.clouds
      .map((c, i) => {
        if (!c || typeof c.site !== 'string' || !/^[^:,\s]+$/.test(c.site)) throw new InputError(`clouds[${i}].site must be a site name without ':' or ','`)
        if (!Number.isSafeInteger(c.maxVms) || c.maxVms < -1) throw new InputError(`clouds[${i}].maxVms must be an integer (-1 for no limit)`)
        return `${c.site}:${c.maxVms}`
      })
      .join(',')
    tags.push(tag('clouds', value))
  }
  for (const [field, key] of Object.entries(TAG_NAMES) as [keyof typeof TAG_NAMES, string][]) {
    const v = policy[field]
    if (v === undefined) continue
    if (!sensor && (SENSOR_ONLY as readonly string[]).includes(field)) throw new InputError(`${field} is a sensor_engine setting; ${definition} does not take it`)
    if (typeof v === 'number' ? !Number.isFinite(v) || v < 0 : typeof v !== 'string' || v === '') throw new InputError(`${field} must be a non-negative number or a non-empty string`)
    tags.push(tag(key, String(v)))
  }
  const { minimumVms: min, maximumVms: max } = policy
  if (min !== undefined && max !== undefined && min > max) throw new InputError(`minimumVms (${min}) must not exceed maximumVms (${max})`)
  return tags
}
