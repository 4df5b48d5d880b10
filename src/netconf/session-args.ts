// src/netconf/session-args.ts — NetconfSession's arguments checked and written as RPC XML: datastores, filters, edit-config, commit.
import { InputError } from '../core/errors.js'
import type { ConfigNode } from './config-tree-node.js'
import { NETCONF_BASE_NS, isNcName } from './config-tree-text.js'
import { escapeXml, readStartTag } from './messages.js'

/**
 * A datastore: `running`, `candidate`, `startup`, a `{ url }` (the `:url` capability), or
 * `{ xml }`, a raw element for server-specific datastores such as Clixon's
 * `<actions xmlns="http://clicon.org/controller"/>`.
 */
export type Datastore = 'running' | 'candidate' | 'startup' | { url: string } | { xml: string }

/**
 * A filter: a subtree XML string (or `{ subtree }`), or `{ xpath, namespaces }` (the `:xpath`
 * capability) where `namespaces` maps the prefixes the expression uses to their URIs.
 */
export type NetconfFilter = string | { subtree: string } | { xpath: string; namespaces?: Record<string, string> }

/** RFC 6243 with-defaults retrieval modes. */
export type WithDefaults = 'report-all' | 'report-all-tagged' | 'trim' | 'explicit'

/** Configuration for edit-config, copy-config or validate: a ConfigTree/ConfigNode, or XML (a `<config>` element or its content). */
export type ConfigInput = ConfigNode | string

export const WITH_DEFAULTS_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults'
const WITH_DEFAULTS: readonly string[] = ['report-all', 'report-all-tagged', 'trim', 'explicit']

/**
 * The element naming a datastore inside `<source>`/`<target>`.
 * @example datastoreXml('candidate') // '<candidate/>'
 */
export function datastoreXml(ds: Datastore, role: string): string {
  if (ds === 'running' || ds === 'candidate' || ds === 'startup') return `<${ds}/>`
  if (typeof ds === 'object' && ds !== null) {
    if ('url' in ds && typeof ds.url === 'string' && ds.url !== '') return `<url>${escapeXml(ds.url)}</url>`
    if ('xml' in ds && typeof ds.xml === 'string' && readStartTag(ds.xml)) return ds.xml.trim()
  }
  throw new InputError(`${role} must be 'running', 'candidate', 'startup', { url } or { xml }; got ${JSON.stringify(ds)}`)
}

/** The name a datastore is known by in capability checks and messages. @example datastoreName({ url: 'file:///x' }) // 'url' */
export function datastoreName(ds: Datastore): string {
  return typeof ds === 'string' ? ds : 'url' in ds ? 'url' : 'custom'
}

/**
 * The `<filter>` element for get/get-config/create-subscription ('' for none).
 * @example filterXml({ xpath: '/sys:system', namespaces: { sys: 'urn:ietf:params:xml:ns:yang:ietf-system' } })
 */
export function filterXml(filter: NetconfFilter | undefined): string {
  if (filter === undefined) return ''
  if (typeof filter === 'string' || (typeof filter === 'object' && filter !== null && 'subtree' in filter)) {
    const subtree = typeof filter === 'string' ? filter : filter.subtree
    if (typeof subtree !== 'string' || subtree.trim() === '') throw new InputError('a subtree filter must be non-empty XML')
    if (!readStartTag(subtree)) throw new InputError('a subtree filter must start with an element', { details: [subtree.slice(0, 200)] })
    return `<filter type="subtree">${subtree}</filter>`
  }
  if (typeof filter === 'object' && filter !== null && typeof filter.xpath === 'string' && filter.xpath.trim() !== '') {
    let decls = ''
    for (const [prefix, uri] of Object.entries(filter.namespaces ?? {})) {
      if (!isNcName(prefix) || prefix.toLowerCase().startsWith('xml')) throw new InputError(`"${prefix}" cannot be an XML namespace prefix`)
      if (typeof uri !== 'string' || uri === '') throw new InputError(`the namespace of prefix "${prefix}" must be a non-empty URI`)
      decls += ` xmlns:${prefix}="${escapeXml(uri)}"`
    }
    return `<filter type="xpath" select="${escapeXml(filter.xpath)}"${decls}/>`
  }
  throw new InputError('a filter is subtree XML, { subtree } or { xpath, namespaces }')
}

/** `<with-defaults>` for get/get-config, or ''. @example withDefaultsXml('report-all') */
export function withDefaultsXml(mode: WithDefaults | undefined): string {
  if (mode === undefined) return ''
  if (!WITH_DEFAULTS.includes(mode)) throw new InputError(`withDefaults must be one of ${WITH_DEFAULTS.join(', ')}; got ${JSON.stringify(mode)}`)
  return `<with-defaults xmlns="${WITH_DEFAULTS_NS}">${mode}</with-defaults>`
}

