// src/auth/config-build.ts — one place that turns flat auth settings (clouds.yaml keys or OS_* variables) into a KeystoneConfig.
import { InputError } from '../core/errors.js'
import type { DomainRef, KeystoneConfig, KeystoneCredentials, KeystoneScope } from './types.js'

/** Auth settings as both clouds.yaml and OS_* variables express them. */
export interface FlatAuth {
  authUrl?: string | undefined
  authType?: string | undefined
  username?: string | undefined
  userId?: string | undefined
  password?: string | undefined
  projectName?: string | undefined
  projectId?: string | undefined
  userDomainName?: string | undefined
  userDomainId?: string | undefined
  projectDomainName?: string | undefined
  projectDomainId?: string | undefined
  domainName?: string | undefined
  domainId?: string | undefined
  defaultDomain?: string | undefined
  appCredId?: string | undefined
  appCredName?: string | undefined
  appCredSecret?: string | undefined
  token?: string | undefined
  region?: string | undefined
  interface?: string | undefined
  cacert?: string | undefined
  cert?: string | undefined
  key?: string | undefined
  verify?: boolean | undefined
}

/** How the source names the settings an error may mention (a key path or a variable). */
export interface SettingNames {
  authUrl: string
  password: string
  secret: string
  token: string
  authType: string
}

const AUTH_TYPES: Record<string, KeystoneCredentials['method']> = {
  password: 'password',
  v3password: 'password',
  token: 'token',
  v3token: 'token',
  v3applicationcredential: 'applicationCredential',
  application_credential: 'applicationCredential',
  v3_application_credential: 'applicationCredential',
}

// A domain setting may be an id or a name; `default_domain` (OS_DEFAULT_DOMAIN) is an id, as in keystoneauth.
function domain(id: string | undefined, name: string | undefined, fallbackId: string | undefined): DomainRef | undefined {
  return id ? { id } : name ? { name } : fallbackId ? { id: fallbackId } : undefined
}

/**
 * Validates flat settings and builds the config. `where` names the source in messages
 * (a file and cloud, or "the environment"); no secret value ever appears in one.
 * @example buildConfig({ authUrl, username: 'demo', password }, 'the environment', names)
 */
export function buildConfig(f: FlatAuth, where: string, names: SettingNames): KeystoneConfig {
  if (!f.authUrl) throw new InputError(`${names.authUrl} is not set in ${where}`)
  const method = f.authType
    ? AUTH_TYPES[f.authType.toLowerCase()]
    : f.appCredSecret || f.appCredId
      ? 'applicationCredential'
      : f.token && !f.password
        ? 'token'
        : 'password'
  if (!method) throw new InputError(`${names.authType} "${f.authType}" in ${where} is not supported; use password, token or v3applicationcredential`)
  const userDomain = domain(f.userDomainId, f.userDomainName, f.defaultDomain)
  let credentials: KeystoneCredentials
  if (method === 'password') {
    if (!f.password) throw new InputError(`${names.password} is not set in ${where}`)
    if (!f.username && !f.userId) throw new InputError(`password authentication in ${where} needs a username or user id`)
    credentials = {
      method,
      password: f.password,
      ...(f.userId ? { userId: f.userId } : {}),
      ...(f.username ? { username: f.username } : {}),
      ...(userDomain ? { userDomain } : {}),
    }
  } else if (method === 'token') {
    if (!f.token) throw new InputError(`${names.token} is not set in ${where}`)
    credentials = { method, token: f.token }
  } else {
    if (!f.appCredSecret) throw new InputError(`${names.secret} is not set in ${where}`)
    if (!f.appCredId && !f.appCredName) throw new InputError(`an application credential in ${where} needs an id or a name`)
    credentials = {
      method,
      secret: f.appCredSecret,
      ...(f.appCredId ? { id: f.appCredId } : { name: f.appCredName! }),
      ...(f.userId ? { userId: f.userId } : {}),
      ...(f.username ? { username: f.username } : {}),
      ...(userDomain ? { userDomain } : {}),
    }
  }
  const iface = f.interface?.replace(/URL$/, '')
  if (iface && iface !== 'public' && iface !== 'internal' && iface !== 'admin') {
    throw new InputError(`interface "${f.interface}" in ${where} must be public, internal or admin`)
  }
  const scope = method === 'applicationCredential' ? undefined : scopeOf(f)
  const tls = { ...(f.cacert ? { cacert: f.cacert } : {}), ...(f.cert ? { cert: f.cert } : {}), ...(f.key ? { key: f.key } : {}), ...(f.verify === false ? { verify: false } : {}) }
  return {
    authUrl: f.authUrl,
    credentials,
    ...(scope ? { scope } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(iface ? { interface: iface as 'public' | 'internal' | 'admin' } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
  }
}

function scopeOf(f: FlatAuth): KeystoneScope | undefined {
  if (f.projectId) return { project: { id: f.projectId } }
  if (f.projectName) {
    const d = domain(f.projectDomainId, f.projectDomainName, f.defaultDomain)
    return { project: { name: f.projectName, ...(d ? { domain: d } : {}) } }
  }
  const d = domain(f.domainId, f.domainName, undefined)
  return d ? { domain: d } : undefined
}
