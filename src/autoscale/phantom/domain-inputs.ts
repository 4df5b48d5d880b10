// src/autoscale/phantom/domain-inputs.ts — the domain bodies callers send, one shape per decision engine (`de_name`).
import { InputError } from '../../core/errors.js'
import { inputObject, needInt, needText } from '../checks.js'
import { checkResourceId } from './ids.js'

interface DomainInputBase {
  /** The domain's name (unique per user: a taken name answers 302). */
  name: string
  /** The launch configuration's name (not its id). */
  lc_name: string
  /** Chef credentials to contextualize with. */
  chef_credential?: string
  /** Metrics gathered from each VM, comma-separated or as a list. */
  monitor_sensors?: string | readonly string[]
  /** Metrics gathered for the domain as a whole. */
  monitor_domain_sensors?: string | readonly string[]
}

/**
 * A domain that keeps `vm_count` VMs on the launch configuration's sites.
 * @example { name: 'web', de_name: 'multicloud', lc_name: 'web-lc', vm_count: 2 }
 */
export interface PhantomMulticloudDomainInput extends DomainInputBase {
  de_name: 'multicloud'
  vm_count: number
}

/**
 * A domain that scales on a sensor metric between a minimum and a maximum.
 * @example
 * { name: 'batch', de_name: 'sensor', lc_name: 'batch-lc', sensor_minimum_vms: 1, sensor_maximum_vms: 8,
 *   sensor_metric: 'proc.loadavg.1min', sensor_scale_up_threshold: 2, sensor_scale_up_vms: 1,
 *   sensor_scale_down_threshold: 0.5, sensor_scale_down_vms: 1, sensor_cooldown: 60 }
 */
export interface PhantomSensorDomainInput extends DomainInputBase {
  de_name: 'sensor'
  sensor_minimum_vms: number
  sensor_maximum_vms: number
  /** An id from `phantom.sensors.list()`, e.g. `proc.loadavg.1min`. */
  sensor_metric: string
  sensor_scale_up_threshold: number
  sensor_scale_up_vms: number
  sensor_scale_down_threshold: number
  sensor_scale_down_vms: number
  /** Seconds between two scaling decisions. */
  sensor_cooldown: number
}

/**
 * A domain to create or replace; Phantom knows no decision engine but these two.
 * @example await phantom.domains.create({ name: 'web', de_name: 'multicloud', lc_name: 'web-lc', vm_count: 2 })
 */
export type PhantomDomainInput = PhantomMulticloudDomainInput | PhantomSensorDomainInput

const SENSOR_FIELDS = [
  'sensor_minimum_vms',
  'sensor_maximum_vms',
  'sensor_metric',
  'sensor_scale_up_threshold',
  'sensor_scale_up_vms',
  'sensor_scale_down_threshold',
  'sensor_scale_down_vms',
  'sensor_cooldown',
] as const

function needNumber(input: Readonly<Record<string, unknown>>, field: string, call: string): number {
  const v = input[field]
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${call}: ${field} must be a finite number, got ${v === undefined ? 'nothing' : typeof v}`)
  return v
}

function sensorList(input: Readonly<Record<string, unknown>>, field: string, call: string): string | undefined {
  const v = input[field]
  if (v === undefined) return undefined
  const items: unknown[] | undefined = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined
  if (!items || !items.every((s): s is string => typeof s === 'string' && !s.includes(',') && !/[\u0000-\u001f]/.test(s))) {
    throw new InputError(`${call}: ${field} must be a comma-separated string or a list of metric names`)
  }
  return items.map((s) => s.trim()).filter(Boolean).join(',')
}

/**
 * The body of `POST /domains` or `PUT /domains/{id}`. A `de_name` other than `multicloud` or
 * `sensor` is an InputError (Phantom would answer 400), and so is a field of the other engine.
 * @example domainBody({ name: 'web', de_name: 'multicloud', lc_name: 'web-lc', vm_count: 2 }, 'domains.create')
 */
export function domainBody(input: unknown, call: string): Record<string, unknown> {
  const i = inputObject(input, call)
  const de = i.de_name
  if (de !== 'multicloud' && de !== 'sensor') {
    throw new InputError(`${call}: de_name must be 'multicloud' or 'sensor', got ${JSON.stringify(de) ?? 'nothing'}`)
  }
  const body: Record<string, unknown> = {
    name: needText(i, 'name', call),
    de_name: de,
    lc_name: checkResourceId(i.lc_name, `${call}: lc_name`),
  }
  if (i.chef_credential !== undefined) body.chef_credential = checkResourceId(i.chef_credential, `${call}: chef_credential`)
  for (const field of ['monitor_sensors', 'monitor_domain_sensors']) {
    const v = sensorList(i, field, call)
    if (v !== undefined) body[field] = v
  }
  if (de === 'multicloud') {
    const stray = SENSOR_FIELDS.find((f) => i[f] !== undefined)
    if (stray) throw new InputError(`${call}: ${stray} is for sensor domains; a multicloud domain takes vm_count`)
    body.vm_count = needInt(i, 'vm_count', call, 0)
    return body
  }
  if (i.vm_count !== undefined) throw new InputError(`${call}: vm_count is for multicloud domains; a sensor domain takes sensor_minimum_vms and sensor_maximum_vms`)
  const min = needInt(i, 'sensor_minimum_vms', call, 0)
  const max = needInt(i, 'sensor_maximum_vms', call, 0)
  if (min > max) throw new InputError(`${call}: sensor_minimum_vms (${min}) must not exceed sensor_maximum_vms (${max})`)
  return {
    ...body,
    sensor_minimum_vms: min,
    sensor_maximum_vms: max,
    sensor_metric: needText(i, 'sensor_metric', call),
    sensor_scale_up_threshold: needNumber(i, 'sensor_scale_up_threshold', call),
    sensor_scale_up_vms: needInt(i, 'sensor_scale_up_vms', call, 0),
    sensor_scale_down_threshold: needNumber(i, 'sensor_scale_down_threshold', call),
    sensor_scale_down_vms: needInt(i, 'sensor_scale_down_vms', call, 0),
    sensor_cooldown: needInt(i, 'sensor_cooldown', call, 0),
  }
}
