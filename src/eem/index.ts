// src/eem/index.ts — `strato/eem`: composable hardware through OpenStack Valence API v1 and its ExpEther (EEM) driver.
export { EemClient, type EemClientOptions, type EemCallOptions } from './client.js'
export { PodManagersApi, type PodManagerCallOptions } from './pod-managers.js'
export { NodesApi, type AttachOptions } from './nodes.js'
export { DevicesApi } from './devices.js'
// Flavors are aliased: compute has its own Flavor and FlavorsApi in the root `strato` export.
export { FlavorsApi as EemFlavorsApi } from './flavors.js'
export { SystemsApi, RacksApi, PodResourcesApi } from './systems.js'
export { DeviceUnavailableError, type DeviceUnavailableReason } from './errors.js'
export { PasswordScrubber } from './secrets.js'
export {
  RESET_TYPES,
  type PodManagerAuth,
  type PodManagerCreate,
  type PodManagerUpdate,
  type NodeCompose,
  type NodeManage,
  type NodeFilters,
  type DeviceFilters,
  type BootOptions,
  type ResetType,
  type FlavorCreate as EemFlavorCreate,
  type FlavorUpdate as EemFlavorUpdate,
} from './inputs.js'
export {
  EXPETHER_FREE_GROUP,
  EXPETHER_DEFAULT_EESV_GROUP,
  POD_MANAGER_DRIVERS,
  type PodManagerDriver,
  type PodManager,
  type EemNode,
  type Device,
  type DeviceState,
  type Flavor as EemFlavor,
  type NodeProperties,
  type SyncResult,
  type EemResource,
} from './schemas.js'
export { DeviceWatcher, waitForDevice, type WaitForDeviceOptions } from './watcher.js'
export type { DeviceWatcherOptions } from './watcher-options.js'
export type { WatchedDevice, DeviceSource, FieldChange, DeviceChange, DeviceBatch, WatcherStopInfo, WatchErrorInfo, DeviceWatcherEvents } from './watcher-types.js'
export type { DeviceStateMatch, DeviceWaitOptions } from './watcher-wait.js'
export { deviceSource, type EemWatchOptions, type EemWaitForDeviceOptions } from './watch.js'
export { diffDevices, DEFAULT_WATCHED_FIELDS } from './watcher-diff.js'
