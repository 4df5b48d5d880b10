// src/netconf/service-module.ts — the service module contract of ServiceRunner, and loading modules from a folder of ESM files.
import { readdir } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { InputError } from '../core/errors.js'
import type { ConfigTree } from './config-tree.js'

/**
 * The logger ServiceRunner and service modules write to; `console` fits.
 * @example const log: ServiceLogger = console
 */
export interface ServiceLogger {
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

/**
 * A logger that drops everything.
 * @example new ServiceRunner({ socketPath, logger: SILENT_LOGGER })
 */
export const SILENT_LOGGER: ServiceLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/**
 * What a module's `setup` and hooks learn about the transaction (the Python server's `log` and
 * `**kwargs`).
 * @example setup(root, ctx) { ctx.log.info(`tid ${ctx.tid} by ${ctx.user ?? '?'}`) }
 */
export interface ServiceContext {
  /** The runner's logger. */
  log: ServiceLogger
  /** The controller's transaction id. */
  tid: string
  /** Who started the transaction (looked up from `/transactions`), when the controller says. */
  user: string | undefined
  /** The instance named in `name[key='instance']`; undefined when the commit named no instance. */
  instance: string | undefined
  /** The `<diff>` flag of the services-commit notification (a dry run that only shows the diff). */
  diff: boolean
  /** Aborted when the module ran out of time (`serviceTimeoutMs`) or the runner stops. */
  signal: AbortSignal
}

/** A hook or setup function: may change `root` in place, and may be async. */
export type ServiceHook = (root: ConfigTree, ctx: ServiceContext) => void | Promise<void>

/**
 * One service, as a module file exports it (named exports) or as an object handed to
 * ServiceRunner. `setup` changes `root` — the `actions` datastore, or the part of it `xpath`
 * selects — and every change is merged back into the controller.
 *
 * @example
 * export const service = 'ssh-users'
 * export function setup(root, ctx) {
 *   for (const dev of root.findAll('devices/device')) dev.find('config')?.create('banner', { text: `hello ${ctx.instance}` })
 * }
 */
export interface ServiceModule {
  /** The service name, as in `<service>ssh-users[instance='a']</service>`. */
  service: string
  /** The get-config XPath filter. Default `/` (everything). */
  xpath?: string
  /** Prefix → namespace bindings the XPath uses. */
  namespaces?: Record<string, string>
  /** Builds the service's configuration. A throw (or a timeout) fails the transaction. */
  setup: ServiceHook
  /** Runs after this module's setup and before anything is written; may still change `root`, a throw fails the transaction. */
  preCommit?: ServiceHook
  /** Runs when the controller reports the transaction SUCCESS, with the tree the module produced. */
  postCommit?: ServiceHook
  /** Runs when the controller reports the transaction FAILED or ERROR, with the tree the module produced. */
  postCommitFailed?: ServiceHook
}

/** A `<service>` entry of a services-commit notification, taken apart. */
export interface ServiceRef {
  /** The service name (`ssh-users`), prefix removed. */
  name: string
  /** The key value (`a` of `[instance='a']`), if any. */
  instance: string | undefined
  /** The entry as received. */
  raw: string
}

const REF = /^\s*(?:[\w.-]+:)?([\w.-]+)\s*(?:\[\s*(?:[\w.-]+:)?[\w.-]+\s*=\s*(?:'([^']*)'|"([^"]*)")\s*\])?\s*$/

/**
 * Parses `name[key='instance']` (or a bare `name`). Anything else keeps the whole text as name.
 * @example parseServiceRef("ssh-users[instance='a']") // { name: 'ssh-users', instance: 'a', raw: … }
 */
export function parseServiceRef(text: string): ServiceRef {
  const m = REF.exec(text)
  if (!m) return { name: text.trim(), instance: undefined, raw: text }
  return { name: m[1] as string, instance: m[2] ?? m[3], raw: text }
}

/**
 * Whether a value has the shape of a {@link ServiceModule} (a string `service` and a `setup` function).
 * @example if (isServiceModule(await import(file))) modules.push(mod)
 */
export function isServiceModule(value: unknown): value is ServiceModule {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['service'] === 'string' && v['service'] !== '' && typeof v['setup'] === 'function'
}

/** Options of {@link loadServiceModules}. */
export interface LoadServiceModulesOptions {
  /** Service names (or file names without extension) to leave out, like the Python server's `-e`. */
  exclude?: readonly string[]
  logger?: ServiceLogger
}

const EXTENSIONS = new Set(['.js', '.mjs'])

/**
 * Imports every `.js` / `.mjs` file under `dir` (recursively, in path order), skipping names that
 * contain `#` or `~` (editor backups and locks, as the Python server does) and `node_modules`.
 * A file is a module when it has named exports `service` and `setup` (or a default export of that
 * shape); other files are helpers and are skipped. A file that fails to import is an InputError:
 * a broken service should stop the server at start-up, not fail transactions later.
 *
 * @example const modules = await loadServiceModules('/usr/local/share/controller/modules', { exclude: ['test'] })
 */
export async function loadServiceModules(dir: string, opts: LoadServiceModulesOptions = {}): Promise<ServiceModule[]> {
  const exclude = new Set(opts.exclude ?? [])
  const files = await listModuleFiles(dir)
  const modules: ServiceModule[] = []
  for (const file of files) {
    const stem = basename(file, extname(file))
    if (exclude.has(stem)) {
      opts.logger?.debug(`service module file ${file} excluded`)
      continue
    }
    let ns: Record<string, unknown>
    try {
      ns = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>
    } catch (e) {
      throw new InputError(`cannot load service module ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    }
    const candidate = isServiceModule(ns['default']) ? ns['default'] : ns
    if (!isServiceModule(candidate)) {
      opts.logger?.debug(`${file} exports no service and setup(); not a service module`)
      continue
    }
    if (exclude.has(candidate.service)) {
      opts.logger?.debug(`service module ${candidate.service} (${file}) excluded`)
      continue
    }
    modules.push(pick(candidate))
    opts.logger?.debug(`loaded service module ${candidate.service} from ${file}`)
  }
  return modules
}

/** Copies only the known fields: a module namespace object is frozen and carries other exports. */
function pick(m: ServiceModule): ServiceModule {
  const out: ServiceModule = { service: m.service, setup: m.setup }
  if (typeof m.xpath === 'string') out.xpath = m.xpath
  if (m.namespaces && typeof m.namespaces === 'object') out.namespaces = { ...m.namespaces }
  for (const hook of ['preCommit', 'postCommit', 'postCommitFailed'] as const) if (typeof m[hook] === 'function') out[hook] = m[hook]
  return out
}

async function listModuleFiles(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (e) {
    throw new InputError(`cannot read the service module folder ${dir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
  const out: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.includes('#') || entry.name.includes('~') || entry.name === 'node_modules') continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listModuleFiles(full)))
    else if ((entry.isFile() || entry.isSymbolicLink()) && EXTENSIONS.has(extname(entry.name))) out.push(full)
  }
  return out
}
