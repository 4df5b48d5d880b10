// src/autoscale/phantom/schemas.ts — decoders of Phantom's REST results (sites, credentials, launch configurations, instances, sensors), keeping its snake_case names.
import { ResponseError } from '../../core/errors.js'
import { bool, int, list, raw, str, struct, type Decoded, type Decoder } from '../decode.js'

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
}

/** A JSON object kept as parsed (sensor data). @example struct({ sensor_data: object }) */
export const object: Decoder<Record<string, unknown>> = (value, where) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ResponseError(`unexpected response: ${where} must be an object, got ${describe(value)}`)
  }
  return value as Record<string, unknown>
}

/**
 * A JSON object whose values all decode with `item` (launch configuration `cloud_params` by site).
 * @example dictOf(CloudParamsDecoder)({ hotel: { image_id: 'img' } }, 'cloud_params')
 */
export function dictOf<T>(item: Decoder<T>): Decoder<Record<string, T>> {
  return (value, where) => {
    const source = object(value, where)
    const out: Record<string, T> = {}
    for (const [key, v] of Object.entries(source)) out[key] = item(v, `${where}.${key}`)
    return out
  }
}

/**
 * One exact string: the discriminant of a union (a domain's `de_name`).
 * @example literal('multicloud')('multicloud', 'de_name') // 'multicloud'
 */
export function literal<const T extends string>(expected: T): Decoder<T> {
  return (value, where) => {
    if (value !== expected) throw new ResponseError(`unexpected response: ${where} must be ${JSON.stringify(expected)}, got ${JSON.stringify(value)}`)
    return expected
  }
}

/** Decodes a site of `GET /sites` (`details=true` adds `type`, `image_generation`, `user_images`, `public_images`). @example SiteDecoder(json, 'site').instance_types */
export const SiteDecoder = struct(
  {
    id: str,
    instance_types: list(str),
    credentials: str,
    uri: str,
    type: str,
    image_generation: bool,
    user_images: list(str),
    public_images: list(str),
  },
  ['id'],
)

/**
 * A cloud site Phantom can launch on: `{id, instance_types, credentials, uri}`, more with `details`.
 * @example for await (const s of phantom.sites.list({ details: true })) console.log(s.id, s.type, s.instance_types)
 */
export type PhantomSite = Decoded<typeof SiteDecoder>

/** Decodes site credentials (`GET /credentials/sites`). @example SiteCredentialsDecoder(json, 'site credentials').key_name */
export const SiteCredentialsDecoder = struct(
  {
    id: str,
    access_key: str,
    secret_key: str,
    key_name: str,
    uri: str,
    available_keys: list(str),
    nimbus_user_cert: str,
    nimbus_user_key: str,
    nimbus_canonical_id: str,
    openstack_username: str,
    openstack_password: str,
    openstack_project: str,
  },
  ['id', 'access_key', 'secret_key', 'key_name'],
)

/**
 * The IaaS keys Phantom uses on one site (`id` is the site); `nimbus_*` and `openstack_*` feed
 * image generation, `available_keys` (with `details`) lists the SSH key pairs on the site.
 * @example const c = await phantom.credentials.sites.get('hotel'); console.log(c.access_key, c.key_name)
 */
export type PhantomSiteCredentials = Decoded<typeof SiteCredentialsDecoder>

/** Fields of site credentials that are secrets: never copied into errors or logs. @example for (const f of SITE_CREDENTIAL_SECRETS) client.rememberSecret(String(creds[f])) */
export const SITE_CREDENTIAL_SECRETS = ['secret_key', 'nimbus_user_key', 'openstack_password'] as const

/** Decodes chef credentials (`GET /credentials/chef`). @example ChefCredentialsDecoder(json, 'chef credentials').server_url */
export const ChefCredentialsDecoder = struct(
  { id: str, server_url: str, client_name: str, validation_client_name: str, client_key: str, validator_key: str, uri: str },
  ['id', 'server_url', 'client_name', 'client_key', 'validator_key'],
)

/**
 * A Chef server account for contextualization: `{id, server_url, client_name,
 * validation_client_name, client_key, validator_key, uri}`.
 * @example const chef = await phantom.credentials.chef.get('mychef'); console.log(chef.server_url)
 */
export type PhantomChefCredentials = Decoded<typeof ChefCredentialsDecoder>

/** Fields of chef credentials that are secrets (private keys). @example CHEF_CREDENTIAL_SECRETS.includes('client_key') // true */
export const CHEF_CREDENTIAL_SECRETS = ['client_key', 'validator_key'] as const

/** Decodes the per-site part of a launch configuration. @example CloudParamsDecoder(json.cloud_params.hotel, 'cloud_params.hotel').image_id */
export const CloudParamsDecoder = struct({ image_id: str, instance_type: str, max_vms: int, common: bool, rank: int }, ['image_id', 'instance_type'])

/**
 * How a launch configuration starts VMs on one site: image, instance type, `max_vms` (-1 for no
 * limit), `common` (the image is the same everywhere) and `rank` (lower is tried first).
 * @example const p = lc.cloud_params.hotel; console.log(p?.image_id, p?.rank)
 */
export type PhantomCloudParams = Decoded<typeof CloudParamsDecoder>

/** Decodes a launch configuration. @example LaunchConfigurationDecoder(json, 'launch configuration').cloud_params */
export const LaunchConfigurationDecoder = struct(
  {
    id: str,
    name: str,
    owner: str,
    cloud_params: dictOf(CloudParamsDecoder),
    contextualization_method: str,
    user_data: str,
    chef_runlist: raw,
    chef_attributes: raw,
    appliance: str,
    description: str,
    uri: str,
  },
  ['id', 'name', 'cloud_params'],
)

/**
 * A launch configuration (Phantom's deployable type): `cloud_params` by site, and how VMs are
 * contextualized (`none`, `user_data`, `chef`). `chef_runlist` and `chef_attributes` come back
 * as Phantom stored them: parsed JSON from GET, the strings sent from POST and PUT.
 * @example for await (const lc of phantom.launchConfigurations.list()) console.log(lc.name, Object.keys(lc.cloud_params))
 */
export type PhantomLaunchConfiguration = Decoded<typeof LaunchConfigurationDecoder>

/** Decodes an instance of a domain. @example InstanceDecoder(json, 'instance').lifecycle_state */
export const InstanceDecoder = struct(
  {
    id: str,
    iaas_instance_id: str,
    lifecycle_state: str,
    hostname: str,
    public_ip: str,
    private_ip: str,
    cloud: str,
    image_id: str,
    instance_type: str,
    sensor_data: object,
    keyname: str,
    owner: str,
    uri: str,
  },
  ['id', 'lifecycle_state'],
)

/**
 * A VM of a domain. `lifecycle_state` is an EPU state such as `600-RUNNING` (see
 * `isEpuRunning` and `isEpuFailed`); `cloud` is the site's URI, `/api/dev/sites/<site>`.
 * @example for await (const i of phantom.instances.list(domainId)) console.log(i.id, i.lifecycle_state, i.public_ip)
 */
export type PhantomInstance = Decoded<typeof InstanceDecoder>

/** Decodes a sensor of `GET /sensors`. @example SensorDecoder(json, 'sensor').id */
export const SensorDecoder = struct({ id: str, uri: str }, ['id'])

/**
 * An OpenTSDB metric a sensor domain can scale on, e.g. `proc.loadavg.1min`.
 * @example const names = (await phantom.sensors.list().toArray()).map((s) => s.id)
 */
export type PhantomSensor = Decoded<typeof SensorDecoder>
