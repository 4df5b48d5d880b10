// examples/demo.ts — `npm run demo`: one story on the fake cloud of strato/testing.
// It grows with every service strato gains: today Keystone, object storage, images, compute, autoscaling, composable hardware, NETCONF and infrastructure deployment.
import { randomFillSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeystoneSession } from 'strato/auth'
import { AutoscaleClient } from 'strato/autoscale'
import { EemClient } from 'strato/eem'
import { ConfigTree, NetconfClient } from 'strato/netconf'
import { ComputeClient } from 'strato/compute'
import { ImageClient } from 'strato/image'
import { StorageClient } from 'strato/storage'
import { createFakeCloud, startFakeNetconfDevice } from 'strato/testing'

const cloud = await createFakeCloud()
const server = await cloud.listen() // a real HTTP server on 127.0.0.1, as a separate process would see it
console.log(`fake cloud listening on ${server.url}`)

const session = await KeystoneSession.password({
  authUrl: `${server.url}/identity/v3`,
  username: 'demo',
  password: 'demo-secret',
  projectName: 'demo',
})
const info = session.tokenInfo!
console.log(`authenticated as ${info.user.name} in project ${info.project?.name}, token valid until ${info.expiresAt.toISOString()}`)
console.log('\nservice catalog:')
for (const entry of session.catalog()) {
  for (const ep of entry.endpoints) {
    console.log(`  ${entry.type.padEnd(14)} ${ep.interface.padEnd(9)} ${(ep.region_id ?? '').padEnd(10)} ${ep.url}`)
  }
}
console.log(`\nidentity endpoint from the catalog: ${await session.endpointFor('identity')}`)

// Object storage: a generated 64 MiB object goes up as 8 MiB segments, 8 at a time, and comes back verified.
const storage = new StorageClient({ session })
await storage.containers.create('demo')
const data = randomFillSync(new Uint8Array(64 * 1024 * 1024))
const started = performance.now()
const up = await storage.upload('demo', 'big.bin', data, {
  segmentSize: 8 * 1024 * 1024,
  concurrency: 8,
  onProgress: ({ bytes, totalBytes, segmentsDone, segments }) =>
    process.stdout.write(`\r  uploading: ${Math.round((100 * bytes) / (totalBytes ?? bytes))}% (${segmentsDone}/${segments} segments)`),
})
console.log(`\n  stored ${up.size} bytes as a ${up.manifest} of ${up.segments} segments in ${Math.round(performance.now() - started)} ms, ETag ${up.etag}`)
const dir = await mkdtemp(join(tmpdir(), 'strato-demo-'))
const down = await storage.download('demo', 'big.bin', join(dir, 'big.bin'), { concurrency: 8 })
console.log(`  downloaded ${down.size} bytes in ${down.parts} parts, every segment checked against its ETag: ${down.verified}`)
await rm(dir, { recursive: true, force: true })
await storage.close()

// Images and compute: upload a small disk image, verified, then boot two servers from it and wait for both.
const image = new ImageClient({ session })
const img = await image.images.create({ name: 'demo-cirros', disk_format: 'qcow2', container_format: 'bare' })
const disk = await image.images.upload(img.id, randomFillSync(new Uint8Array(4 * 1024 * 1024)))
console.log(`\nimage ${img.name}: uploaded ${disk.size} bytes, ${disk.verified ? 'checksum verified' : 'not verified'}`)
const compute = new ComputeClient({ session })
console.log(`compute: speaking microversion ${await compute.negotiateMicroversion()}`)
const flavor = await compute.flavors.list({ minRam: 512, sort_key: 'memory_mb' }).first()
const booted = performance.now()
const requested = await Promise.all(
  ['demo-web-1', 'demo-web-2'].map((name) => compute.servers.create({ name, imageRef: img.id, flavorRef: flavor!.id, networks: 'auto', tags: ['demo'] })),
)
console.log(`  requested ${requested.length} servers on ${flavor!.name}; waiting for ACTIVE`)
const servers = await Promise.all(
  requested.map(({ id }) => compute.servers.waitFor(id, 'ACTIVE', { intervalMs: 100, timeoutMs: 30_000, onProgress: (s) => s && console.log(`  ${s.name}: ${s.status}`) })),
)
for (const s of servers) {
  const addrs = Object.values(s.addresses ?? {}).flat().map((a) => a.addr)
  console.log(`  ${s.name} ACTIVE after ${Math.round(performance.now() - booted)} ms at ${addrs.join(', ')}`)
}
await Promise.all(servers.map((s) => compute.servers.delete(s.id)))
await Promise.all(servers.map((s) => compute.servers.waitForDelete(s.id, { intervalMs: 100, timeoutMs: 30_000 })))
await image.images.delete(img.id)
console.log('  servers and image deleted')
await compute.close()
await image.close()

