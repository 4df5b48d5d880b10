// src/auth/env.ts — OS_* environment variables (or OS_CLOUD's clouds.yaml entry) into a KeystoneConfig.
import { loadCloudsYaml } from './clouds.js'
import { buildConfig } from './config-build.js'
import type { KeystoneConfig } from './types.js'

/**
 * Reads the variables the OpenStack CLIs read. With OS_CLOUD set, the clouds.yaml entry is used
 * and OS_REGION_NAME / OS_INTERFACE still override it. Empty variables count as unset. Rejects
 * with InputError naming the missing variable, e.g. "OS_AUTH_URL is not set in the environment".
 * @example const cfg = await configFromEnv() // then KeystoneSession.fromConfig(cfg)
 */
export async function configFromEnv(env: NodeJS.ProcessEnv = process.env, opts: { cwd?: string } = {}): Promise<KeystoneConfig> {
  const v = (name: string): string | undefined => (env[name] === '' ? undefined : env[name])
  if (v('OS_CLOUD')) {
    const cfg = await loadCloudsYaml(v('OS_CLOUD'), { env, ...(opts.cwd ? { cwd: opts.cwd } : {}) })
    const region = v('OS_REGION_NAME')
    const iface = v('OS_INTERFACE')?.replace(/URL$/, '') as KeystoneConfig['interface']
    return { ...cfg, ...(region ? { region } : {}), ...(iface ? { interface: iface } : {}) }
  }
  const insecure = v('OS_INSECURE')
  return buildConfig(
    {
      authUrl: v('OS_AUTH_URL'),
      authType: v('OS_AUTH_TYPE'),
      username: v('OS_USERNAME'),
      userId: v('OS_USER_ID'),
      password: v('OS_PASSWORD'),
      projectName: v('OS_PROJECT_NAME') ?? v('OS_TENANT_NAME'),
      projectId: v('OS_PROJECT_ID') ?? v('OS_TENANT_ID'),
      userDomainName: v('OS_USER_DOMAIN_NAME'),
      userDomainId: v('OS_USER_DOMAIN_ID'),
      projectDomainName: v('OS_PROJECT_DOMAIN_NAME'),
      projectDomainId: v('OS_PROJECT_DOMAIN_ID'),
      domainName: v('OS_DOMAIN_NAME'),
      domainId: v('OS_DOMAIN_ID'),
      defaultDomain: v('OS_DEFAULT_DOMAIN'),
      appCredId: v('OS_APPLICATION_CREDENTIAL_ID'),
      appCredName: v('OS_APPLICATION_CREDENTIAL_NAME'),
      appCredSecret: v('OS_APPLICATION_CREDENTIAL_SECRET'),
      token: v('OS_TOKEN'),
      region: v('OS_REGION_NAME'),
      interface: v('OS_INTERFACE'),
      cacert: v('OS_CACERT'),
      cert: v('OS_CERT'),
      key: v('OS_KEY'),
      verify: insecure && /^(1|true|yes)$/i.test(insecure) ? false : undefined,
    },
    'the environment',
    { authUrl: 'OS_AUTH_URL', password: 'OS_PASSWORD', secret: 'OS_APPLICATION_CREDENTIAL_SECRET', token: 'OS_TOKEN', authType: 'OS_AUTH_TYPE' },
  )
}
