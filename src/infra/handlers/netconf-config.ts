// src/infra/handlers/netconf-config.ts — `netconf.config`: configuration merged into a NETCONF device, undone from the saved inverse.
import { InputError, isClientError } from '../../core/errors.js'
import type { ConfigNode, ConfigTree } from '../../netconf/config-tree.js'
import type { NetconfSession } from '../../netconf/session.js'
import type { ResourceHandler } from '../handler-types.js'
import { type BuiltinHandlerOptions, Params, badRef, needClient, timing } from './common.js'

const TYPE = 'netconf.config'
const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0'

/** One top-level element of the deployed configuration, as running held it before: its XML, or null when absent. */
export type SavedElement = { name: string; namespace: string | null; xml: string | null }

/** What `netconf.config` keeps: the datastore it edited and the inverse that restores running. */
export type NetconfConfigRef = { target: 'candidate' | 'running'; before: SavedElement[] }

// ConfigTree is loaded on first use: `strato/infra` must not load strato/netconf for deployments without NETCONF.
async function configTree(): Promise<typeof ConfigTree> {
  const m = await import('../../netconf/config-tree.js')
  await m.loadConfigTreeParser()
  return m.ConfigTree
}

/**
 * The `netconf.config` handler. Params: `config` (XML: the content of `<config>`, or a
 * `<config>` element), `target` (`'candidate'`, the default when the server has `:candidate`,
 * or `'running'`), `confirmTimeout` (seconds: commit as a confirmed commit, then confirm it on
 * the same session, so a change that cuts the device off reverts by itself). Under a lock of
 * the target, create reads from running each top-level element the config touches and records
 * that inverse (`ctx.created`) before editing, then merges the config and commits. Delete puts
 * each element back as it was (`replace` with the saved XML, `remove` when it was absent) and
 * commits: running ends as it was before the deployment. Changes others made to those
 * elements since are undone with it.
 * @example resource: { type: 'netconf.config', config: '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>edge-1</hostname></system>' }
 */
export function netconfConfigHandler(opts: BuiltinHandlerOptions = {}): ResourceHandler<NetconfConfigRef> {
  const t = timing(opts)
  return {
    async create(ctx) {
      const p = new Params(TYPE, ctx.params)
      const xml = p.string('config')
      const wanted = p.optString('target')
      if (wanted !== undefined && wanted !== 'candidate' && wanted !== 'running') throw p.wrong('target', "'candidate' or 'running'", wanted)
      const confirmTimeout = p.optInt('confirmTimeout', 1)
      if (confirmTimeout !== undefined && wanted === 'running') throw new InputError(`${TYPE}: params.confirmTimeout needs the candidate target (a confirmed commit)`)
      const tree = await parseConfig(p, xml)
      const elements = topLevel(tree)
      if (elements.length === 0) throw p.wrong('config', 'XML with at least one element to configure', xml)
      const open = needClient(ctx, TYPE, 'netconf')
      const rpc = { signal: ctx.signal }
      const session = await open()
      try {
        const target = targetOf(session, wanted)
        if (confirmTimeout !== undefined && target === 'running') throw new InputError(`${TYPE}: params.confirmTimeout needs the candidate target, which the server does not announce`)
        const ref = await session.withLock(
          target,
          async () => {
            const before: SavedElement[] = []
            for (const el of elements) before.push(await saved(session, el, ctx.signal))
            const ref: NetconfConfigRef = { target, before }
            await ctx.created(ref)
            await apply(session, target, tree, confirmTimeout, rpc)
            return ref
          },
          rpc,
        )
        return { ref }
      } finally {
        await session.close().catch(() => undefined)
      }
    },

    async delete(ref, ctx) {
      const { target, before } = checkRef(ref)
      if (before.length === 0) return
      const ConfigTreeClass = await configTree()
      // `nc:` is declared once, on <config>, rather than on each element of the inverse.
      const inverse = new ConfigTreeClass().declareNamespace('nc', NETCONF_NS)
      for (const b of before) {
        if (b.xml === null) {
          inverse.create(b.name, { namespace: b.namespace ?? undefined }).setOperation('remove')
        } else {
          const [el] = ConfigTreeClass.parse(b.xml, { wrap: 'always' }).children()
          if (!el) throw badRef(TYPE, ref)
          inverse.append(el).setOperation('replace')
        }
      }
      const open = needClient(ctx, TYPE, 'netconf')
      const rpc = { signal: AbortSignal.timeout(t.deleteTimeoutMs) }
      const session = await open()
      try {
        await session.withLock(target, () => apply(session, target, inverse, undefined, rpc), rpc)
      } finally {
        await session.close().catch(() => undefined)
      }
    },
  }
}

