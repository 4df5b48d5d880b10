// src/infra/deploy-error.ts — DeployError: a deployment failed or was aborted, and what its rollback did.
import { ClientError, type ClientErrorInit } from '../core/errors.js'
import type { JsonValue } from './definition-types.js'

/** A resource the rollback (or a destroy) could not delete: it is still out there. */
export interface Leftover {
  nodeId: string
  node: string
  resourceType: string
  ref: JsonValue | undefined
  /** Why the delete failed. */
  error: string
}

/** What happened to a deployment that did not finish. */
export interface DeployReport {
  infraId: string
  /** The node whose instance failed first (undefined for an abort between steps). */
  failedNode: string | undefined
  /** The instance id that failed. */
  failedNodeId: string | undefined
  /** Why it failed (the first error's message), or `aborted`. */
  reason: string
  /** Whether the deployment was aborted (signal, Ctrl-C) rather than failed. */
  aborted: boolean
  /** Instance ids whose resources were deleted, in deletion order. */
  rolledBack: string[]
  /** Resources that could not be deleted. Empty after a clean rollback. */
  leftovers: Leftover[]
}

/**
 * A deployment failed or was aborted. Everything it had created was deleted in reverse order;
 * `report.leftovers` lists what could not be (delete those by hand, or run `destroy(infraId)`
 * again). `cause` is the original error; `code` is `aborted`, `rolled-back` or `leftovers`.
 * @example
 * try { await manager.deploy(definition) }
 * catch (e) {
 *   if (e instanceof DeployError) console.error(`${e.report.failedNode}: ${e.report.reason}; left: ${e.report.leftovers.length}`)
 * }
 */
export class DeployError extends ClientError {
  override readonly name = 'DeployError' as const
  readonly report: DeployReport

  constructor(report: DeployReport, init: ClientErrorInit = {}) {
    const where = report.failedNode ? ` at node ${report.failedNode}${report.failedNodeId ? ` (${report.failedNodeId})` : ''}` : ''
    const what = report.aborted ? 'aborted' : 'failed'
    const undo = report.leftovers.length === 0 ? `rolled back ${report.rolledBack.length} resource${report.rolledBack.length === 1 ? '' : 's'}` : `${report.leftovers.length} resource${report.leftovers.length === 1 ? '' : 's'} could not be deleted`
    super(`deployment of ${report.infraId} ${what}${where}: ${report.reason}; ${undo}`, {
      code: report.leftovers.length > 0 ? 'leftovers' : report.aborted ? 'aborted' : 'rolled-back',
      details: report.leftovers.map((l) => `left behind: ${l.nodeId} (${l.resourceType} ${JSON.stringify(l.ref)}): ${l.error}`),
      ...init,
    })
    this.report = report
  }
}
