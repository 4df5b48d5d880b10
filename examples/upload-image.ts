// examples/upload-image.ts — create an image, stream a disk file into it with progress, verify, share it, download it back.
// Runs against the fake cloud; with OS_AUTH_URL (and the other OS_* variables) set, against that cloud instead.
import { randomFillSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeystoneSession } from 'strato/auth'
import { ImageClient, ImageChecksumError } from 'strato/image'
import { createFakeCloud } from 'strato/testing'

const real = Boolean(process.env.OS_AUTH_URL)
const server = real ? undefined : await (await createFakeCloud()).listen()
const session = server
  ? await KeystoneSession.password({ authUrl: `${server.url}/identity/v3`, username: 'demo', password: 'demo-secret', projectName: 'demo' })
  : await KeystoneSession.fromEnv()
const image = new ImageClient({ session })

const dir = await mkdtemp(join(tmpdir(), 'strato-image-'))
const disk = join(dir, 'disk.raw')
await writeFile(disk, randomFillSync(new Uint8Array(32 * 1024 * 1024)))

const img = await image.images.create({ name: 'example-disk', disk_format: 'raw', container_format: 'bare', tags: ['example'], os_distro: 'debian' })
console.log(`created ${img.id} (${img.status})`)
const ac = new AbortController()
process.once('SIGINT', () => ac.abort('interrupted'))
try {
  let shown = 0
  const up = await image.images.upload(img.id, disk, {
    signal: ac.signal,
    onProgress: (p) => {
      const pct = Math.floor((100 * p.bytes) / (p.totalBytes ?? Infinity))
      if (pct >= shown + 25) console.log(`upload ${(shown = pct)}%`)
    },
  })
  console.log(`uploaded ${up.size} bytes; md5 ${up.checksum}, verified against Glance: ${up.verified}`)
} catch (e) {
  if (e instanceof ImageChecksumError) console.error('the bytes Glance stored differ from the file:', e.details)
  await image.images.delete(img.id) // nothing half-uploaded is left behind
  throw e
}
const active = await image.images.waitFor(img.id, 'active', { timeoutMs: 60_000 })
console.log(`${active.name} is ${active.status}: ${active.size} bytes, ${active.os_hash_algo} ${active.os_hash_value?.slice(0, 16)}…`)

await image.images.update(img.id, { name: 'example-disk-v2', min_disk: 1 }) // sent as a JSON Patch
for await (const i of image.images.list({ tag: 'example' })) console.log(`listed ${i.name} (${i.visibility})`)

const back = await image.images.download(img.id, join(dir, 'restored.raw'))
console.log(`downloaded ${back.size} bytes, verified: ${back.verified}`)

await image.images.delete(img.id)
await rm(dir, { recursive: true, force: true })
await image.close()
await session.close()
await server?.close()
