// src/auth/clouds.ts — clouds.yaml reader: finds the files where openstacksdk looks, merges secure.yaml and profiles, maps one cloud to a KeystoneConfig.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { Tags } from 'yaml'
import { InputError } from '../core/errors.js'
import type { DomainRef, KeystoneConfig, KeystoneCredentials, KeystoneScope, TlsFiles } from './types.js'

type Json = Record<string, unknown>

/**
 * Options of {@link loadCloudsYaml}. Tests pass `env`, `cwd` and `systemDirs` so the real home and /etc are never read.
 * @example await loadCloudsYaml('dev', { path: './clouds.yaml', region: 'RegionTwo' })
 */
export interface CloudsYamlOptions {
  /** Read this clouds.yaml instead of searching; its directory is searched first for secure.yaml and clouds-public.yaml. */
  path?: string
  /** Where OS_CLOUD, OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE, HOME and XDG_* are read (default `process.env`). */
  env?: NodeJS.ProcessEnv
  /** The "current directory" searched first (default `process.cwd()`). */
  cwd?: string
  /** Pick this region: from the cloud's `regions:` list (its `values` applied), or in place of `region_name`. */
  region?: string
  /** System-wide directories searched last (default: each XDG_CONFIG_DIRS entry + `/openstack`, then `/etc/openstack`). */
  systemDirs?: readonly string[]
}

/**
 * How a cloud entry's keys are named in error messages, so each reader can speak its user's language.
 * @example const naming: EntryNaming = { where: '', label: (key) => `OS_${key.toUpperCase()}` }
 */
export interface EntryNaming {
  /** Prefix of every message, e.g. `/home/me/clouds.yaml: `; empty for the environment. */
  where: string
  /** The name a user would look for: `clouds.dev.auth.password`, or `OS_PASSWORD`. */
  label: (key: string) => string
  /** Appended to "not set" messages, e.g. an unresolved profile. */
  hint?: string
}

const SUFFIXES = ['.yaml', '.yml', '.json'] as const
const BLOCKED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

// Keys that live under `auth:` in clouds.yaml (openstacksdk also accepts them one level up).
const AUTH_KEYS: ReadonlySet<string> = new Set([
  'auth_url', 'username', 'user_id', 'password', 'project_name', 'project_id', 'tenant_name', 'tenant_id',
  'user_domain_name', 'user_domain_id', 'project_domain_name', 'project_domain_id', 'domain_name', 'domain_id',
  'default_domain_id', 'default_domain_name', 'application_credential_id', 'application_credential_name',
  'application_credential_secret', 'token', 'auth_token', 'system_scope',
])

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const own = (o: Json, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined)

/** Copies `over` onto `base` recursively (maps merge, everything else is replaced), as openstacksdk's merge_clouds does. */
function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base }
  for (const [k, v] of Object.entries(over)) {
    if (BLOCKED_KEYS.has(k)) continue
    const prev = own(out, k)
    out[k] = isMap(v) ? deepMerge(isMap(prev) ? prev : {}, v) : v
  }
  return out
}

/** `project-name` and `project_name` are the same key to openstacksdk. */
function normaliseKeys(v: Json): Json {
  const out: Json = {}
  for (const [k, val] of Object.entries(v)) {
    if (!BLOCKED_KEYS.has(k)) out[k.replaceAll('-', '_')] = isMap(val) ? normaliseKeys(val) : val
  }
  return out
}

// Ids such as `0123` or `12e45` must stay text, so the number tags are left out; merge keys (`<<:`)
// are on because PyYAML, which openstacksdk uses, honours them.
const withoutNumbers = (tags: Tags): Tags =>
  tags.filter((t) => (typeof t === 'string' ? t !== 'int' && t !== 'float' : !/:(int|float)$/.test(t.tag)))

