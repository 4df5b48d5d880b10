// src/testing/index.ts — `strato/testing`: a fake cloud to test automation against, in process or over HTTP.
export { createFakeCloud, type FakeCloud, type FakeCloudOptions, type FakeService, type RecordedRequest } from './cloud.js'
export { FakeClock } from './clock.js'
export { FakeKeystone, type FakeUser, type FakeProject, type FakeApplicationCredential, type TokenRecord } from './keystone-state.js'
export { authorize, keystoneError, type FakeCatalogService } from './keystone-routes.js'
export type { FakeCloudServer } from './server.js'
export { FakeSwift, type FakeSwiftOptions } from './swift-service.js'
export { defaultSwiftLimits, type SwiftLimits, type SwiftFeature } from './swift-limits.js'
export { FakeSwiftFaults, type FakeSwiftFault, type FakeSwiftFaultHandle } from './swift-faults.js'
export { FakeTempauth, type TempauthUser, type SwiftPrincipal } from './swift-auth.js'
export { SwiftStore, SwiftAccount, SwiftContainer, type SwiftObject, type SloSegment, type SloEntry } from './swift-store.js'
export { createFakePithos, type FakePithos, type FakePithosOptions } from './pithos-service.js'
export { createFakeNova, type FakeNova, type FakeNovaOptions } from './nova-service.js'
export { FakeNovaFaults, type FakeNovaFault, type FakeNovaFaultHandle } from './nova-faults.js'
export type {
  NovaServer,
  NovaServerStatus,
  NovaVmState,
  NovaFault,
  NovaAddress,
  NovaFlavor,
  NovaImage,
  NovaKeypair,
  NovaServerGroup,
  NovaQuotas,
} from './nova-types.js'
export { createFakeGlance, type FakeGlance, type FakeGlanceOptions } from './glance-service.js'
export { FakeGlanceFaults, type FakeGlanceFault, type FakeGlanceFaultHandle } from './glance-faults.js'
export type { GlanceImage, GlanceTask, GlanceMember, GlanceImageStatus, GlanceVisibility, GlanceMemberStatus } from './glance-store.js'
export { createFakeAutoscale, type FakeAutoscale, type FakeAutoscaleOptions } from './autoscale-service.js'
export { FakeAutoscaleFaults, type FakeAutoscaleFault, type FakeAutoscaleFaultHandle } from './autoscale-faults.js'
export type { FakeAwsCredential } from './autoscale-signing.js'
export type { AutoscaleDialect } from './autoscale-xml.js'
export type { AsLaunchConfiguration, AsGroup, AsInstance, AsLifecycleState, AsPolicy, AsStepAdjustment, AsActivity, AsActivityStatus, AsTag } from './autoscale-types.js'
export { EPU_STATES, type EpuState } from './phantom-epu.js'
export { createFakePhantom, type FakePhantom, type FakePhantomOptions } from './phantom-service.js'
export { FakePhantomFaults, type FakePhantomFault, type FakePhantomFaultHandle } from './phantom-faults.js'
export type { PhantomUser, PhantomSite, PhantomSiteCredentials, PhantomChefCredentials, PhantomCloudParams, PhantomLaunchConfiguration, PhantomDomain, PhantomInstance } from './phantom-types.js'
export { createFakeValence, type FakeValence, type FakeValenceOptions } from './valence-service.js'
export { FakeValenceFaults, type FakeValenceFault, type FakeValenceFaultHandle } from './valence-faults.js'
export { ExpEtherHardware, FREE_GROUP, EESV_DEFAULT_GROUP, type BoardInput, type PciType } from './valence-hardware.js'
export type { ValenceDialect } from './valence-routes.js'
export type { EemBoard, ValenceAuth, ValencePodManager, ValenceNode, ValenceDevice, ValenceFlavor } from './valence-types.js'
export { startFakeNetconfDevice, type FakeNetconfDevice, type FakeNetconfDeviceOptions } from './netconf-device.js'
export { FakeNetconfFaults, type FakeNetconfFault, type FakeNetconfFaultHandle } from './netconf-faults.js'
export { featureCapabilities, moduleCapability, type FakeNetconfFeatures, type FakeYangModule } from './netconf-capabilities.js'
export { TOASTER_MODULE, SYSTEM_MODULE, TOASTER_NS, SYSTEM_NS, DEFAULT_RUNNING } from './netconf-schemas.js'
export { RpcFailure, type FakeRpcError } from './netconf-errors.js'
export type { FakeSchemaHints } from './netconf-edit.js'
export type { DatastoreName } from './netconf-datastore.js'
export type { FakeRpcRecord } from './netconf-session.js'
export type { RpcHandler, RpcCall, RpcResult } from './netconf-context.js'
export { startFakeClixonController, type FakeClixonController, type FakeClixonControllerOptions, type FakeCommitOptions, type FakeTransactionResult } from './clixon-controller.js'
export { mergeConfig, selectXml, DEFAULT_LIST_KEYS } from './clixon-datastore.js'
