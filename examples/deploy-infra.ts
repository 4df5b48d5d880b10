// examples/deploy-infra.ts — deploy a three-level infrastructure (a container and an image, two servers booted from
// the image, a NETCONF change on a device that knows the servers' addresses) in parallel, list its IPs, show a
// failing deployment rolling everything back, then destroy the first one. Runs on the fake cloud and the fake
// NETCONF device of strato/testing; with OS_* variables set, servers, container and image go to that cloud
// (set STRATO_IMAGE_ID and STRATO_FLAVOR_ID too) and the NETCONF step still uses the fake device.
import { KeystoneSession } from 'strato/auth'
import { ComputeClient } from 'strato/compute'
import { ImageClient } from 'strato/image'
import { DeployError, InfraManager, MemoryStore, importNodeDefinitions, type ResourceHandler } from 'strato/infra'
import { NetconfClient } from 'strato/netconf'
import { StorageClient } from 'strato/storage'
import { createFakeCloud, startFakeNetconfDevice } from 'strato/testing'

const real = Boolean(process.env.OS_AUTH_URL || process.env.OS_CLOUD)
const cloud = real ? undefined : await createFakeCloud()
const server = await cloud?.listen()
const session = real
  ? await KeystoneSession.fromEnv()
  : await KeystoneSession.password({ authUrl: `${server!.url}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
const compute = new ComputeClient({ session })
await compute.negotiateMicroversion()
const image = new ImageClient({ session })
const storage = new StorageClient({ session })
const device = await startFakeNetconfDevice()
const flavorId = process.env.STRATO_FLAVOR_ID ?? (await compute.flavors.list({ minRam: 512 }).first())!.id

const store = new MemoryStore() // FileStore(dir) or RedisStore({ url }) keep it across processes
await importNodeDefinitions(
  store,
  `
node_def:bucket:
  - resource: { type: storage.container, name: "{{infra_id}}-assets" }
node_def:disk:
  - resource: { type: image.image, name: "{{node_id}}", disk_format: qcow2, container_format: bare }
node_def:web:
  - resource: { type: compute.server, flavorRef: "${flavorId}", imageRef: "${process.env.STRATO_IMAGE_ID ?? 'IMAGE'}" }
    contextualisation:
      type: cloudinit
      context_template: |
        #cloud-config
        write_files: [{ path: /etc/motd, content: "{{node_id}} of {{infra_id}}, tier {{variables.tier}}" }]
node_def:router:
  - resource:
      type: netconf.config
      config: <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><contact>web at {{getip('web')}}</contact></system>
node_def:broken:
  - resource: { type: example.broken }
`,
)

// On the fake cloud the servers boot from an image the deployment makes itself: a handler of our own shows how.
const fromOwnImage: ResourceHandler = {
  async create(ctx) {
    const img = await image.images.create({ name: `${ctx.nodeId}-img`, disk_format: 'qcow2', container_format: 'bare' }, { signal: ctx.signal })
    await ctx.created({ image: img.id })
    await image.images.upload(img.id, new Uint8Array(1024 * 1024), { signal: ctx.signal })
    const created = await compute.servers.create({ name: `${ctx.infraId.slice(0, 8)}-${ctx.nodeId}`, imageRef: img.id, flavorRef: flavorId, networks: 'auto', ...(ctx.userData ? { user_data: Buffer.from(ctx.userData).toString('base64') } : {}) }, { signal: ctx.signal })
    await ctx.created({ image: img.id, server: created.id })
    const s = await compute.servers.waitFor(created.id, 'ACTIVE', { intervalMs: 100, timeoutMs: 60_000, signal: ctx.signal })
    const address = Object.values(s.addresses ?? {}).flat().find((a) => a.version === 4)?.addr
    return { ref: { image: img.id, server: created.id }, ...(address ? { address } : {}) }
  },
  async delete(ref) {
    const { image: imageId, server: serverId } = ref as { image: string; server?: string }
    if (serverId) {
      await compute.servers.delete(serverId).catch(() => undefined)
      await compute.servers.waitForDelete(serverId, { intervalMs: 100, timeoutMs: 60_000 })
    }
    await image.images.delete(imageId).catch(() => undefined)
  },
}
const broken: ResourceHandler = { create: () => Promise.reject(new Error('the quota service said no')), delete: async () => undefined }

const manager = new InfraManager({
  store,
  clients: { compute, image, storage, netconf: () => NetconfClient.connect({ transport: 'tcp', port: device.port! }) },
  handlers: { 'example.broken': broken, ...(real ? {} : { 'compute.server': fromOwnImage }) },
})
const description = (withBroken: boolean): string => `
infra_name: shop
user_id: demo@example.org
variables: { tier: production }
nodes:
  - &bucket { name: bucket, type: bucket }
  - &disk { name: disk, type: disk }
  - &web { name: web, type: web, scaling: { min: 2, max: 4 } }
  - &router { name: router, type: ${withBroken ? 'broken' : 'router'} }
dependencies:
  - [*web, *disk]
  - [*router, *web]
  - [*router, *bucket]
`

const started = performance.now()
const { infraId } = await manager.deploy(description(false), { parallel: true, onEvent: (e) => e.type === 'ready' && console.log(`  ready   ${e.nodeId.padEnd(9)} ${e.address ?? ''}`) })
console.log(`deployed ${infraId} in ${Math.round(performance.now() - started)} ms; IPs: ${JSON.stringify(await manager.listIps(infraId))}`)
console.log(`  the device's contact now reads: ${device.running.find('system/contact')?.text}`)

try {
  await manager.deploy(description(true), { parallel: true, onEvent: (e) => ['failed', 'deleted'].includes(e.type) && console.log(`  ${e.type.padEnd(7)} ${e.nodeId}${e.error ? `: ${e.error}` : ''}`) })
} catch (e) {
  if (!(e instanceof DeployError)) throw e
  console.log(`second deployment: ${e.message}`)
  console.log(`  store says: ${(await manager.status(e.report.infraId)).status}, leftovers: ${e.report.leftovers.length}`)
}

const { deleted, leftovers } = await manager.destroy(infraId)
console.log(`destroyed ${infraId}: ${deleted.length} resources deleted, ${leftovers.length} left; device contact: ${device.running.find('system/contact')?.text ?? '(none again)'}`)
await Promise.all([compute.close(), image.close(), storage.close(), device.close()])
await session.close()
await server?.close()
