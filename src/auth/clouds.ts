// src/auth/clouds.ts — clouds.yaml (+ secure.yaml) read as openstacksdk reads them, into a KeystoneConfig.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { InputError } from '../core/errors.js'
import { buildConfig, type FlatAuth } from './config-build.js'
import type { KeystoneConfig } from './types.js'

/** Where to look, and which environment to read OS_CLOUD and the XDG variables from. */
export interface CloudsYamlOptions {
  /** A clouds.yaml to read instead of searching. */
  path?: string
  env?: NodeJS.ProcessEnv
  /** Directory searched first (default: the process's working directory). */
  cwd?: string
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The directories openstacksdk searches, in order: the working directory, the user's
 * config directory (`$XDG_CONFIG_HOME/openstack`, default `~/.config/openstack`), `/etc/openstack`.
 * @example configDirs({ cwd: process.cwd(), env: process.env })
 */
export function configDirs(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string[] {
  const env = opts.env ?? process.env
  const xdg = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config')
  return [resolve(opts.cwd ?? process.cwd()), join(xdg, 'openstack'), '/etc/openstack']
}

async function readFirst(candidates: string[]): Promise<{ file: string; text: string } | undefined> {
  for (const file of candidates) {
    try {
      return { file, text: await readFile(file, 'utf8') }
    } catch {
      // Not there: try the next place, as openstacksdk does.
    }
  }
  return undefined
}

function parseYaml(file: string, text: string): Json {
  let doc: unknown
  try {
    doc = parse(text)
  } catch (e) {
    // The parser's message names line and column, never values we would leak.
    const where = e instanceof Error ? e.message.split('\n')[0] : 'parse error'
    throw new InputError(`${file} is not valid YAML: ${where}`)
  }
  return isObject(doc) ? doc : {}
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v
  return out
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)

/**
 * The Keystone configuration of one cloud in clouds.yaml, with secure.yaml merged over it.
 * The cloud defaults to OS_CLOUD, else the only cloud in the file. Every problem is an InputError
 * naming the file and key (never a secret value).
 * @example const cfg = await loadCloudsYaml('mycloud'); const session = await KeystoneSession.fromConfig(cfg)
 */
export async function loadCloudsYaml(cloud?: string, opts: CloudsYamlOptions = {}): Promise<KeystoneConfig> {
  const env = opts.env ?? process.env
  const dirs = configDirs({ env, ...(opts.cwd ? { cwd: opts.cwd } : {}) })
  const names = (base: string): string[] => dirs.flatMap((d) => [join(d, `${base}.yaml`), join(d, `${base}.yml`)])
  const cloudsCandidates = opts.path ? [opts.path] : env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : names('clouds')
  const found = await readFirst(cloudsCandidates)
  if (!found) throw new InputError(`no clouds.yaml found; searched ${cloudsCandidates.join(', ')}`)
  const clouds = parseYaml(found.file, found.text).clouds
  if (!isObject(clouds) || Object.keys(clouds).length === 0) throw new InputError(`${found.file} has no "clouds:" section`)

  const available = Object.keys(clouds)
  const name = cloud ?? text(env.OS_CLOUD) ?? (available.length === 1 ? available[0] : undefined)
  if (!name) throw new InputError(`${found.file} defines several clouds (${available.join(', ')}): name one, or set OS_CLOUD`)
  let entry = clouds[name]
  if (!isObject(entry)) throw new InputError(`cloud "${name}" is not in ${found.file}; it defines ${available.join(', ')}`)

  const secureCandidates = env.OS_CLIENT_SECURE_FILE ? [env.OS_CLIENT_SECURE_FILE] : names('secure')
  const secure = await readFirst(secureCandidates)
  if (secure) {
    const over = parseYaml(secure.file, secure.text).clouds
    if (isObject(over) && isObject(over[name])) entry = deepMerge(entry as Json, over[name] as Json)
  }
  return fromEntry(name, entry as Json, `${found.file} (cloud ${name})`)
}

function fromEntry(name: string, entry: Json, where: string): KeystoneConfig {
  const auth = isObject(entry.auth) ? entry.auth : {}
  const flat: FlatAuth = {
    authUrl: text(auth.auth_url),
    authType: text(entry.auth_type),
    username: text(auth.username),
    userId: text(auth.user_id),
    password: text(auth.password),
    projectName: text(auth.project_name) ?? text(auth.tenant_name),
    projectId: text(auth.project_id) ?? text(auth.tenant_id),
    userDomainName: text(auth.user_domain_name),
    userDomainId: text(auth.user_domain_id),
    projectDomainName: text(auth.project_domain_name),
    projectDomainId: text(auth.project_domain_id),
    domainName: text(auth.domain_name),
    domainId: text(auth.domain_id),
    defaultDomain: text(auth.default_domain),
    appCredId: text(auth.application_credential_id),
    appCredName: text(auth.application_credential_name),
    appCredSecret: text(auth.application_credential_secret),
    token: text(auth.token),
    // `regions:` lists a cloud's regions; the first is the default, as in openstacksdk.
    region: text(entry.region_name) ?? (Array.isArray(entry.regions) ? text(isObject(entry.regions[0]) ? entry.regions[0].name : entry.regions[0]) : undefined),
    interface: text(entry.interface),
    cacert: text(entry.cacert),
    cert: text(entry.cert),
    key: text(entry.key),
    verify: typeof entry.verify === 'boolean' ? entry.verify : undefined,
  }
  const names = { authUrl: 'auth.auth_url', password: 'auth.password', secret: 'auth.application_credential_secret', token: 'auth.token', authType: 'auth_type' }
  return { ...buildConfig(flat, where, names), cloud: name }
}
