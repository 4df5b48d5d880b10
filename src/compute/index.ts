// src/compute/index.ts — `strato/compute`: OpenStack Compute (Nova) API v2.1 with microversions.
export { ComputeClient, versionDocumentUrl, type ComputeClientOptions, type NegotiateOptions } from './client.js'
export { ServersApi, type ServerUpdate } from './servers.js'
export { ServerActions, CONSOLE_TYPES, type ServerRebuild } from './server-actions.js'
export { ServerMetadataApi, ServerTagsApi } from './server-meta.js'
export { FlavorsApi, FLAVOR_SORT_KEYS, type FlavorListFilters } from './flavors.js'
export { KeypairsApi, type KeypairCreate, type KeypairImport, type KeypairListOptions, type KeypairCallOptions } from './keypairs.js'
export { ServerGroupsApi, type ServerGroupCreate, type ServerGroupListOptions } from './server-groups.js'
export type { AvailabilityZoneOptions } from './misc.js'
export type { ComputeCallOptions } from './read.js'
export { MAX_USER_DATA, encodeUserData, type ServerCreate, type NetworkRequest, type BlockDeviceMapping, type SchedulerHints } from './server-create.js'
export { SERVER_SORT_KEYS, type ServerListFilters, type ServerSortKey } from './server-filters.js'
export type { WaitForServerOptions } from './server-wait.js'
export { ServerFaultError, MicroversionError, computeError, type ServerFault } from './errors.js'
export {
  BASE_MICROVERSION,
  SDK_MAX_MICROVERSION,
  parseMicroversion,
  compareMicroversions,
  chooseMicroversion,
  rangeFromDocument,
  type MicroversionRange,
} from './microversion.js'
export { MICROVERSION_FEATURES, supports, requireFeature, type ComputeFeature, type MicroversionFeature, type FeatureGate } from './features.js'
export {
  SERVER_STATUSES,
  type Server,
  type ServerStatus,
  type ServerAddress,
  type ServerAddresses,
  type ServerFlavor,
  type CreatedServer,
  type ServerReservation,
  type Link,
} from './schemas.js'
export type {
  Flavor,
  Keypair,
  ServerGroup,
  ServerGroupPolicy,
  ComputeLimits,
  AvailabilityZone,
  RemoteConsole,
  ConsoleProtocol,
} from './resource-schemas.js'
