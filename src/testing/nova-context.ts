// src/testing/nova-context.ts — what every fake Nova route gets: state, settings, the caller, the microversion, Nova's answers.
import { isObject, novaError, pyRepr } from './nova-http.js'
import type { Microversion } from './nova-microversion.js'
import type { NovaState } from './nova-store.js'
import type { NovaCaller, NovaServer } from './nova-types.js'

/**
 * The fake's settings, shared by all requests.
 * @example const config: NovaConfig = { maxMicroversion: '2.96', buildDelayMs: 200, actionDelayMs: 100, reclaimDelayMs: 0 }
 */
export interface NovaConfig {
  maxMicroversion: string
  buildDelayMs: number
  actionDelayMs: number
  /** `reclaim_instance_interval`: > 0 makes DELETE a soft delete (restore/forceDelete apply). */
  reclaimDelayMs: number
}

/** A link as Nova writes them. */
export interface NovaLink {
  rel: string
  href: string
  type?: string
}

/**
 * One request as a route sees it.
 * @example const server = ctx.server(id); if (server instanceof Response) return server
 */
export interface NovaContext {
  state: NovaState
  config: NovaConfig
  request: Request
  url: URL
  mv: Microversion
  caller: NovaCaller
  /** `${origin}/compute`: links are `${base}/v2.1/…` (self) and `${base}/…` (bookmark). */
  base: string
  /** Nova's fault body. */
  fail(status: number, message?: string): Response
  /** The JSON object body, or Nova's 400 when it is absent, malformed or not an object. */
  body(): Promise<Record<string, unknown> | Response>
  /** The server if it exists, is not deleted and the caller may see it, else Nova's 404. */
  server(id: string): NovaServer | Response
  /** self and bookmark links of a resource. */
  links(collection: string, id: string): NovaLink[]
}

/**
 * Builds the context of one request.
 * @example const ctx = novaContext(state, config, request, mv, caller)
 */
export function novaContext(state: NovaState, config: NovaConfig, request: Request, mv: Microversion, caller: NovaCaller): NovaContext {
  const url = new URL(request.url)
  const base = `${url.origin}/compute`
  return {
    state,
    config,
    request,
    url,
    mv,
    caller,
    base,
    fail: (status, message) => novaError(status, message),
    body: async () => {
      const text = await request.text()
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return novaError(400, 'Malformed request body')
      }
      // the body itself has no path in the schema: Nova answers with jsonschema's bare message
      if (!isObject(parsed)) return novaError(400, `${pyRepr(parsed)} is not of type 'object'`)
      return parsed
    },
    server: (id) => {
      const server = state.servers.get(id)
      if (!server || server.deletedAt !== null || (server.projectId !== caller.projectId && !caller.isAdmin)) {
        return novaError(404, `Instance ${id} could not be found.`)
      }
      return server
    },
    links: (collection, id) => [
      { rel: 'self', href: `${base}/v2.1/${collection}/${id}` },
      { rel: 'bookmark', href: `${base}/${collection}/${id}` },
    ],
  }
}

/**
 * Nova's 409 for an action refused in the server's current state.
 * @example return stateConflict(ctx, 'stop', server, 'vm_state', server.vmState)
 */
export function stateConflict(ctx: NovaContext, action: string, server: NovaServer, attr: 'vm_state' | 'task_state', state: string | null): Response {
  return ctx.fail(409, `Cannot '${action}' instance ${server.id} while it is in ${attr} ${state ?? 'None'}`)
}

/**
 * Nova's check_instance_state: the 409 when the server's vm_state is not one of `vmStates` or its
 * task_state not one of `taskStates` (default: no task), else undefined.
 * @example const refused = checkState(ctx, 'stop', server, ['active', 'error']); if (refused) return refused
 */
export function checkState(ctx: NovaContext, action: string, server: NovaServer, vmStates: readonly string[] | null, taskStates: readonly (string | null)[] | null = [null]): Response | undefined {
  if (vmStates && !vmStates.includes(server.vmState)) return stateConflict(ctx, action, server, 'vm_state', server.vmState)
  if (taskStates && !taskStates.includes(server.taskState)) return stateConflict(ctx, action, server, 'task_state', server.taskState)
  return undefined
}

/**
 * Nova's check_instance_lock: 409 for a locked server unless the caller is an admin.
 * @example const locked = checkLock(ctx, server); if (locked) return locked
 */
export function checkLock(ctx: NovaContext, server: NovaServer): Response | undefined {
  return server.locked && !ctx.caller.isAdmin ? ctx.fail(409, `Instance ${server.id} is locked`) : undefined
}
