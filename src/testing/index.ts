// src/testing/index.ts — `strato/testing`: a fake cloud to test automation against, in process or over HTTP.
export { createFakeCloud, type FakeCloud, type FakeCloudOptions, type FakeService, type RecordedRequest } from './cloud.js'
export { FakeClock } from './clock.js'
export { FakeKeystone, type FakeUser, type FakeProject, type FakeApplicationCredential, type TokenRecord } from './keystone-state.js'
export { authorize, keystoneError, type FakeCatalogService } from './keystone-routes.js'
export type { FakeCloudServer } from './server.js'