async function parseConfig(p: Params, xml: string): Promise<ConfigTree> {
  const ConfigTreeClass = await configTree()
  try {
    return ConfigTreeClass.parse(xml)
  } catch (e) {
    if (isClientError(e)) throw p.wrong('config', `well-formed XML (${e.message})`, xml.length > 80 ? `${xml.slice(0, 80)}…` : xml)
    throw e
  }
}

/** The distinct top-level elements (by name and namespace), in order. */
function topLevel(tree: ConfigTree): ConfigNode[] {
  const seen = new Set<string>()
  return tree.children().filter((el) => {
    const key = `${el.namespace ?? ''} ${el.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function targetOf(session: NetconfSession, wanted: string | undefined): 'candidate' | 'running' {
  const candidate = session.capabilities.has(':candidate')
  if (wanted === 'candidate' && !candidate) throw new InputError(`${TYPE}: params.target is candidate, but the server does not announce :candidate`)
  return wanted === 'running' || !candidate ? 'running' : 'candidate'
}

/** Running's copy of one top-level element, through a subtree filter naming it. */
async function saved(session: NetconfSession, el: ConfigNode, signal: AbortSignal): Promise<SavedElement> {
  const ns = el.namespace
  const filter = ns === undefined ? `<${el.name}/>` : `<${el.name} xmlns="${escapeAttr(ns)}"/>`
  const reply = await session.getConfig({ source: 'running', filter, signal })
  const matches = reply.tree().children().filter((c) => c.name === el.name && c.namespace === ns)
  if (matches.length > 1) {
    throw new InputError(`${TYPE}: running holds ${matches.length} top-level <${el.name}> elements; only single top-level elements can be saved and restored`)
  }
  return { name: el.name, namespace: ns ?? null, xml: matches[0] ? matches[0].toXml() : null }
}

/** edit-config (merge), then on the candidate a commit (confirmed and confirmed again with confirmTimeout); the candidate is discarded when that fails. */
async function apply(session: NetconfSession, target: 'candidate' | 'running', config: ConfigTree, confirmTimeout: number | undefined, rpc: { signal: AbortSignal }): Promise<void> {
  try {
    await session.editConfig({ target, config, ...rpc })
    if (target === 'candidate') {
      if (confirmTimeout !== undefined) await session.commit({ confirmed: true, confirmTimeout, ...rpc })
      await session.commit(rpc)
    }
  } catch (e) {
    if (target === 'candidate' && !session.closed) await session.discardChanges({ timeoutMs: 30_000 }).catch(() => undefined)
    throw e
  }
}

function checkRef(ref: unknown): NetconfConfigRef {
  const r = ref as Partial<NetconfConfigRef> | null
  const ok =
    typeof r === 'object' &&
    r !== null &&
    (r.target === 'candidate' || r.target === 'running') &&
    Array.isArray(r.before) &&
    r.before.every(
      (b) =>
        typeof b === 'object' && b !== null && typeof b.name === 'string' && (b.namespace === null || typeof b.namespace === 'string') && (b.xml === null || typeof b.xml === 'string'),
    )
  if (!ok) throw badRef(TYPE, ref)
  return r as NetconfConfigRef
}

function escapeAttr(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')
}