/** Parses one file; undefined when it does not exist. Error messages carry the position only, never source text. */
async function readDoc(file: string): Promise<Json | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined
    throw new InputError(`cannot read ${file} (${code ?? 'unknown error'})`, { cause: e })
  }
  // Loaded here, not at import: only clouds.yaml users pay for the YAML parser.
  const { LineCounter, parseDocument } = await import('yaml')
  const lines = new LineCounter()
  const doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true, lineCounter: lines, customTags: withoutNumbers })
  const err = doc.errors[0]
  if (err) {
    // The parser's own message quotes the offending line, which may hold a password: give only where and what.
    const { line, col } = lines.linePos(err.pos[0])
    throw new InputError(`${file}: invalid YAML at line ${line}, column ${col} (${err.code.toLowerCase().replaceAll('_', ' ')})`)
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch {
    throw new InputError(`${file}: invalid YAML (too many aliases)`)
  }
  if (data === null || data === undefined) return {}
  if (!isMap(data)) throw new InputError(`${file}: the top level must be a mapping`)
  return data
}

async function readFirst(files: readonly string[]): Promise<{ file: string; doc: Json } | undefined> {
  for (const file of files) {
    const doc = await readDoc(file)
    if (doc) return { file, doc }
  }
  return undefined
}

const set = (v: string | undefined): string | undefined => (v ? v : undefined)
const candidates = (dirs: readonly string[], base: string): string[] => dirs.flatMap((d) => SUFFIXES.map((s) => join(d, base + s)))

const homeOf = (env: NodeJS.ProcessEnv): string => set(env.HOME) ?? homedir()

/**
 * The directories searched for clouds.yaml, secure.yaml and clouds-public.yaml, in order, as
 * openstacksdk searches them on Linux: the working directory, `$XDG_CONFIG_HOME/openstack`
 * (default `~/.config/openstack`), `~/.config/openstack`, each XDG_CONFIG_DIRS entry (default
 * `/etc/xdg`) + `/openstack`, and `/etc/openstack`; `systemDirs` replaces the last two groups.
 * @example configDirs({ cwd: process.cwd(), env: process.env })
 */
export function configDirs(opts: { cwd?: string; env?: NodeJS.ProcessEnv; systemDirs?: readonly string[] } = {}): string[] {
  const env = opts.env ?? process.env
  const userDir = join(homeOf(env), '.config', 'openstack')
  const xdg = set(env.XDG_CONFIG_HOME)
  const system =
    opts.systemDirs ??
    [...(set(env.XDG_CONFIG_DIRS) ?? '/etc/xdg').split(':').filter((d) => isAbsolute(d)).map((d) => join(d, 'openstack')), '/etc/openstack']
  return [...new Set([resolve(opts.cwd ?? process.cwd()), xdg ? join(xdg, 'openstack') : userDir, userDir, ...system])]
}

/**
 * An endpoint interface as OpenStack spells it (`public`, `internalURL`, …), normalised.
 * @example parseInterface('publicURL', 'OS_INTERFACE') // 'public'
 */
export function parseInterface(value: string, label: string): 'public' | 'internal' | 'admin' {
  const v = value.trim().replace(/url$/i, '').toLowerCase()
  if (v === 'public' || v === 'internal' || v === 'admin') return v
  throw new InputError(`${label} must be public, internal or admin (got "${value}")`)
}

const AUTH_TYPES: Record<string, KeystoneCredentials['method']> = {
  password: 'password',
  v3password: 'password',
  token: 'token',
  v3token: 'token',
  v3applicationcredential: 'applicationCredential',
  application_credential: 'applicationCredential',
  applicationcredential: 'applicationCredential',
}
const METHOD_WORDS: Record<KeystoneCredentials['method'], string> = {
  password: 'password',
  token: 'token',
  applicationCredential: 'application credential',
}

/**
 * Maps one cloud entry (clouds.yaml keys, or OS_* variables lower-cased without `OS_`) to a
 * KeystoneConfig, with openstacksdk's aliases (`tenant_*`, `auth_token`, `endpoint_type`) and its
 * domain rules: with a project, `domain_*` and then `default_domain*` stand in for a missing user or
 * project domain; without one, `domain_*` is the scope. Application credentials carry their own
 * scope, so project fields given with one are ignored (as keystoneauth does). Never puts a secret in a message.
 * @example configFromCloudEntry({ auth: { auth_url, token } }, { where: '', label: (k) => `OS_${k.toUpperCase()}` })
 */
