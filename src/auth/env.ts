// src/auth/env.ts — OS_* environment variables (or OS_CLOUD's clouds.yaml entry) into a KeystoneConfig.
import { configFromCloudEntry, loadCloudsYaml, parseInterface } from './clouds.js'
import type { KeystoneConfig } from './types.js'

// Each OS_X becomes clouds.yaml's key x, as openstacksdk maps them, so one mapper serves both sources.
const VARIABLES = [
  'AUTH_URL', 'AUTH_TYPE', 'USERNAME', 'USER_ID', 'PASSWORD', 'PROJECT_NAME', 'PROJECT_ID', 'TENANT_NAME', 'TENANT_ID',
  'USER_DOMAIN_NAME', 'USER_DOMAIN_ID', 'PROJECT_DOMAIN_NAME', 'PROJECT_DOMAIN_ID', 'DOMAIN_NAME', 'DOMAIN_ID',
  'DEFAULT_DOMAIN', 'DEFAULT_DOMAIN_ID', 'DEFAULT_DOMAIN_NAME', 'APPLICATION_CREDENTIAL_ID', 'APPLICATION_CREDENTIAL_NAME',
  'APPLICATION_CREDENTIAL_SECRET', 'TOKEN', 'SYSTEM_SCOPE', 'REGION_NAME', 'INTERFACE', 'ENDPOINT_TYPE',
  'CACERT', 'CERT', 'KEY', 'INSECURE',
] as const

/**
 * Options of {@link configFromEnv}; `cwd` and `systemDirs` are passed to the clouds.yaml search when OS_CLOUD is set.
 * @example await configFromEnv(process.env, { cwd: '/srv/app' })
 */
export interface EnvConfigOptions {
  cwd?: string
  systemDirs?: readonly string[]
}

/**
 * Reads the variables the OpenStack CLIs read: OS_AUTH_URL, OS_AUTH_TYPE, OS_USERNAME / OS_USER_ID,
 * OS_PASSWORD, OS_PROJECT_NAME / OS_PROJECT_ID (or OS_TENANT_*), OS_USER_DOMAIN_*, OS_PROJECT_DOMAIN_*,
 * OS_DOMAIN_* (domain scope without a project, else both domains' default), OS_DEFAULT_DOMAIN (an id,
 * the last fallback for both domains), OS_APPLICATION_CREDENTIAL_*, OS_TOKEN, OS_SYSTEM_SCOPE,
 * OS_REGION_NAME, OS_INTERFACE, OS_CACERT, OS_CERT, OS_KEY and OS_INSECURE. Without OS_AUTH_TYPE
 * the method follows what is set: application credential, else password, else a lone OS_TOKEN.
 * With OS_CLOUD set, that clouds.yaml entry is used instead and only OS_REGION_NAME and
 * OS_INTERFACE override it. Empty variables count as unset. Rejects with InputError naming
 * the missing variables, e.g. "OS_AUTH_URL is not set (password authentication)".
 * @example const cfg = await configFromEnv() // then KeystoneSession.fromConfig(cfg)
 */
export async function configFromEnv(env: NodeJS.ProcessEnv = process.env, opts: EnvConfigOptions = {}): Promise<KeystoneConfig> {
  const v = (name: string): string | undefined => env[name] || undefined
  const cloud = v('OS_CLOUD')
  if (cloud) {
    const region = v('OS_REGION_NAME')
    const cfg = await loadCloudsYaml(cloud, {
      env,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      ...(opts.systemDirs ? { systemDirs: opts.systemDirs } : {}),
      ...(region ? { region } : {}),
    })
    const iface = v('OS_INTERFACE') ? 'OS_INTERFACE' : v('OS_ENDPOINT_TYPE') ? 'OS_ENDPOINT_TYPE' : undefined
    return iface ? { ...cfg, interface: parseInterface(v(iface) ?? '', iface) } : cfg
  }
  const entry: Record<string, string> = {}
  for (const name of VARIABLES) {
    const value = v(`OS_${name}`)
    if (value !== undefined) entry[name.toLowerCase()] = value
  }
  return configFromCloudEntry(entry, { where: '', label: (key) => `OS_${key.toUpperCase()}` })
}
