// test/infra/support/context.ts — a ResourceContext made by hand, recording every ref the handler reports, with an abort that fires right after created().
import type { JsonValue } from '../../../src/infra/definition-types.js'
import type { InfraClients, ResourceContext } from '../../../src/infra/handler-types.js'
import { builtinHandlers } from '../../../src/infra/handlers/index.js'

export const INFRA_ID = '4f9c2d1e-77aa-4b3c-9e10-2a6f5d8c0b11'

/** Fast polls for the fake cloud: what every handler test uses. */
export const handlers = builtinHandlers({ pollIntervalMs: 10, maxPollIntervalMs: 40, readyTimeoutMs: 10_000, deleteTimeoutMs: 10_000 })

/** A context and what happened to it. */
export interface TestContext {
  ctx: ResourceContext
  /** Every ref given to `ctx.created()`, in order. */
  refs: JsonValue[]
  /** The last of them (what a rollback would delete). */
  lastRef(): JsonValue | undefined
  controller: AbortController
}

export interface ContextOptions {
  params?: Record<string, JsonValue>
  clients?: InfraClients
  userData?: string
  node?: string
  index?: number
  /** Abort `controller` once the n-th `created()` has been persisted (1 = the first). */
  abortAfterCreated?: number
  /** Called inside `created()` with the ref, before it counts as persisted (to look at the fake meanwhile). */
  onCreated?: (ref: JsonValue, n: number) => void | Promise<void>
}

/**
 * A ResourceContext as the InfraManager builds one: `nodeId` `<node>-<index>`, a fresh
 * controller for `signal`, and `created()` recording the refs.
 * @example const { ctx, refs } = context({ params: { flavorRef: '1' }, clients: { compute } })
 */
export function context(opts: ContextOptions = {}): TestContext {
  const node = opts.node ?? 'web'
  const index = opts.index ?? 0
  const controller = new AbortController()
  const refs: JsonValue[] = []
  const ctx: ResourceContext = {
    infraId: INFRA_ID,
    node,
    nodeId: `${node}-${index}`,
    index,
    params: opts.params ?? {},
    userData: opts.userData,
    variables: {},
    clients: opts.clients ?? {},
    signal: controller.signal,
    created: async (ref) => {
      refs.push(structuredClone(ref))
      await opts.onCreated?.(ref, refs.length)
      if (opts.abortAfterCreated === refs.length) controller.abort(new Error('deployment aborted by the test'))
    },
  }
  return { ctx, refs, lastRef: () => refs.at(-1), controller }
}

/**
 * The context a rollback gets: no params, the clients, and a signal that already fired (handlers
 * must not use it for delete).
 */
export function deleteContext(clients: InfraClients, node = 'web', index = 0): ResourceContext {
  const { ctx, controller } = context({ clients, node, index })
  controller.abort(new Error('the deployment was aborted before the rollback'))
  return ctx
}

/** What a promise rejected with (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; status?: number }> {
  try {
    await p
  } catch (e) {
    return e as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}
