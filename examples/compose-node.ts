// examples/compose-node.ts — composable hardware through Valence and ExpEther: register a pod manager, compose a
// node with a NIC, list the devices, detach and attach a device, and watch the changes as they happen.
// Runs against the fake Valence of strato/testing; with STRATO_VALENCE_URL (and STRATO_EEM_URL, STRATO_EEM_USER,
// STRATO_EEM_PASSWORD for the pod manager to register) set, against that Valence instead.
import { EemClient } from 'strato/eem'
import { createFakeCloud } from 'strato/testing'

const env = process.env
const real = Boolean(env.STRATO_VALENCE_URL)
const cloud = real ? undefined : await createFakeCloud()
const server = await cloud?.listen()
const eemUrl = real ? env.STRATO_EEM_URL! : 'http://eem-rack2.strato.test:30500/eem'
if (cloud) {
  // The fake's second rack: one server board and three device boards behind the EEM we register.
  cloud.valence.hardware.addServer({ url: eemUrl })
  for (const type of ['NIC', 'GPU', 'SSD'] as const) cloud.valence.hardware.addDevice({ url: eemUrl, type })
}
const eem = new EemClient({ endpoint: real ? env.STRATO_VALENCE_URL! : `${server!.url}/valence` })

const podm = await eem.podManagers.create({
  name: `rack2-${process.pid}`,
  url: eemUrl,
  driver: 'expether',
  authentication: { username: env.STRATO_EEM_USER ?? 'admin', password: env.STRATO_EEM_PASSWORD ?? 'eem-secret' },
})
console.log(`pod manager ${podm.name} (${podm.uuid}): ${podm.status ?? 'registered'}, password shown as ${JSON.stringify(podm.authentication)}`)
await eem.devices.sync(podm.uuid)

// Watch this rack's devices while we change them: each poll syncs first, as Valence's periodic sync would.
const watcher = eem.watch({ podmId: podm.uuid, intervalMs: real ? 10_000 : 100, triggerSync: true })
watcher.on('changed', ({ device, fields }) =>
  console.log(`  watch: ${device.type} ${device.uuid.slice(0, 8)} ${fields.map((f) => `${f.name} ${String(f.from)} → ${String(f.to)}`).join(', ')}`),
)
watcher.on('error', (e, info) => console.log(`  watch: ${e.message} (retry in ${info.retryInMs} ms)`))
await watcher.ready

const node = await eem.nodes.compose({ name: `web-${process.pid}`, podmId: podm.uuid, properties: { pci_device: { type: ['NIC'] } } })
console.log(`composed node ${node.name} (${node.uuid})`)
for await (const d of eem.devices.list({ podmId: podm.uuid })) console.log(`  device ${d.type?.padEnd(4)} ${d.state?.padEnd(9)} node ${d.node_id ?? '-'}`)

const gpu = (await eem.devices.list({ podmId: podm.uuid, type: 'GPU', state: 'free' }).toArray())[0]
if (gpu) {
  await eem.nodes.attach(node.uuid!, gpu.uuid)
  await eem.waitForDevice(gpu.uuid, 'allocated', { podmId: podm.uuid, intervalMs: real ? 5_000 : 50, timeoutMs: 60_000 })
  console.log(`attached GPU ${gpu.uuid.slice(0, 8)}`)
  await eem.nodes.detach(node.uuid!, gpu.uuid)
  await eem.waitForDevice(gpu.uuid, 'free', { podmId: podm.uuid, intervalMs: real ? 5_000 : 50, timeoutMs: 60_000 })
  console.log(`detached GPU ${gpu.uuid.slice(0, 8)}`)
}
// Give the watcher one more poll to report the last change.
await new Promise((r) => watcher.once('polled', r))

await watcher.stop()
await eem.nodes.delete(node.uuid!)
await eem.podManagers.delete(podm.uuid)
console.log('node and pod manager deleted')
await eem.close()
await server?.close()