// Autoscaling over the AWS Query API (SigV4, checked by the fake): a group of two, scaled to three.
const autoscale = new AutoscaleClient({
  endpoint: `${server.url}/autoscaling/`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDSTRATO', secretAccessKey: 'strato-secret' },
})
await autoscale.launchConfigurations.create({ LaunchConfigurationName: 'demo-web', ImageId: img.id, InstanceType: 'm1.small' })
await autoscale.groups.create({ AutoScalingGroupName: 'demo-web', LaunchConfigurationName: 'demo-web', MinSize: 1, MaxSize: 4, DesiredCapacity: 2, AvailabilityZones: ['us-east-1a'] })
console.log('\nautoscale: group demo-web created with 2 instances')
const progress = (g: { DesiredCapacity: number; Instances?: { LifecycleState?: string }[] }) =>
  console.log(`  demo-web: ${g.Instances?.filter((i) => i.LifecycleState === 'InService').length ?? 0} of ${g.DesiredCapacity} in service`)
await autoscale.groups.waitForCapacity('demo-web', { intervalMs: 100, timeoutMs: 30_000, onPoll: progress })
await autoscale.groups.setDesiredCapacity('demo-web', 3)
console.log('  scaled to 3')
const scaled = await autoscale.groups.waitForCapacity('demo-web', { intervalMs: 100, timeoutMs: 30_000, onPoll: progress })
console.log(`  instances: ${scaled.Instances?.map((i) => i.InstanceId).join(', ')}`)
await autoscale.groups.delete('demo-web', { ForceDelete: true })
await autoscale.launchConfigurations.delete('demo-web').catch(() => undefined) // instances may still be terminating
await autoscale.close()

// Composable hardware (Valence + ExpEther): a node composed with a NIC from the seeded rack, watched as a GPU joins it.
const eem = new EemClient({ endpoint: `${server.url}/valence` })
const [podm] = await eem.podManagers.list().toArray()
const node = await eem.nodes.compose({ name: 'demo-node', podmId: podm!.uuid, properties: { pci_device: { type: ['NIC'] } } })
console.log(`\neem: composed ${node.name} on pod manager ${podm!.name}`)
const watcher = eem.watch({ podmId: podm!.uuid, intervalMs: 100 })
watcher.on('changed', ({ device, fields }) => console.log(`  ${device.type} ${device.uuid.slice(0, 8)}: ${fields.map((f) => `${f.name} ${String(f.from)} → ${String(f.to)}`).join(', ')}`))
await watcher.ready
const gpu = (await eem.devices.list({ podmId: podm!.uuid, type: 'GPU', state: 'free' }).toArray())[0]
await eem.nodes.attach(node.uuid!, gpu!.uuid)
await new Promise((r) => watcher.once('changed', r))
await eem.nodes.delete(node.uuid!)
await eem.close() // stops the watcher too

// NETCONF: a fake device of strato/testing; the hostname changes under a lock with a confirmed commit, then confirmed.
const device = await startFakeNetconfDevice()
const netconf = await NetconfClient.connect({ transport: 'tcp', port: device.port! })
const config = new ConfigTree()
config.create('system', { namespace: 'urn:ietf:params:xml:ns:yang:ietf-system' }).create('hostname', { text: 'demo-edge' })
await netconf.withLock('candidate', async () => {
  await netconf.editConfig({ target: 'candidate', config })
  await netconf.commit({ confirmed: true, confirmTimeout: 30 })
  await netconf.commit()
})
console.log(`\nnetconf: session ${netconf.sessionId} (${netconf.framing} framing) set the hostname to ${device.running.find('system/hostname')?.text} with a confirmed commit`)
await netconf.close()
await device.close()

// Infrastructure (OCCO-style): examples/deploy-infra.ts deploys container, image, two servers and a NETCONF change
// in three levels, in parallel, on a fresh fake cloud; a second deployment fails at its last node and rolls back.
console.log('\ninfra:')
await import('./deploy-infra.js')

await session.close()
await server.close()
