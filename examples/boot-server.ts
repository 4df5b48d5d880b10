// examples/boot-server.ts — boot two servers with a keypair and user data, wait for them, stop and start one, clean up.
// Runs against the fake cloud; with OS_AUTH_URL (and the other OS_* variables) set, against that cloud instead
// (STRATO_IMAGE names the image to boot there; default: the newest active image whose name starts with "cirros").
import { generateKeyPairSync, randomFillSync } from 'node:crypto'
import { KeystoneSession } from 'strato/auth'
import { ComputeClient, ServerFaultError, type Server } from 'strato/compute'
import { ImageClient } from 'strato/image'
import { createFakeCloud } from 'strato/testing'

const real = Boolean(process.env.OS_AUTH_URL)
const server = real ? undefined : await (await createFakeCloud()).listen()
const session = server
  ? await KeystoneSession.password({ authUrl: `${server.url}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
  : await KeystoneSession.fromEnv()
const compute = new ComputeClient({ session })
const image = new ImageClient({ session })

// Speak the newest microversion both sides know (networks: 'auto' needs 2.37, server tags on create 2.52).
console.log(`compute microversion ${await compute.negotiateMicroversion({ min: '2.52' })}`)

if (!real) {
  // The fake Glance starts empty; the fake Nova boots what Glance holds.
  const img = await image.images.create({ name: 'cirros-example', disk_format: 'qcow2', container_format: 'bare' })
  await image.images.upload(img.id, randomFillSync(new Uint8Array(1024 * 1024)))
}
const wanted = process.env.STRATO_IMAGE
const images = await image.images.list({ status: 'active', sort: [{ key: 'created_at', dir: 'desc' }] }).toArray({ max: 500 })
const boot = images.find((i) => (wanted ? i.name === wanted : i.name?.startsWith('cirros')))
if (!boot) throw new Error(`no active image ${wanted ?? 'cirros*'} to boot`)
const flavor = await compute.flavors.list({ minRam: 128, sort_key: 'memory_mb', sort_dir: 'asc' }).first()
if (!flavor) throw new Error('no flavor with 128 MiB of RAM or more')
console.log(`booting ${boot.name} on ${flavor.name} (${flavor.vcpus} vCPU, ${flavor.ram} MiB)`)

// Our own key: Nova stores only the public half.
const { publicKey } = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey.subarray(-32))]).toString('base64')
const key = await compute.keypairs.import({ name: `strato-example-${process.pid}`, public_key: `ssh-ed25519 ${blob} strato-example` })
console.log(`imported keypair ${key.name} (${key.fingerprint})`)

const ac = new AbortController()
process.once('SIGINT', () => ac.abort('interrupted'))
const created: string[] = []
try {
  for (const name of ['example-web-1', 'example-web-2']) {
    const s = await compute.servers.create(
      {
        name,
        imageRef: boot.id,
        flavorRef: flavor.id,
        networks: 'auto',
        key_name: key.name,
        user_data: '#cloud-config\npackages: [nginx]\n', // base64-encoded by the client
        metadata: { role: 'web' },
        tags: ['strato-example'],
      },
      { signal: ac.signal },
    )
    created.push(s.id)
    console.log(`requested ${name}: ${s.id}`)
  }
  // Both builds run at once on the cloud; wait for them together. An ERROR fails the wait at once.
  const wait = { timeoutMs: 600_000, intervalMs: 250, signal: ac.signal, onProgress: (s: Server | null) => s && console.log(`  ${s.name}: ${s.status}`) }
  const ready = await Promise.all(created.map((id) => compute.servers.waitFor(id, 'ACTIVE', wait)))
  for (const s of ready) {
    const ips = Object.entries(s.addresses ?? {}).flatMap(([net, list]) => list.map((a) => `${net} ${a.addr}`))
    console.log(`${s.name} is ACTIVE: ${ips.join(', ') || 'no addresses yet'}`)
  }

  const first = created[0]!
  await compute.servers.stop(first, { signal: ac.signal })
  await compute.servers.waitFor(first, 'SHUTOFF', wait)
  await compute.servers.start(first, { signal: ac.signal })
  await compute.servers.waitFor(first, 'ACTIVE', wait)
  console.log(`stopped and started ${ready[0]!.name}`)

  const tagged = await compute.servers.list({ tags: ['strato-example'] }).toArray()
  console.log(`servers tagged strato-example: ${tagged.map((s) => s.name).join(', ')}`)
} catch (e) {
  if (e instanceof ServerFaultError) console.error(`a server failed to build: ${e.fault?.message ?? e.message}`)
  throw e
} finally {
  // Whatever happened, leave nothing behind.
  await Promise.allSettled(created.map((id) => compute.servers.delete(id)))
  await Promise.allSettled(created.map((id) => compute.servers.waitForDelete(id, { timeoutMs: 300_000, intervalMs: 250 })))
  await compute.keypairs.delete(key.name)
  console.log(`deleted ${created.length} servers and the keypair`)
  await compute.close()
  await image.close()
  await session.close()
  await server?.close()
}

/** An SSH wire-format string: a 32-bit big-endian length, then the bytes. */
function sshString(data: string | Uint8Array): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data)
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}
