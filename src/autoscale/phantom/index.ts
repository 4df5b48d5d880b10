// src/autoscale/phantom/index.ts — the public surface of the Phantom REST client, re-exported by `strato/autoscale`.
export { PhantomClient, type PhantomClientOptions, type PhantomConnectOptions, type PhantomCallOptions } from './client.js'
export { PhantomConflictError, phantomErrorFromResponse, type PhantomConflictInit } from './errors.js'
export { phantomLogin, type PhantomToken } from './login.js'
export { EPU_STATES, epuStateNumber, isEpuRunning, isEpuFailed } from './states.js'
export type {
  PhantomSite,
  PhantomSiteCredentials,
  PhantomChefCredentials,
  PhantomCloudParams,
  PhantomLaunchConfiguration,
  PhantomInstance,
  PhantomSensor,
} from './schemas.js'
export type { PhantomDomain, PhantomMulticloudDomain, PhantomSensorDomain, PhantomOtherDomain } from './domain-schemas.js'
export type {
  PhantomSiteCredentialsInput,
  PhantomChefCredentialsInput,
  PhantomCloudParamsInput,
  PhantomLaunchConfigurationInput,
} from './inputs.js'
export type { PhantomDomainInput, PhantomMulticloudDomainInput, PhantomSensorDomainInput } from './domain-inputs.js'
export type { PhantomSitesApi, PhantomSiteOptions } from './sites.js'
export type { PhantomCredentialsApi, PhantomSiteCredentialsApi, PhantomChefCredentialsApi, PhantomSiteCredentialsOptions } from './credentials.js'
export type { PhantomLaunchConfigurationsApi, PhantomLaunchConfigurationListOptions } from './launch-configurations.js'
export type { PhantomDomainsApi } from './domains.js'
export type { PhantomInstancesApi, PhantomTerminateOptions } from './instances.js'
export type { PhantomSensorsApi } from './sensors.js'
