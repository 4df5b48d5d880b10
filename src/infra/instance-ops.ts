// src/infra/instance-ops.ts — creating and deleting one node instance: records first, the handler second, the state persisted after each step.
import { abortReason } from '../core/abort.js'
import { AbortError, TimeoutError } from '../core/errors.js'
import type { JsonValue } from './definition-types.js'
import type { Leftover } from './deploy-error.js'
import type { InfraEvent } from './events.js'
import type { InfraClients, ResourceContext, ResourceHandlers } from './handler-types.js'
import type { HealthChecker } from './health.js'
import type { NodePlan } from './plan.js'
import type { StateBook } from './state-book.js'
import type { InstanceRecord } from './store-types.js'
import { renderTemplate, type TemplateContext } from './template.js'

/** What instance operations share within one manager call. */
export interface OpEnv {
  infraId: string
  book: StateBook
  handlers: ResourceHandlers
  clients: InfraClients
  healthCheck: HealthChecker
  /** Time allowed for each delete (rollback runs after an abort, so it has its own limit). */
  deleteTimeoutMs: number
  emit(event: Omit<InfraEvent, 'infraId' | 'elapsedMs'>): void
}

/** The next free instance index of a node (indexes are never reused, so ids stay unique). @example nextIndex(book, 'web') */
export function nextIndex(book: StateBook, node: string): number {
  let next = 0
  for (const r of book.state.instances) if (r.node === node) next = Math.max(next, Number(r.nodeId.slice(node.length + 1)) + 1)
  return next
}

/**
 * Creates one instance of `plan`: records it (`creating`) and persists, renders the templates,
 * calls the handler (whose `ctx.created(ref)` is persisted at once), runs the health check, and
 * records `ready`. On any error the record says `failed` (keeping a ref the handler reported, so
 * the rollback deletes it) and the error is rethrown.
 * @example const record = await createInstance(env, plan, 0, signal)
 */
export async function createInstance(env: OpEnv, plan: NodePlan, index: number, signal: AbortSignal): Promise<InstanceRecord> {
  const { book } = env
  const node = plan.node.name
  const nodeId = `${node}-${index}`
  const resourceType = plan.implementation.resource.type
  const now = new Date().toISOString()
  book.add({ nodeId, node, resourceType, ref: undefined, state: 'creating', createdAt: now, updatedAt: now })
  // Not awaited: until the handler reports a ref there is nothing to clean up, and the next
  // (awaited) flush carries this record anyway. A failed write shows up there.
  book.flush().catch(() => undefined)
  env.emit({ type: 'creating', node, nodeId, resourceType })
  let failed = false
  try {
    if (signal.aborted) throw abortReason(signal, `creating ${nodeId}`)
    const templating = templateContext(env, plan, nodeId)
    const { type: _type, ...rawParams } = plan.implementation.resource
    const params = renderDeep(rawParams, templating) as Record<string, JsonValue>
    const context = plan.implementation.contextualisation?.context_template
    const ctx: ResourceContext = {
      infraId: env.infraId,
      node,
      nodeId,
      index,
      params,
      userData: context === undefined ? undefined : renderTemplate(context, templating),
      variables: plan.node.variables,
      clients: env.clients,
      signal,
      created: async (ref) => {
        const record = book.get(nodeId)
        if (failed && record?.state === 'deleted') {
          // Reported after this create had failed and its rollback had passed it: delete it now.
          book.update(nodeId, { ref, state: 'failed' })
          const leftover = await deleteInstance(env, record)
          if (leftover && book.state.status === 'rolled-back') {
            book.setStatus('failed')
            await book.flush().catch(() => undefined)
          }
          throw new AbortError(`${nodeId} was rolled back before its resource was reported; ${leftover ? `it could not be deleted: ${leftover.error}` : 'it was deleted'}`)
        }
        book.update(nodeId, { ref })
        await book.flush()
      },
    }
    const result = await plan.handler.create(ctx)
    book.update(nodeId, { ref: result.ref, ...(result.address === undefined ? {} : { address: result.address }) })
    // Awaited: a handler need not have called ctx.created, and the ref must be stored before the next step.
    await book.flush()
    const health = plan.implementation.health_check
    if (health) {
      // Health-check URLs are templates too (`{{ip}}`, `{{variables.port}}`…), rendered once the address is known.
      const ip = result.address === undefined ? {} : { ip: result.address }
      const urls = health.urls?.map((u) => renderTemplate(u, { ...templating, ...ip }))
      await env.healthCheck(urls ? { ...health, urls } : health, result.address, signal)
    }
    book.update(nodeId, { state: 'ready' })
    // Not awaited either: the ref is stored already, so a crash now loses nothing a rollback or
    // destroy needs; the caller's final flush reports a failed write.
    book.flush().catch(() => undefined)
    env.emit({ type: 'ready', node, nodeId, resourceType, ...(result.address === undefined ? {} : { address: result.address }) })
    return book.get(nodeId) as InstanceRecord
  } catch (e) {
    failed = true
    const error = (e as Error).message
    book.update(nodeId, { state: 'failed', error })
    await book.flush().catch(() => undefined) // the original error matters more than a failed write
    env.emit({ type: 'failed', node, nodeId, resourceType, error })
    throw e
  }
}

