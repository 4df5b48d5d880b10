// EemClient and its DeviceWatcher end to end on the fake Valence of strato/testing: compose, attach refusals, sync, watch.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { DeviceUnavailableError, EemClient, type DeviceBatch, type Device } from '../../src/eem/index.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'

let cloud: FakeCloud
let eem: EemClient
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
beforeEach(async () => {
  cloud = await createFakeCloud()
  server.resetHandlers(...cloud.handlers)
  eem = new EemClient({ endpoint: `${cloud.baseUrl}/valence`, retry: { backoff: { baseMs: 1, maxMs: 2 } } })
})
afterEach(() => eem.close())
afterAll(() => server.close())

it('composes a node with a NIC, refuses an allocated device, detaches and attaches', async () => {
  const podmId = cloud.valence.seedPodmId
  const node = await eem.nodes.compose({ name: 'web', podmId, properties: { pci_device: { type: ['NIC'] } } })
  const mine = await eem.devices.list({ podmId, state: 'allocated' }).toArray()
  expect(mine.map((d) => d.type)).toEqual(['NIC'])
  const other = await eem.nodes.compose({ name: 'db', podmId, properties: { pci_device: { type: ['SSD'] } } })
  const refused = await eem.nodes.attach(other.uuid!, mine[0]!.uuid).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(DeviceUnavailableError)
  expect((refused as DeviceUnavailableError).code).toBe('DeviceAllocated')
  await eem.nodes.detach(node.uuid!, mine[0]!.uuid)
  expect((await eem.devices.get(mine[0]!.uuid)).state).toBe('free')
  await eem.nodes.attach(other.uuid!, mine[0]!.uuid)
  expect((await eem.devices.get(mine[0]!.uuid)).state).toBe('allocated')
})

it('the watcher sees hardware added, changed and removed behind the fake, after a sync', async () => {
  const watcher = eem.watch({ podmId: cloud.valence.seedPodmId, intervalMs: 20, triggerSync: true })
  await watcher.ready
  const batches: DeviceBatch<Device>[] = []
  watcher.on('batch', (b) => batches.push(b))
  const gpu = cloud.valence.hardware.addDevice({ type: 'GPU' })
  await new Promise((r) => watcher.once('added', r))
  expect(batches.flatMap((b) => b.added.map((d) => d.type))).toContain('GPU')
  cloud.valence.hardware.removeDevice(gpu.id)
  await new Promise((r) => watcher.once('removed', r))
  await eem.close() // stops the watcher too
  expect(watcher.running).toBe(false)
})

it('waitForDevice resolves once a device reaches the state', async () => {
  const podmId = cloud.valence.seedPodmId
  const [free] = await eem.devices.list({ podmId, state: 'free', type: 'GPU' }).toArray()
  const node = await eem.nodes.compose({ name: 'g', podmId, properties: { pci_device: { type: ['NIC'] } } })
  const waiting = eem.waitForDevice(free!.uuid, 'allocated', { podmId, intervalMs: 10, timeoutMs: 5_000 })
  await eem.nodes.attach(node.uuid!, free!.uuid)
  expect((await waiting).node_id).toBeTruthy()
})

it('close() ends a pending waitForDevice at once, with no timer left', async () => {
  const [free] = await eem.devices.list({ podmId: cloud.valence.seedPodmId, state: 'free' }).toArray()
  const waiting = eem.waitForDevice(free!.uuid, 'allocated', { podmId: cloud.valence.seedPodmId, intervalMs: 60_000 })
  const outcome = waiting.then(() => 'resolved', (e: unknown) => (e as Error).name)
  await new Promise((r) => setTimeout(r, 50))
  const started = Date.now()
  await eem.close()
  expect(await outcome).toBe('AbortError')
  expect(Date.now() - started).toBeLessThan(1000)
})
