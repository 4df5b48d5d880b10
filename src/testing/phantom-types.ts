// src/testing/phantom-types.ts — the records of the fake Phantom REST API: users, sites, credentials, launch configurations, domains, instances.

/**
 * A Phantom user; `pk` is the numeric id HTTP Basic auth names.
 * @example phantom.users.get(1)?.username // 'demo'
 */
export interface PhantomUser {
  pk: number
  username: string
  password: string
}

/**
 * A site (a cloud) Phantom can launch on.
 * @example { id: 'hotel', type: 'nimbus', instanceTypes: ['m1.small'], imageGeneration: true, publicImages: ['ubuntu-14.04'], userImages: [] }
 */
export interface PhantomSite {
  id: string
  type: string
  instanceTypes: string[]
  imageGeneration: boolean
  publicImages: string[]
  userImages: string[]
}

/** A user's credentials for a site (`{id, access_key, secret_key, key_name}` plus optional packer fields). @example { id: 'hotel', access_key: 'AK', secret_key: 'SK', key_name: 'phantomkey' } */
export type PhantomSiteCredentials = Record<string, string | null> & { id: string; access_key: string; secret_key: string; key_name: string }

/** A user's Chef server credentials. @example { id: 'chef1', server_url: 'https://chef', client_name: 'admin', validation_client_name: 'chef-validator', client_key: '…', validator_key: '…' } */
export interface PhantomChefCredentials {
  id: string
  server_url: string
  client_name: string
  validation_client_name: string
  client_key: string
  validator_key: string
}

/** One site's launch parameters of a launch configuration (`max_vms` -1: no limit). @example { image_id: 'ubuntu-14.04', instance_type: 'm1.small', max_vms: 2, common: true, rank: 1 } */
export interface PhantomCloudParams {
  image_id: string
  instance_type: string
  max_vms: number
  common: boolean
  rank: number
}

/**
 * A launch configuration (an EPU deployable type with one mapping per site).
 * @example phantom.launchConfigurations.get(1)?.cloud_params.hotel?.image_id
 */
export interface PhantomLaunchConfiguration {
  id: number
  name: string
  owner: string
  appliance: string | null
  contextualization_method: string
  user_data?: string | null
  chef_runlist?: string | null
  chef_attributes?: string | null
  cloud_params: Record<string, PhantomCloudParams>
  /** Listed to every user with `?public=true` (set with `phantom.publishLaunchConfiguration`). */
  public: boolean
}

/**
 * A domain: the parameters it was created or last PUT with (`de_name` multicloud with `vm_count`,
 * or sensor with `sensor_*`), its id (uuid4) and owner.
 * @example phantom.domains.get(id)?.params.vm_count
 */
export interface PhantomDomain {
  id: string
  owner: string
  name: string
  params: Record<string, unknown>
}

/**
 * An instance of a domain; its EPU state follows from its times on the fake clock.
 * @example phantom.instances.get(id)?.site // 'hotel'
 */
export interface PhantomInstance {
  id: string
  domainId: string
  iaasInstanceId: string
  site: string
  imageId: string
  instanceType: string
  keyname: string
  n: number
  launchedAt: number
  readyAt: number
  terminatingAt?: number
  goneAt?: number
}
