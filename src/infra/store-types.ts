// src/infra/store-types.ts — the contract every infrastructure store keeps (FileStore, RedisStore, yours).
import type { JsonValue, NodeImplementation } from './definition-types.js'

/** Where a node instance is in its life. */
export type InstanceState = 'creating' | 'ready' | 'failed' | 'rolling-back' | 'deleted' | 'leftover'

/** One created resource: enough to delete it again, even from another process. */
export interface InstanceRecord {
  /** strato's id of the instance (`<node>-<k>` style, unique in the infra). */
  nodeId: string
  /** The node name in the description. */
  node: string
  /** The resource handler type that made it. */
  resourceType: string
  /** What the handler returned from `create()`: the handle `delete()` gets back. */
  ref: JsonValue | undefined
  state: InstanceState
  /** The node's address, when the handler knows one. */
  address?: string
  /** Why it failed, or why it could not be deleted. */
  error?: string
  /** ISO timestamps. */
  createdAt: string
  updatedAt: string
}

/** The state of a whole infrastructure. */
export interface InfraState {
  infraId: string
  infraName: string
  status: 'deploying' | 'ready' | 'failed' | 'rolling-back' | 'rolled-back' | 'destroying' | 'destroyed'
  /** Instances in creation order (rollback deletes in reverse). */
  instances: InstanceRecord[]
  /** Target instance count per node (scaling). */
  targets: Record<string, number>
  createdAt: string
  updatedAt: string
  /** Set when a deployment failed: which node, and why. */
  failure?: { node: string; message: string }
}

/**
 * Options of {@link InfraStore.withLock}.
 * @example
 * await store.withLock(id, fn, { waitMs: 2_000, ttlMs: 15_000, signal: AbortSignal.timeout(5_000) })
 */
export interface LockOptions {
  /** How long to wait for a lock someone else holds (default 10 000 ms); 0 tries once. */
  waitMs?: number
  /** How long the lock outlives a holder that stops refreshing it, i.e. crashed (default 30 000 ms, at least 10). */
  ttlMs?: number
  /** Aborts the wait (not `fn`, which has started by then): the call rejects with an AbortError. */
  signal?: AbortSignal
}

/**
 * An infrastructure store. Values are JSON. Every write is whole and atomic: a reader never sees
 * half a state. `withLock(infraId, fn)` runs `fn` while no other process (or host, for Redis)
 * holds that infra's lock; a lock left by a crashed holder expires after `ttlMs`.
 * Key layout (RedisStore, as OCCO's): `infra:<id>:description`, `infra:<id>:state`,
 * `infra:<id>:scaling`, `node_def:<type>`.
 * @example
 * await store.withLock(infraId, async () => {
 *   const state = await store.getState(infraId)
 *   await store.putState(infraId, { ...state!, status: 'ready' })
 * })
 */
export interface InfraStore {
  putDescription(infraId: string, description: JsonValue): Promise<void>
  getDescription(infraId: string): Promise<JsonValue | undefined>
  putState(infraId: string, state: InfraState): Promise<void>
  getState(infraId: string): Promise<InfraState | undefined>
  /** Per-node target counts (OCCO `infra:<id>:scaling`). */
  putScaling(infraId: string, scaling: Record<string, number>): Promise<void>
  getScaling(infraId: string): Promise<Record<string, number> | undefined>
  /** Every infra id that has a description or a state. */
  listInfras(): Promise<string[]>
  /** Removes description, state and scaling of an infra. */
  deleteInfra(infraId: string): Promise<void>
  putNodeDefinition(type: string, implementations: NodeImplementation[]): Promise<void>
  getNodeDefinition(type: string): Promise<NodeImplementation[] | undefined>
  listNodeDefinitions(): Promise<string[]>
  /**
   * Runs `fn` holding the infra's lock; waits (polling with backoff) up to `waitMs` for it, then
   * a ConflictError; an AbortError when `signal` fires while waiting. The expiry is refreshed
   * while `fn` runs; `fn`'s signal fires when the lock was lost all the same (a refresh came too
   * late), and withLock then rejects with a ConflictError even if `fn` resolved. Not reentrant:
   * a nested withLock on the same infra from inside `fn` rejects at once with a ConflictError.
   */
  withLock<T>(infraId: string, fn: (signal: AbortSignal) => Promise<T>, opts?: LockOptions): Promise<T>
  /** Releases connections (RedisStore); the FileStore has none. */
  close(): Promise<void>
}
