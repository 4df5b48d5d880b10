// src/eem/attach.ts — the checks made before an attach: the device must be free, in ExpEther's free group, on the node's pod manager.
import { z } from 'zod'
import { path } from '../core/path.js'
import type { CallOptions } from '../core/options.js'
import type { EemCalls } from './client.js'
import { DeviceUnavailableError } from './errors.js'
import { unwrapList } from './lists.js'
import { DeviceSchema, EXPETHER_FREE_GROUP, NodeSchema, type Device, type EemNode } from './schemas.js'

/**
 * Reads the device (and the node when the answer depends on it) and throws a
 * DeviceUnavailableError when Valence's ExpEther driver would refuse the attach. Valence sets a
 * device's `node_id` to the node's `index` (the EESV id), so both the node's uuid and its index
 * count as "this node".
 * @example await checkAttachable(calls, nodeId, deviceId, { signal })
 */
export async function checkAttachable(calls: EemCalls, nodeId: string, deviceId: string, opts: CallOptions): Promise<void> {
  const device = (await calls.json('GET', path`/devices/${deviceId}`, DeviceSchema, opts)) as Device
  let node: EemNode | undefined
  const getNode = async (): Promise<EemNode> => (node ??= (await calls.json('GET', path`/nodes/${nodeId}`, NodeSchema, opts)) as EemNode)
  const facts = [
    `state: ${String(device.state)}`,
    `node_id: ${String(device.node_id)}`,
    `pooled_group_id: ${String(device.pooled_group_id)}`,
    `podm_id: ${String(device.podm_id)}`,
  ]
  let holder: EemNode | undefined
  const refuse = (code: ConstructorParameters<typeof DeviceUnavailableError>[1]['code'], why: string): never => {
    throw new DeviceUnavailableError(`cannot attach device ${deviceId} to node ${nodeId}: ${why}`, {
      code,
      deviceId,
      ...(holder?.uuid ? { nodeId: holder.uuid } : {}),
      ...(device.node_id !== null ? { nodeIndex: device.node_id } : {}),
      details: facts,
    })
  }
  if (device.node_id !== null) {
    const n = await getNode()
    if (device.node_id === n.uuid || (n.index !== undefined && n.index !== null && device.node_id === String(n.index))) {
      holder = n
      refuse('DeviceAlreadyAttached', 'it is already attached to this node')
    }
    // node_id is the holding node's index: find that node, so the error can name it by uuid.
    holder = (await calls.json('GET', '/nodes', z.array(NodeSchema), { ...opts, query: { index: device.node_id } }, (b) => unwrapList(b, 'nodes')).catch(() => []) as EemNode[])[0]
    const who = holder?.uuid ? `node ${holder.uuid}${holder.name ? ` (${holder.name})` : ''}` : `the node with index ${device.node_id}`
    refuse('DeviceAllocated', `it is allocated to ${who}; detach it there first`)
  }
  if (device.state !== 'free') refuse('DeviceNotFree', `its state is '${String(device.state)}', not 'free'`)
  if (device.pooled_group_id !== null && String(device.pooled_group_id) !== EXPETHER_FREE_GROUP) {
    refuse(
      'DeviceNotInFreePool',
      `it is in pooled group ${String(device.pooled_group_id)}, not the free group ${EXPETHER_FREE_GROUP} (changed outside Valence? devices.sync() updates it)`,
    )
  }
  const n = await getNode()
  if (device.podm_id && n.podm_id && device.podm_id !== n.podm_id) {
    refuse('PodManagerMismatch', `the device belongs to pod manager ${device.podm_id}, the node to ${n.podm_id}`)
  }
}
