// src/infra/handler-types.ts — the one small interface every resource handler implements, and what it is given.
import type { AutoscaleClient } from '../autoscale/index.js'
import type { ComputeClient } from '../compute/index.js'
import type { EemClient } from '../eem/index.js'
import type { ImageClient } from '../image/index.js'
import type { NetconfSession } from '../netconf/index.js'
import type { StorageClient } from '../storage/index.js'
import type { JsonValue, Variables } from './definition-types.js'

/**
 * The clients handlers use, given once to the InfraManager. Only types are imported here: a
 * deployment that never touches images does not load strato/image. `netconf` opens a session
 * for one step; the handler closes it.
 * @example const clients: InfraClients = { compute, storage, netconf: () => NetconfClient.connect(opts) }
 */
export interface InfraClients {
  compute?: ComputeClient
  storage?: StorageClient
  image?: ImageClient
  autoscale?: AutoscaleClient
  eem?: EemClient
  netconf?: () => Promise<NetconfSession>
}

/** Everything a handler call knows about the instance it works on. */
export interface ResourceContext {
  infraId: string
  /** The node name in the description. */
  node: string
  /** The instance id: `<node>-<k>`, unique within the infra, safe in resource names. */
  nodeId: string
  /** k: 0 for a node's first instance. */
  index: number
  /** The implementation's `resource` entries except `type`, with `{{…}}` templates rendered. */
  params: Record<string, JsonValue>
  /** Rendered cloud-init user data of the implementation's contextualisation, if any. */
  userData: string | undefined
  /** The node's variables (description's merged under the node's). */
  variables: Variables
  clients: InfraClients
  /** Fires when the deployment is aborted or a sibling failed: stop and throw. Rollback calls get a fresh signal. */
  signal: AbortSignal
  /**
   * Record the resource's handle as soon as it exists — before waiting for it to become ready —
   * so that a failure or an abort after this point still deletes it. Persisted at once.
   */
  created(ref: JsonValue): Promise<void>
}

/** What `create` returns: the handle `delete` will get, and the address when there is one. */
export interface CreatedResource<Ref extends JsonValue = JsonValue> {
  ref: Ref
  address?: string
}

/** What `status` says about a resource (used by `maintain`). */
export type ResourceStatus = 'ready' | 'pending' | 'failed' | 'gone'

/**
 * A resource handler: `create` builds one instance (calling `ctx.created(ref)` as soon as the
 * resource exists), `delete` removes it again (and must succeed when it is already gone), and the
 * optional `status` and `address` look at it later. Register your own in `new InfraManager({ handlers })`
 * under the `resource.type` node definitions name.
 * @example
 * const queue: ResourceHandler<{ url: string }> = {
 *   async create(ctx) {
 *     const url = await myApi.createQueue(`${ctx.infraId}-${ctx.nodeId}`, { signal: ctx.signal })
 *     await ctx.created({ url })
 *     return { ref: { url } }
 *   },
 *   delete: (ref) => myApi.deleteQueue(ref.url),
 * }
 */
export interface ResourceHandler<Ref extends JsonValue = JsonValue> {
  create(ctx: ResourceContext): Promise<CreatedResource<Ref>>
  delete(ref: Ref, ctx: ResourceContext): Promise<void>
  status?(ref: Ref, ctx: ResourceContext): Promise<ResourceStatus>
  address?(ref: Ref, ctx: ResourceContext): Promise<string | undefined>
}

/** Handlers by resource type (`compute.server`, `storage.container`, …). */
export type ResourceHandlers = Record<string, ResourceHandler>
