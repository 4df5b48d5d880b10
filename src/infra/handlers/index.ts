// src/infra/handlers/index.ts — the resource handlers strato brings: compute, storage, image, autoscale, EEM and NETCONF.
import type { ResourceHandlers } from '../handler-types.js'
import { autoscaleGroupHandler } from './autoscale-group.js'
import type { BuiltinHandlerOptions } from './common.js'
import { computeServerHandler } from './compute-server.js'
import { eemNodeHandler } from './eem-node.js'
import { imageImageHandler } from './image-image.js'
import { netconfConfigHandler } from './netconf-config.js'
import { storageContainerHandler } from './storage-container.js'

export type { BuiltinHandlerOptions } from './common.js'
export { computeServerHandler, firstIpv4, type ComputeServerRef } from './compute-server.js'
export { storageContainerHandler, type StorageContainerRef } from './storage-container.js'
export { imageImageHandler, type ImageImageRef } from './image-image.js'
export { autoscaleGroupHandler, type AutoscaleGroupRef } from './autoscale-group.js'
export { eemNodeHandler, type EemNodeRef } from './eem-node.js'
export { netconfConfigHandler, type NetconfConfigRef, type SavedElement } from './netconf-config.js'

/**
 * The built-in handlers by resource type: `compute.server`, `storage.container`, `image.image`,
 * `autoscale.group`, `eem.node` and `netconf.config`. Each uses only the client it names in
 * `InfraClients` (InputError `compute.server needs clients.compute` without it); service code
 * is reached through those clients, never imported here.
 * @example new InfraManager({ store, clients, handlers: { ...builtinHandlers({ pollIntervalMs: 1000 }), 'my.queue': queue } })
 */
export function builtinHandlers(opts: BuiltinHandlerOptions = {}): ResourceHandlers {
  return {
    'compute.server': computeServerHandler(opts),
    'storage.container': storageContainerHandler(opts),
    'image.image': imageImageHandler(opts),
    'autoscale.group': autoscaleGroupHandler(opts),
    'eem.node': eemNodeHandler(opts),
    'netconf.config': netconfConfigHandler(opts),
  }
}
