// src/eem/errors.ts — the refusal of an attach that Valence would reject: the device is not free for this node.
import { ConflictError } from '../core/errors.js'

/** Why a device cannot be attached. */
export type DeviceUnavailableReason = 'DeviceAllocated' | 'DeviceAlreadyAttached' | 'DeviceNotFree' | 'DeviceNotInFreePool' | 'PodManagerMismatch'

/**
 * `nodes.attach()` looked at the device (and the node) first and found it cannot be attached:
 * allocated to a node (`code` `DeviceAllocated`, or `DeviceAlreadyAttached` for this node), in
 * another state than `free` (`DeviceNotFree`), outside ExpEther's free group 4093
 * (`DeviceNotInFreePool`), or on another pod manager than the node (`PodManagerMismatch`).
 * It is a ConflictError (the arguments are fine; the current state conflicts, and may change
 * after a detach or a sync) with `status` 0, since no attach was sent. `details` lists the
 * device's `state`, `node_id`, `pooled_group_id` and `podm_id`.
 * @example
 * try { await eem.nodes.attach(nodeId, deviceId) }
 * catch (e) { if (e instanceof DeviceUnavailableError && e.code === 'DeviceAllocated' && e.nodeId) await eem.nodes.detach(e.nodeId, deviceId) }
 */
export class DeviceUnavailableError extends ConflictError {
  override readonly name = 'DeviceUnavailableError' as const
  /** The device asked for. */
  readonly deviceId: string
  /** The uuid of the node the device is attached to, when Valence knows that node (ready for `nodes.detach()`). */
  readonly nodeId: string | undefined
  /** The device's `node_id` as Valence reports it: the holding node's `index` (its EESV id), not its uuid. */
  readonly nodeIndex: string | undefined

  constructor(message: string, init: { code: DeviceUnavailableReason; deviceId: string; nodeId?: string | undefined; nodeIndex?: string | undefined; details: string[] }) {
    super(message, { code: init.code, details: init.details })
    this.deviceId = init.deviceId
    this.nodeId = init.nodeId
    this.nodeIndex = init.nodeIndex
  }
}
