// src/autoscale/phantom/domain-schemas.ts — decoders of Phantom domains, a union on `de_name` (multicloud, sensor, or none).
import { ResponseError } from '../../core/errors.js'
import { int, num, str, struct, type Decoded, type Decoder } from '../decode.js'
import { literal, object } from './schemas.js'

// What every domain of GET /domains carries (phantomweb/util.py get_domain); owner and uri only on
// GET /domains/{id}, POST and PUT.
const common = {
  id: str,
  name: str,
  lc_name: str,
  owner: str,
  uri: str,
  chef_credential: str,
  monitor_sensors: str,
  monitor_domain_sensors: str,
  sensor_data: object,
}

/** Decodes a domain whose `de_name` is `multicloud`. @example MulticloudDomainDecoder(body, 'domain').vm_count */
export const MulticloudDomainDecoder = struct({ ...common, de_name: literal('multicloud'), vm_count: int }, ['id', 'de_name', 'name', 'lc_name', 'vm_count'])

/**
 * An N-preserving domain over the sites of its launch configuration: Phantom keeps `vm_count`
 * VMs running.
 * @example if (d.de_name === 'multicloud') console.log(`${d.name}: ${d.vm_count} VMs`)
 */
export type PhantomMulticloudDomain = Decoded<typeof MulticloudDomainDecoder>

/** Decodes a domain whose `de_name` is `sensor`. @example SensorDomainDecoder(body, 'domain').sensor_metric */
export const SensorDomainDecoder = struct(
  {
    ...common,
    de_name: literal('sensor'),
    sensor_minimum_vms: int,
    sensor_maximum_vms: int,
    sensor_metric: str,
    sensor_scale_up_threshold: num,
    sensor_scale_up_vms: int,
    sensor_scale_down_threshold: num,
    sensor_scale_down_vms: int,
    sensor_cooldown: int,
  },
  ['id', 'de_name', 'name', 'lc_name', 'sensor_minimum_vms', 'sensor_maximum_vms'],
)

/**
 * A domain scaled on an OpenTSDB metric between `sensor_minimum_vms` and `sensor_maximum_vms`:
 * up by `sensor_scale_up_vms` above `sensor_scale_up_threshold`, down below the other threshold,
 * at most once per `sensor_cooldown` seconds.
 * @example if (d.de_name === 'sensor') console.log(d.sensor_metric, d.sensor_minimum_vms, d.sensor_maximum_vms)
 */
export type PhantomSensorDomain = Decoded<typeof SensorDomainDecoder>

const OtherDomainFields = struct(common, ['id'])

/**
 * A domain that was not made through the web app (for instance by the Query API's
 * CreateAutoScalingGroup): Phantom lists it with `de_name` (and `name`) null.
 * @example if (d.de_name === null) console.log(`${d.id} is managed through the Query API`)
 */
export type PhantomOtherDomain = Decoded<typeof OtherDomainFields> & { de_name: null }

/**
 * A domain as Phantom returns it; narrow on `de_name`.
 * @example const d = await phantom.domains.get(id); if (d.de_name === 'multicloud') console.log(d.vm_count)
 */
export type PhantomDomain = PhantomMulticloudDomain | PhantomSensorDomain | PhantomOtherDomain

/**
 * Decodes any domain by its `de_name`; one the web app cannot make (another engine name) is a
 * ResponseError.
 * @example decode(DomainDecoder, body, 'domain')
 */
export const DomainDecoder: Decoder<PhantomDomain> = (value, where) => {
  const de = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).de_name : undefined
  if (de === 'multicloud') return MulticloudDomainDecoder(value, where)
  if (de === 'sensor') return SensorDomainDecoder(value, where)
  if (de === null || de === undefined) return { ...OtherDomainFields(value, where), de_name: null }
  throw new ResponseError(`unexpected response: ${where}.de_name must be "multicloud", "sensor" or null, got ${JSON.stringify(de).slice(0, 100)}`)
}
