// src/autoscale/phantom/inputs.ts — what callers send for credentials and launch configurations, checked into request bodies.
import { InputError } from '../../core/errors.js'
import { inputObject, needInt, needText, optBool, optText } from '../checks.js'
import { checkResourceId } from './ids.js'

/**
 * IaaS keys for one site (`PUT` sends only the first three; the others are read on create).
 * @example { access_key: 'AKIA…', secret_key: process.env.HOTEL_SECRET!, key_name: 'phantomkey' }
 */
export interface PhantomSiteCredentialsInput {
  access_key: string
  secret_key: string
  /** The SSH key pair VMs on this site get. */
  key_name: string
  nimbus_user_cert?: string
  nimbus_user_key?: string
  nimbus_canonical_id?: string
  openstack_username?: string
  openstack_password?: string
  openstack_project?: string
}

/**
 * A Chef server account. `validation_client_name` defaults to `chef-validator` on the server.
 * @example { server_url: 'https://chef:443', client_name: 'admin', client_key: pem, validator_key: pem2 }
 */
export interface PhantomChefCredentialsInput {
  server_url: string
  client_name: string
  client_key: string
  validator_key: string
  validation_client_name?: string
}

/**
 * How a launch configuration starts VMs on one site.
 * @example { image_id: 'hello-phantom.gz', instance_type: 'm1.small', max_vms: -1, common: true, rank: 1 }
 */
export interface PhantomCloudParamsInput {
  image_id: string
  instance_type: string
  /** Most VMs on this site; -1 for no limit. */
  max_vms: number
  /** The image is the same on every site. */
  common: boolean
  /** Order in which sites are filled, lowest first. */
  rank: number
}

/**
 * A launch configuration to create or replace. `chef_runlist` and `chef_attributes` travel as
 * JSON strings; an array or object given here is encoded.
 * @example { name: 'web', cloud_params: { hotel: { image_id: 'img', instance_type: 'm1.small', max_vms: -1, common: true, rank: 1 } } }
 */
export interface PhantomLaunchConfigurationInput {
  /** Letters, digits, spaces, `-`, `_`, `.`. */
  name: string
  cloud_params: Readonly<Record<string, PhantomCloudParamsInput>>
  contextualization_method?: 'none' | 'user_data' | 'chef'
  user_data?: string
  chef_runlist?: string | readonly string[]
  chef_attributes?: string | Readonly<Record<string, unknown>>
  appliance?: string
}

const BIG = 1_000_000 // keys, certificates and user data are long

function keepDefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
}

/**
 * The body of `POST`/`PUT /credentials/sites`: `id` is the site.
 * @example siteCredentialsBody('hotel', input, 'credentials.sites.create')
 */
export function siteCredentialsBody(site: string, input: unknown, call: string): Record<string, unknown> {
  const i = inputObject(input, call)
  return keepDefined({
    id: site,
    access_key: needText(i, 'access_key', call, BIG),
    secret_key: needText(i, 'secret_key', call, BIG),
    key_name: needText(i, 'key_name', call),
    ...Object.fromEntries(
      ['nimbus_user_cert', 'nimbus_user_key', 'nimbus_canonical_id', 'openstack_username', 'openstack_password', 'openstack_project'].map((f) => [f, optText(i, f, call, BIG)]),
    ),
  })
}

/**
 * The body of `POST`/`PUT /credentials/chef`: `id` is the credential's name.
 * @example chefCredentialsBody('mychef', input, 'credentials.chef.create')
 */
export function chefCredentialsBody(id: string, input: unknown, call: string): Record<string, unknown> {
  const i = inputObject(input, call)
  const url = needText(i, 'server_url', call, 2048)
  if (!/^https?:\/\/./i.test(url)) throw new InputError(`${call}: server_url must be an http or https URL`)
  return keepDefined({
    id,
    server_url: url,
    client_name: needText(i, 'client_name', call),
    validation_client_name: optText(i, 'validation_client_name', call),
    client_key: needText(i, 'client_key', call, BIG),
    validator_key: needText(i, 'validator_key', call, BIG),
  })
}

function jsonText(value: unknown, field: string, call: string, kind: 'array' | 'object'): string | undefined {
  if (value === undefined) return undefined
  let parsed: unknown = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      throw new InputError(`${call}: ${field} must be JSON text (or an ${kind}), got text that does not parse`)
    }
  }
  const ok = kind === 'array' ? Array.isArray(parsed) : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
  if (!ok) throw new InputError(`${call}: ${field} must be a JSON ${kind}`)
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * The body of `POST`/`PUT /launchconfigurations`, with the checks Phantom means to make
 * (`contextualization_method` consistent with the fields given). A chef launch configuration
 * without a run list gets `[]` and `{}`: Phantom fails on absent ones.
 * @example launchConfigurationBody({ name: 'web', cloud_params }, 'launchConfigurations.create')
 */
export function launchConfigurationBody(input: unknown, call: string): Record<string, unknown> {
  const i = inputObject(input, call)
  const name = checkResourceId(i.name, `${call}: name`)
  const params = inputObject(i.cloud_params, `${call}: cloud_params`)
  const sites = Object.keys(params)
  if (sites.length === 0) throw new InputError(`${call}: cloud_params needs at least one site`)
  const cloud_params: Record<string, unknown> = {}
  for (const site of sites) {
    const at = `${call}: cloud_params.${site}`
    checkResourceId(site, `${call}: a site in cloud_params`)
    const p = inputObject(params[site], at)
    const common = optBool(p, 'common', at)
    if (common === undefined) throw new InputError(`${at}: common is required`)
    cloud_params[site] = {
      image_id: needText(p, 'image_id', at),
      instance_type: needText(p, 'instance_type', at),
      max_vms: needInt(p, 'max_vms', at, -1),
      common,
      rank: needInt(p, 'rank', at, 0),
    }
  }
  const method = i.contextualization_method
  if (method !== undefined && method !== 'none' && method !== 'user_data' && method !== 'chef') {
    throw new InputError(`${call}: contextualization_method must be 'none', 'user_data' or 'chef', got ${JSON.stringify(method)}`)
  }
  const user_data = optText(i, 'user_data', call, BIG)
  let chef_runlist = jsonText(i.chef_runlist, 'chef_runlist', call, 'array')
  let chef_attributes = jsonText(i.chef_attributes, 'chef_attributes', call, 'object')
  const chef = chef_runlist !== undefined || chef_attributes !== undefined
  if (method === 'none' && (user_data !== undefined || chef)) throw new InputError(`${call}: contextualization_method 'none' takes no user_data, chef_runlist or chef_attributes`)
  if ((method === undefined || method === 'user_data') && chef) throw new InputError(`${call}: chef_runlist and chef_attributes need contextualization_method 'chef'`)
  if (method === 'chef') {
    if (user_data !== undefined) throw new InputError(`${call}: contextualization_method 'chef' takes no user_data`)
    chef_runlist ??= '[]'
    chef_attributes ??= '{}'
  }
  return keepDefined({ name, cloud_params, contextualization_method: method, user_data, chef_runlist, chef_attributes, appliance: optText(i, 'appliance', call) })
}