export function configFromCloudEntry(entry: Json, naming: EntryNaming): KeystoneConfig {
  const { where, label } = naming
  const fail = (msg: string): never => {
    throw new InputError(`${where}${msg}`)
  }
  const authRaw = own(entry, 'auth')
  const auth = authRaw === undefined || authRaw === null ? {} : isMap(authRaw) ? authRaw : fail(`${label('auth')} must be a mapping`)
  const text = (k: string): string | undefined => {
    for (const v of [own(auth, k), own(entry, k)]) {
      if (v === undefined || v === null || v === '') continue
      if (typeof v === 'string') return v
      if (typeof v === 'boolean' || typeof v === 'number') return String(v)
      return fail(`${label(k)} must be a single value, not a list or mapping`)
    }
    return undefined
  }
  const first = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = text(k)
      if (v !== undefined) return v
    }
    return undefined
  }
  const flag = (k: string): boolean | undefined => {
    const v = own(entry, k) ?? own(auth, k)
    if (v === undefined || v === null || v === '') return undefined
    if (typeof v === 'boolean') return v
    const s = typeof v === 'string' ? v.trim().toLowerCase() : ''
    if (['true', 'yes', 'on', '1'].includes(s)) return true
    if (['false', 'no', 'off', '0'].includes(s)) return false
    return fail(`${label(k)} must be true or false`)
  }
  const domainRef = (id: string | undefined, name: string | undefined): DomainRef | undefined =>
    id ? { id } : name ? { name } : undefined

  const authType = first('auth_type', 'auth_plugin')
  const appId = text('application_credential_id')
  const appName = text('application_credential_name')
  const secret = text('application_credential_secret')
  const token = first('token', 'auth_token')
  const password = text('password')
  const userId = text('user_id')
  const username = text('username')

  let method: KeystoneCredentials['method']
  if (authType) {
    const key = authType.trim().toLowerCase().replaceAll('-', '_')
    const known = Object.hasOwn(AUTH_TYPES, key) ? AUTH_TYPES[key] : undefined
    if (!known) {
      const why = key.startsWith('v2') ? 'is for Keystone v2, which is not supported' : 'is not supported'
      return fail(`${label('auth_type')} "${authType}" ${why}; use password, v3password, token, v3token or v3applicationcredential`)
    }
    method = known
  } else if (appId || appName || secret) method = 'applicationCredential'
  else if (userId || username || password || !token) method = 'password'
  else method = 'token'

  const missing: string[] = []
  const authUrl = text('auth_url')
  if (!authUrl) missing.push(label('auth_url'))
  const either = (a: string, b: string): string => `${label(a)} (or ${label(b)})`
  if (method === 'password') {
    if (!userId && !username) missing.push(either('username', 'user_id'))
    if (!password) missing.push(label('password'))
  } else if (method === 'token') {
    if (!token) missing.push(label('token'))
  } else {
    if (!appId && !appName) missing.push(either('application_credential_id', 'application_credential_name'))
    if (!secret) missing.push(label('application_credential_secret'))
    if (!appId && appName && !userId && !username) missing.push(`${either('username', 'user_id')} for a named application credential`)
  }
  if (missing.length > 0 || !authUrl) {
    return fail(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (${METHOD_WORDS[method]} authentication)${naming.hint ?? ''}`)
  }
  if (!/^https?:\/\//i.test(authUrl) || !URL.canParse(authUrl)) fail(`${label('auth_url')} is not an http(s) URL`)

  const projectId = first('project_id', 'tenant_id')
  const projectName = first('project_name', 'tenant_name')
  const projectScoped = Boolean(projectId || projectName)
  const fallback = domainRef(first('default_domain_id', 'default_domain'), text('default_domain_name'))
  const shared = projectScoped ? domainRef(text('domain_id'), text('domain_name')) : undefined
  const userDomain = domainRef(text('user_domain_id'), text('user_domain_name')) ?? shared ?? fallback
  const user = {
    ...(userId ? { userId } : {}),
    ...(username ? { username, ...(userDomain ? { userDomain } : {}) } : {}),
  }

  let credentials: KeystoneCredentials
  if (method === 'password') credentials = { method, ...user, password: password ?? '' }
  else if (method === 'token') credentials = { method, token: token ?? '' }
  else credentials = { method, ...(appId ? { id: appId } : {}), ...(appName ? { name: appName } : {}), secret: secret ?? '', ...user }

  let scope: KeystoneScope | undefined
  const system = text('system_scope')
  const domainScope = projectScoped ? undefined : domainRef(text('domain_id'), text('domain_name'))
  if (system !== undefined) {
    if (system.toLowerCase() !== 'all') fail(`${label('system_scope')} must be "all"`)
    if (projectScoped || domainScope) fail(`${label('system_scope')} cannot be combined with a project or domain scope`)
    scope = { system: 'all' }
  } else if (projectScoped) {
    const domain = domainRef(text('project_domain_id'), text('project_domain_name')) ?? shared ?? fallback
    scope = { project: projectId ? { id: projectId } : { name: projectName, ...(domain ? { domain } : {}) } }
  } else if (domainScope) scope = { domain: domainScope }

  const iface = first('interface', 'endpoint_type')
  const region = text('region_name')
  const insecure = flag('insecure')
  const verify = insecure === true ? false : flag('verify')
  const tls: TlsFiles = {}
  for (const k of ['cacert', 'cert', 'key'] as const) {
    const v = text(k)
    if (v) tls[k] = v
  }
  if (verify !== undefined) tls.verify = verify
  return {
    authUrl,
    credentials,
    ...(scope && method !== 'applicationCredential' ? { scope } : {}),
    ...(region ? { region } : {}),
    ...(iface ? { interface: parseInterface(iface, `${where}${label(first('interface') ? 'interface' : 'endpoint_type')}`) } : {}),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  }
}

/** Applies `regions:` (names, or `{ name, values }`), a comma list in `region_name`, and an explicit choice. */
function pickRegion(entry: Json, wanted: string | undefined, where: string, label: (k: string) => string): Json {
  const { regions, ...rest } = entry
  if (Array.isArray(regions) && regions.length > 0) {
    const list = regions.map((r) => {
      if (typeof r === 'string' && r) return { name: r, values: {} as Json }
      if (isMap(r) && typeof r.name === 'string' && r.name) return { name: r.name, values: isMap(r.values) ? normaliseKeys(r.values) : {} }
      throw new InputError(`${where}${label('regions')} entries must be region names or { name, values } mappings`)
    })
    const chosen = wanted ? list.find((r) => r.name === wanted) : list[0]
    if (!chosen) throw new InputError(`${where}region ${wanted} is not in ${label('regions')}: ${list.map((r) => r.name).join(', ')}`)
    return { ...deepMerge(rest, chosen.values), region_name: chosen.name }
  }
  if (regions !== undefined && regions !== null && !Array.isArray(regions)) throw new InputError(`${where}${label('regions')} must be a list`)
  if (wanted) return { ...rest, region_name: wanted }
  const named = own(rest, 'region_name')
  // openstacksdk still reads a list, or a comma-separated string, here; the first region is the default.
  const firstRegion = Array.isArray(named) ? named[0] : typeof named === 'string' ? named.split(',')[0]?.trim() : named
  return firstRegion === undefined ? rest : { ...rest, region_name: firstRegion }
}

const expandHome = (p: string, home: string): string => (p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p)

/**
 * Reads one cloud from clouds.yaml as openstacksdk does. The file is `path` if given, else the first
 * found of OS_CLIENT_CONFIG_FILE, then `clouds.{yaml,yml,json}` in the current directory,
 * `$XDG_CONFIG_HOME/openstack` (default `~/.config/openstack`), `~/.config/openstack`, the XDG system
 * dirs and `/etc/openstack`. `secure.yaml` (OS_CLIENT_SECURE_FILE first, then the same directories)
 * is deep-merged over it, and a `profile:` is filled in from `clouds-public.yaml` there. The cloud
 * is `cloud`, else OS_CLOUD, else the file's only cloud. With a `regions:` list, the first region
 * is used unless `opts.region` picks another. Rejects with InputError naming the file and key.
 * @example const cfg = await loadCloudsYaml('devstack'); const session = await KeystoneSession.fromConfig(cfg)
 */
export async function loadCloudsYaml(cloud?: string, opts: CloudsYamlOptions = {}): Promise<KeystoneConfig> {
  const env = opts.env ?? process.env
  const cwd = resolve(opts.cwd ?? process.cwd())
  const searched = configDirs({ env, cwd, ...(opts.systemDirs ? { systemDirs: opts.systemDirs } : {}) })
  const explicit = opts.path ? resolve(cwd, opts.path) : undefined
  const dirs = explicit ? [...new Set([dirname(explicit), ...searched])] : searched

  let found: { file: string; doc: Json } | undefined
  if (explicit) {
    const doc = await readDoc(explicit)
    if (!doc) throw new InputError(`${explicit} does not exist`)
    found = { file: explicit, doc }
  } else {
    const override = set(env.OS_CLIENT_CONFIG_FILE)
    found = await readFirst([...(override ? [resolve(cwd, override)] : []), ...candidates(searched, 'clouds')])
    if (!found) {
      const tried = [...(override ? [`${resolve(cwd, override)} (OS_CLIENT_CONFIG_FILE)`] : []), ...searched]
      throw new InputError(`no clouds.yaml found; looked for clouds.yaml, clouds.yml and clouds.json in: ${tried.join(', ')}`)
    }
  }
  const secureOverride = set(env.OS_CLIENT_SECURE_FILE)
  const secure = await readFirst([...(secureOverride ? [resolve(cwd, secureOverride)] : []), ...candidates(dirs, 'secure')])
  const merged = secure ? deepMerge(found.doc, secure.doc) : found.doc
  const where = `${found.file}${secure ? ` (with ${secure.file})` : ''}: `

  const cloudsRaw = own(merged, 'clouds')
  const clouds = cloudsRaw === undefined || cloudsRaw === null ? {} : isMap(cloudsRaw) ? cloudsRaw : undefined
  if (!clouds) throw new InputError(`${where}clouds must be a mapping of cloud names`)
  const names = Object.keys(clouds)
  const name = set(cloud) ?? set(env.OS_CLOUD) ?? (names.length === 1 ? names[0] : undefined)
  if (!name) {
    throw new InputError(
      names.length === 0 ? `${where}no clouds defined` : `${where}several clouds (${names.join(', ')}): name one, or set OS_CLOUD`,
    )
  }
  const raw = own(clouds, name)
  if (raw === undefined) throw new InputError(`${where}no cloud named "${name}"; available: ${names.join(', ') || '(none)'}`)
  if (!isMap(raw)) throw new InputError(`${where}clouds.${name} must be a mapping`)
  let entry = normaliseKeys(raw)

  let hint: string | undefined
  const profile = own(entry, 'profile') ?? own(entry, 'cloud')
  if (typeof profile === 'string' && profile) {
    const vendor = await readFirst(candidates(dirs, 'clouds-public'))
    const publicClouds = vendor ? own(vendor.doc, 'public-clouds') : undefined
    const base = isMap(publicClouds) ? own(publicClouds, profile) : undefined
    if (isMap(base)) entry = deepMerge(normaliseKeys(base), entry)
    else hint = `; profile "${profile}" was not found in clouds-public.yaml (strato does not ship openstacksdk's vendor profiles)`
  }
  delete entry.profile
  delete entry.cloud

  const label = (k: string): string =>
    k === 'auth' || (AUTH_KEYS.has(k) && own(entry, k) === undefined) ? `clouds.${name}.${k === 'auth' ? 'auth' : `auth.${k}`}` : `clouds.${name}.${k}`
  entry = pickRegion(entry, set(opts.region), where, label)
  const config = configFromCloudEntry(entry, { where, label, ...(hint ? { hint } : {}) })
  if (config.tls) {
    for (const k of ['cacert', 'cert', 'key'] as const) {
      const p = config.tls[k]
      if (p) config.tls[k] = expandHome(p, homeOf(env))
    }
  }
  return { ...config, cloud: name }
}