/**
 * A `<config>` element from a tree or XML. A string or tree whose root is `<config>` in the
 * NETCONF base namespace (or with no namespace of its own) is taken as the whole element;
 * anything else is content and gets wrapped.
 * @example configXml('<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"/>') // '<config><system …/></config>'
 */
export function configXml(config: ConfigInput, role = 'config'): string {
  if (typeof config === 'string') {
    const root = readStartTag(config)
    if (!root) throw new InputError(`${role} must be XML that starts with an element`, { details: [config.slice(0, 200)] })
    const ns = root.attributes[root.prefix ? `xmlns:${root.prefix}` : 'xmlns']
    if (root.name === 'config' && (ns === undefined || ns === NETCONF_BASE_NS)) return config.trim()
    return `<config>${config}</config>`
  }
  if (typeof config !== 'object' || config === null || typeof config.toXml !== 'function') throw new InputError(`${role} must be a ConfigTree or an XML string`)
  // As for a string: a `<config>` without a namespace of its own is in the base namespace inside `<rpc>`.
  if (config.name === 'config' && (config.namespace === undefined || config.namespace === NETCONF_BASE_NS)) return config.toXml()
  return `<config>${config.toXml()}</config>`
}

/** Options of edit-config. */
export interface EditConfigOptions {
  /** Default 'candidate' when the server has `:candidate`, else 'running'. */
  target?: Datastore
  config: ConfigInput
  /** How elements without an `operation` attribute are applied. Server default: merge. */
  defaultOperation?: 'merge' | 'replace' | 'none'
  /** Needs `:validate`. */
  testOption?: 'test-then-set' | 'set' | 'test-only'
  /** `rollback-on-error` needs `:rollback-on-error`. */
  errorOption?: 'stop-on-error' | 'continue-on-error' | 'rollback-on-error'
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], what: string): string {
  if (value === undefined) return ''
  if (!allowed.includes(value)) throw new InputError(`${what} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`)
  return `<${what}>${value}</${what}>`
}

/** The `<edit-config>` operation (target given separately, already resolved). @example editConfigXml({ config }, 'candidate') */
export function editConfigXml(opts: EditConfigOptions, target: Datastore): string {
  const options =
    oneOf(opts.defaultOperation, ['merge', 'replace', 'none'], 'default-operation') +
    oneOf(opts.testOption, ['test-then-set', 'set', 'test-only'], 'test-option') +
    oneOf(opts.errorOption, ['stop-on-error', 'continue-on-error', 'rollback-on-error'], 'error-option')
  return `<edit-config><target>${datastoreXml(target, 'target')}</target>${options}${configXml(opts.config)}</edit-config>`
}

/** Options of commit. */
export interface CommitOptions {
  /** A confirmed commit (`:confirmed-commit`): reverted unless confirmed within `confirmTimeout`. */
  confirmed?: boolean
  /** Seconds before an unconfirmed commit is reverted (server default 600). Needs `confirmed`. */
  confirmTimeout?: number
  /** Makes the confirmed commit survive this session; confirm later with `persistId` (`:confirmed-commit:1.1`). */
  persist?: string
  /** Confirms (or extends, with `confirmed`) a persistent confirmed commit (`:confirmed-commit:1.1`). */
  persistId?: string
}

/** The `<commit>` operation. @example commitXml({ confirmed: true, confirmTimeout: 60 }) */
export function commitXml(opts: CommitOptions): string {
  let body = ''
  if (opts.confirmed) body += '<confirmed/>'
  if (opts.confirmTimeout !== undefined) {
    if (!opts.confirmed) throw new InputError('confirmTimeout needs confirmed: true')
    if (!Number.isInteger(opts.confirmTimeout) || opts.confirmTimeout < 1 || opts.confirmTimeout > 4294967295) throw new InputError(`confirmTimeout must be a whole number of seconds ≥ 1; got ${opts.confirmTimeout}`)
    body += `<confirm-timeout>${opts.confirmTimeout}</confirm-timeout>`
  }
  if (opts.persist !== undefined) {
    if (!opts.confirmed) throw new InputError('persist needs confirmed: true')
    body += `<persist>${nonEmpty(opts.persist, 'persist')}</persist>`
  }
  if (opts.persistId !== undefined) body += `<persist-id>${nonEmpty(opts.persistId, 'persistId')}</persist-id>`
  return body === '' ? '<commit/>' : `<commit>${body}</commit>`
}

/** Escaped text of a required non-empty string option. @example nonEmpty('abc', 'persist') */
export function nonEmpty(value: string, what: string): string {
  if (typeof value !== 'string' || value === '') throw new InputError(`${what} must be a non-empty string`)
  return escapeXml(value)
}
