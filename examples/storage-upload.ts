// examples/storage-upload.ts — a segmented upload with progress, then a verified parallel download.
// Runs against the fake cloud; point `storage` at a real Swift (KeystoneSession.fromEnv()) to use it for real.
import { randomFillSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TempAuthSession } from 'strato/auth'
import { StorageClient } from 'strato/storage'
import { createFakeCloud } from 'strato/testing'

const cloud = await createFakeCloud()
const server = await cloud.listen()
const session = await TempAuthSession.login({ authUrl: `${server.url}/swift/auth/v1.0`, user: 'test:tester', key: 'testing' })
const storage = new StorageClient({ session })

const dir = await mkdtemp(join(tmpdir(), 'strato-example-'))
const file = join(dir, 'backup.tar')
await writeFile(file, randomFillSync(new Uint8Array(24 * 1024 * 1024)))

await storage.containers.create('backups')
const ac = new AbortController()
process.once('SIGINT', () => ac.abort('interrupted')) // Ctrl-C stops the upload and removes its segments
const r = await storage.upload('backups', 'nightly/backup.tar', file, {
  segmentSize: 4 * 1024 * 1024,
  concurrency: 4,
  metadata: { source: 'example' },
  signal: ac.signal,
  onProgress: (p) => process.stdout.write(`\rupload ${p.segmentsDone}/${p.segments} segments, ${p.bytes} bytes`),
})
console.log(`\n${r.manifest} with ${r.segments} segments, ETag ${r.etag}`)

for await (const entry of storage.objects.list('backups', { prefix: 'nightly/', delimiter: '/' })) {
  console.log('subdir' in entry ? `dir  ${entry.subdir}` : `file ${entry.name} ${entry.bytes} bytes`)
}
const d = await storage.download('backups', 'nightly/backup.tar', join(dir, 'restored.tar'), { concurrency: 4 })
console.log(`downloaded ${d.size} bytes in ${d.parts} parts, verified: ${d.verified}`)

await rm(dir, { recursive: true, force: true })
await storage.close()
await session.close()
await server.close()
