// test/infra/support/cloud.ts — one fake cloud per test file behind msw, a demo session and the clients the handlers use.
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { KeystoneSession } from '../../../src/auth/keystone.js'
import { AutoscaleClient } from '../../../src/autoscale/index.js'
import { ComputeClient } from '../../../src/compute/index.js'
import { EemClient } from '../../../src/eem/index.js'
import { ImageClient } from '../../../src/image/index.js'
import { StorageClient } from '../../../src/storage/index.js'
import type { InfraClients } from '../../../src/infra/handler-types.js'
import { createFakeCloud, type FakeCloud, type FakeCloudOptions } from '../../../src/testing/index.js'

export interface CloudFixture {
  cloud: FakeCloud
  session: KeystoneSession
  compute: ComputeClient
  storage: StorageClient
  image: ImageClient
  autoscale: AutoscaleClient
  eem: EemClient
  clients: InfraClients
  /** Requests the cloud served since `mark` (an index into cloud.requests). */
  since(mark: number): string[]
}

const fast = { backoff: { baseMs: 1, maxMs: 2 } }

/** Registers beforeAll/afterAll hooks; read the fixture's fields inside tests. */
export function useFakeCloud(opts: FakeCloudOptions = {}): CloudFixture {
  const f = {} as CloudFixture
  const msw = setupServer()
  beforeAll(async () => {
    f.cloud = await createFakeCloud(opts)
    msw.use(...f.cloud.handlers)
    msw.listen({ onUnhandledFrame: 'error' })
    f.session = await KeystoneSession.password({ authUrl: `${f.cloud.baseUrl}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
    f.compute = new ComputeClient({ session: f.session, retry: fast })
    f.storage = new StorageClient({ session: f.session, retry: fast })
    f.image = new ImageClient({ session: f.session, retry: fast })
    f.autoscale = new AutoscaleClient({
      endpoint: `${f.cloud.baseUrl}/autoscaling/`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDSTRATO', secretAccessKey: 'strato-secret' },
      env: {},
      retry: fast,
    })
    f.eem = new EemClient({ endpoint: `${f.cloud.baseUrl}/valence`, retry: fast })
    f.clients = { compute: f.compute, storage: f.storage, image: f.image, autoscale: f.autoscale, eem: f.eem }
    f.since = (mark) => f.cloud.requests.slice(mark).map((r) => `${r.method} ${r.path}`)
  })
  afterAll(async () => {
    await Promise.all([f.compute, f.storage, f.image, f.autoscale, f.eem].map((c) => c?.close()))
    await f.session?.close()
    msw.close()
  })
  return f
}
