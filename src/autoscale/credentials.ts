// src/autoscale/credentials.ts — AWS credentials: given, from a provider, or from the environment and ~/.aws files.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../core/errors.js'

/**
 * An AWS access key pair, with a session token for temporary credentials.
 * @example const credentials: AwsCredentials = { accessKeyId: 'AKIA…', secretAccessKey: '…' }
 */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** When temporary credentials stop working; a provider is asked again after this. */
  expiration?: Date
}

/**
 * Supplies credentials for each signature (asked again once they expire).
 * @example const provider: AwsCredentialProvider = async () => ({ accessKeyId, secretAccessKey: await vault.get('aws') })
 */
export type AwsCredentialProvider = (opts: { signal?: AbortSignal }) => Promise<AwsCredentials>

/** Where a configuration was read from: variables and, for profiles, the two files. */
export interface AwsEnvironment {
  /** Variables to read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
  /** Profile name. Default `AWS_PROFILE`, else `default`. */
  profile?: string
}

/** A profile's settings from ~/.aws/credentials and ~/.aws/config (config's `[profile x]` sections). */
export interface AwsProfile {
  credentials?: AwsCredentials
  region?: string
  /** `endpoint_url` of the profile. */
  endpoint?: string
}

/**
 * Credentials from variables alone: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`,
 * else Phantom's `EC2_ACCESS_KEY`/`EC2_SECRET_KEY`. Undefined when neither pair is complete.
 * @example credentialsFromEnv({ EC2_ACCESS_KEY: 'key', EC2_SECRET_KEY: 'secret' })
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AwsCredentials | undefined {
  const id = env.AWS_ACCESS_KEY_ID
  const secret = env.AWS_SECRET_ACCESS_KEY
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
  if (env.EC2_ACCESS_KEY && env.EC2_SECRET_KEY) return { accessKeyId: env.EC2_ACCESS_KEY, secretAccessKey: env.EC2_SECRET_KEY }
  return undefined
}

type Ini = Map<string, Map<string, string>>

// The AWS files are INI with `#`/`;` comments and indented continuation lines (nested settings
// such as `s3 =`, which strato does not need). Small enough to read here rather than add a dependency.
function parseIni(text: string): Ini {
  const sections: Ini = new Map()
  let current: Map<string, string> | undefined
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*[#;].*$/, '')
    if (!line.trim()) continue
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line)
    if (header) {
      const name = header[1]!.trim()
      current = sections.get(name) ?? new Map()
      sections.set(name, current)
      continue
    }
    if (/^\s/.test(rawLine)) continue // a nested setting's continuation
    const eq = line.indexOf('=')
    if (eq < 0 || !current) continue
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim())
  }
  return sections
}

async function readIni(file: string): Promise<Ini | undefined> {
  try {
    return parseIni(await readFile(file, 'utf8'))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new InputError(`cannot read AWS configuration ${file}: ${(e as Error).message}`, { cause: e })
  }
}

/**
 * Reads one profile from `AWS_SHARED_CREDENTIALS_FILE` (default ~/.aws/credentials) and
 * `AWS_CONFIG_FILE` (default ~/.aws/config, where sections are `[profile NAME]`, except
 * `[default]`). The credentials file wins for keys, the config file gives region and endpoint.
 * @example const { credentials, region } = await loadAwsProfile({ profile: 'phantom' })
 */
export async function loadAwsProfile(opts: AwsEnvironment = {}): Promise<AwsProfile> {
  const env = opts.env ?? process.env
  const name = opts.profile ?? env.AWS_PROFILE ?? 'default'
  const home = env.HOME ?? homedir()
  const [creds, config] = await Promise.all([
    readIni(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials')),
    readIni(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config')),
  ])
  const fromCreds = creds?.get(name)
  const fromConfig = config?.get(name === 'default' ? 'default' : `profile ${name}`)
  const pick = (key: string): string | undefined => fromCreds?.get(key) ?? fromConfig?.get(key)
  const id = pick('aws_access_key_id')
  const secret = pick('aws_secret_access_key')
  const token = pick('aws_session_token')
  const region = fromConfig?.get('region') ?? fromCreds?.get('region')
  const endpoint = fromConfig?.get('endpoint_url')
  if (opts.profile !== undefined && !fromCreds && !fromConfig) {
    throw new InputError(`AWS profile '${name}' is not in the credentials or config file`)
  }
  return {
    ...(id && secret ? { credentials: { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) } } : {}),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  }
}

/**
 * The default chain, as the AWS SDKs order it: variables, then the profile files. Read once and
 * kept; rejects with an InputError saying what was looked for when nothing is found.
 * @example new AutoscaleClient({ region: 'us-east-1', credentials: defaultCredentialProvider() })
 */
export function defaultCredentialProvider(opts: AwsEnvironment = {}): AwsCredentialProvider {
  let found: Promise<AwsCredentials> | undefined
  return () => {
    found ??= (async () => {
      const env = opts.env ?? process.env
      const fromEnv = opts.profile === undefined ? credentialsFromEnv(env) : undefined
      if (fromEnv) return fromEnv
      const profile = await loadAwsProfile(opts)
      if (profile.credentials) return profile.credentials
      throw new InputError(
        'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or EC2_ACCESS_KEY and EC2_SECRET_KEY), ' +
          `or add profile '${opts.profile ?? env.AWS_PROFILE ?? 'default'}' to ~/.aws/credentials, or pass \`credentials\``,
      )
    })().catch((e: unknown) => {
      found = undefined // a file fixed later is read on the next call
      throw e
    })
    return found
  }
}

/**
 * Turns the `credentials` option into a provider that re-asks only after `expiration`.
 * @example const provider = credentialSource({ accessKeyId, secretAccessKey })
 */
export function credentialSource(given: AwsCredentials | AwsCredentialProvider | undefined, env?: AwsEnvironment): AwsCredentialProvider {
  if (given === undefined) return defaultCredentialProvider(env)
  if (typeof given !== 'function') {
    if (typeof given !== 'object' || given === null || typeof given.accessKeyId !== 'string' || !given.accessKeyId || typeof given.secretAccessKey !== 'string' || !given.secretAccessKey) {
      throw new InputError('credentials need a non-empty accessKeyId and secretAccessKey')
    }
    const fixed = { ...given }
    return async () => fixed
  }
  let cached: AwsCredentials | undefined
  return async (o) => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 60_000)) return cached
    const next = await given(o)
    if (!next?.accessKeyId || !next.secretAccessKey) throw new InputError('the credential provider returned no accessKeyId or secretAccessKey')
    cached = next
    return next
  }
}