/**
 * Deletes one instance's resource (nothing to do when the handler never reported a ref) with a
 * fresh time limit, whatever signal fired before, and records `deleted` or `leftover`.
 * Resolves with the leftover when the delete failed, never rejects for the handler's sake.
 * @example const leftover = await deleteInstance(env, record)
 */
export async function deleteInstance(env: OpEnv, record: InstanceRecord): Promise<Leftover | undefined> {
  const { book } = env
  const { nodeId, node, resourceType, ref } = record
  if (record.state === 'deleted') return undefined
  if (ref === undefined) {
    book.update(nodeId, { state: 'deleted' })
    await book.flush()
    return undefined
  }
  book.update(nodeId, { state: 'rolling-back' })
  await book.flush()
  env.emit({ type: 'rolling-back', node, nodeId, resourceType })
  const handler = env.handlers[resourceType]
  let error: string | undefined
  if (!handler) error = `no resource handler for "${resourceType}" to delete it with`
  else {
    try {
      await withinTime(handler.delete(ref, deleteContext(env, record, AbortSignal.timeout(env.deleteTimeoutMs))), env.deleteTimeoutMs, `deleting ${nodeId}`)
    } catch (e) {
      error = (e as Error).message
    }
  }
  if (error === undefined) {
    book.update(nodeId, { state: 'deleted' })
    await book.flush()
    env.emit({ type: 'deleted', node, nodeId, resourceType })
    return undefined
  }
  book.update(nodeId, { state: 'leftover', error })
  await book.flush().catch(() => undefined)
  env.emit({ type: 'leftover', node, nodeId, resourceType, error })
  return { nodeId, node, resourceType, ref, error }
}

/** Settles like `promise`, or rejects with a TimeoutError after `ms` when a handler ignores its signal and never settles. */
function withinTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The context of a call on an existing resource: its ref matters; params and user data are not kept. */
export function deleteContext(env: OpEnv, record: InstanceRecord, signal: AbortSignal): ResourceContext {
  return {
    infraId: env.infraId,
    node: record.node,
    nodeId: record.nodeId,
    index: Number(record.nodeId.slice(record.node.length + 1)),
    params: {},
    userData: undefined,
    variables: {},
    clients: env.clients,
    signal,
    created: () => Promise.resolve(),
  }
}

function templateContext(env: OpEnv, plan: NodePlan, nodeId: string): TemplateContext {
  const ready = (node: string): InstanceRecord[] => env.book.state.instances.filter((r) => r.node === node && r.state === 'ready' && r.address !== undefined)
  return {
    infraId: env.infraId,
    nodeId,
    node: plan.node.name,
    variables: plan.node.variables,
    getIp: (node) => ready(node)[0]?.address,
    getPrivIp: (node) => ready(node)[0]?.address,
    getIpAll: (node) => ready(node).map((r) => r.address as string),
  }
}

function renderDeep(value: JsonValue, ctx: TemplateContext): JsonValue {
  if (typeof value === 'string') return value.includes('{{') ? renderTemplate(value, ctx) : value
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx))
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, ctx)]))
  return value
}
