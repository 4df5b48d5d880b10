// src/infra/events.ts — what a deployment reports about each node instance as it goes.

/**
 * One step of one instance: `creating` (the handler was called), `ready` (created and healthy),
 * `failed` (create or health check failed), `rolling-back` (its delete starts), `deleted`,
 * `leftover` (its delete failed).
 * @example manager.deploy(def, { onEvent: (e) => console.log(e.type, e.nodeId, e.error ?? '') })
 */
export interface InfraEvent {
  type: 'creating' | 'ready' | 'failed' | 'rolling-back' | 'deleted' | 'leftover'
  infraId: string
  node: string
  nodeId: string
  resourceType: string
  address?: string
  /** The error message of `failed` and `leftover`. */
  error?: string
  /** Milliseconds since the operation started. */
  elapsedMs: number
}
