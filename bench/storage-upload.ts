// bench/storage-upload.ts — strato's segmented upload against `swift upload` and parallel curl, on the real Swift.
// Run: npm run bench:storage (starts the peers). All contenders upload the same 1 GiB file with 64 MiB
// segments and 8 in flight, in one run, alternating; the report gives ratios of medians.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRandomFile, run } from './support.js'
import { TempAuthSession } from '../src/auth/tempauth.js'
import { StorageClient } from '../src/storage/client.js'

const MiB = 1024 * 1024
const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB
const SEGMENT = 64 * MiB
const THREADS = 8
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const AUTH_URL = process.env.STRATO_SWIFT_TEMPAUTH_URL ?? 'http://127.0.0.1:8081/auth/v1.0'
const USER = process.env.STRATO_SWIFT_TEMPAUTH_USER ?? 'test:tester'
const KEY = process.env.STRATO_SWIFT_TEMPAUTH_KEY ?? 'testing'
const here = new URL('.', import.meta.url).pathname

const dir = await mkdtemp(join(tmpdir(), 'strato-bench-'))
const big = join(dir, 'big.bin')
const small = join(dir, 'small.bin')
await makeRandomFile(big, SIZE)
await makeRandomFile(small, 100 * MiB)
// The curl contender PUTs the very segments strato and swift make; cut them before timing.
spawnSync('split', ['-b', String(SEGMENT), '-d', '-a', '8', big, join(dir, 'seg.')], { stdio: 'inherit' })
const segFiles = (await readdir(dir)).filter((f) => f.startsWith('seg.')).sort()

const session = await TempAuthSession.login({ authUrl: AUTH_URL, user: USER, key: KEY })
const token = await session.token()
const storage = new StorageClient({ session })
const endpoint = await storage.endpoint()


async function cleanup(container: string): Promise<void> {
  for (const c of [container, `${container}_segments`]) await storage.containers.delete(c, { force: true }).catch(() => undefined)
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return (performance.now() - t0) / 1000
}

interface ChildResult { seconds: number; maxRssMiB: number }
async function strato(file: string, checksum: boolean, container: string): Promise<ChildResult> {
  const out = await run(process.execPath, ['--import', 'tsx', join(here, 'storage-upload-child.ts'), endpoint, token, container, file, String(SEGMENT), String(THREADS), checksum ? '1' : '0'])
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult
}

async function swiftUpload(container: string): Promise<{ seconds: number; maxRssMiB: number }> {
  const t0 = performance.now()
  const out = spawnSync('/usr/bin/time', ['-f', '%M', 'swift', '-A', AUTH_URL, '-U', USER, '-K', KEY, 'upload', '--segment-size', String(SEGMENT), '--segment-threads', String(THREADS), '--use-slo', '--object-name', 'bench.bin', container, big], { encoding: 'utf8' })
  const seconds = (performance.now() - t0) / 1000
  if (out.status !== 0) throw new Error(`swift upload failed: ${out.stderr}`)
  return { seconds, maxRssMiB: Number(out.stderr.trim().split('\n').at(-1)) / 1024 }
}

async function curlParallel(container: string): Promise<number> {
  await storage.containers.create(container)
  return timed(async () => {
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < segFiles.length) {
        const f = segFiles[next++]!
        await run('curl', ['-sf', '-o', '/dev/null', '-X', 'PUT', '-T', join(dir, f), '-H', `X-Auth-Token: ${token}`, `${endpoint}/${container}/${f}`])
      }
    }
    await Promise.all(Array.from({ length: THREADS }, worker))
  })
}

async function curlOne(container: string): Promise<number> {
  await storage.containers.create(container)
  return timed(() => run('curl', ['-sf', '-o', '/dev/null', '-X', 'PUT', '-T', big, '-H', `X-Auth-Token: ${token}`, `${endpoint}/${container}/bench.bin`]))
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
type Contender = 'stratoOff' | 'stratoOn' | 'swift' | 'curl8' | 'curl1'
const results: Record<Contender, number[]> = { stratoOff: [], stratoOn: [], swift: [], curl8: [], curl1: [] }
const rss: Record<string, number[]> = { strato1G: [], strato100M: [], swift: [] }
for (let round = 0; round < ROUNDS; round++) {
  const c = `bench-${Date.now()}`
  const a = await strato(big, false, `${c}-a`)
  results.stratoOff.push(a.seconds)
  rss.strato1G!.push(a.maxRssMiB)
  await cleanup(`${c}-a`)
  results.stratoOn.push((await strato(big, true, `${c}-b`)).seconds)
  await cleanup(`${c}-b`)
  const s = await swiftUpload(`${c}-c`)
  results.swift.push(s.seconds)
  rss.swift!.push(s.maxRssMiB)
  await cleanup(`${c}-c`)
  results.curl8.push(await curlParallel(`${c}-d`))
  await cleanup(`${c}-d`)
  results.curl1.push(await curlOne(`${c}-e`))
  await cleanup(`${c}-e`)
  rss.strato100M!.push((await strato(small, true, `${c}-f`)).maxRssMiB)
  await cleanup(`${c}-f`)
  console.error(`round ${round + 1}/${ROUNDS} done`)
}

// Small-request latency: sequential HEADs on one keep-alive connection, strato vs python-swiftclient.
const HEADS = 300
await storage.containers.create('bench-head')
await storage.objects.put('bench-head', 'o', 'x')
for (let i = 0; i < 20; i++) await storage.objects.head('bench-head', 'o')
const stratoHead = (await timed(async () => {
  for (let i = 0; i < HEADS; i++) await storage.objects.head('bench-head', 'o')
})) / HEADS
const py = `
import time
from swiftclient.client import Connection
c = Connection(preauthurl=${JSON.stringify(endpoint)}, preauthtoken=${JSON.stringify(token)}, retries=0)
for _ in range(20): c.head_object('bench-head', 'o')
t0 = time.perf_counter()
for _ in range(${HEADS}): c.head_object('bench-head', 'o')
print((time.perf_counter() - t0) / ${HEADS})
`
const pyHead = Number((await run('/usr/bin/python3', ['-c', py])).trim())
await cleanup('bench-head')

const mbps = (s: number): number => SIZE / 1e6 / s
const m = {
  stratoOff: median(results.stratoOff),
  stratoOn: median(results.stratoOn),
  swift: median(results.swift),
  curl8: median(results.curl8),
  curl1: median(results.curl1),
}
const line = (label: string, s: number): string =>
  `| ${label} | ${mbps(s).toFixed(0)} MB/s | ${(m.curl8 / s).toFixed(2)}× | ${(m.swift / s).toFixed(2)}× |`
console.log(`\n${SIZE / MiB} MiB file, ${SEGMENT / MiB} MiB segments, ${THREADS} in flight, median of ${ROUNDS} rounds\n`)
console.log('| contender | throughput | vs 8 parallel curl | vs swift upload |')
console.log('|---|---|---|---|')
console.log(line('strato, checksum off', m.stratoOff))
console.log(line('strato, checksum on', m.stratoOn))
console.log(line('swift upload --use-slo', m.swift))
console.log(line('8 parallel curl (segments only)', m.curl8))
console.log(line('1 curl stream (single PUT)', m.curl1))
console.log(`\npeak RSS: strato 1 GiB ${median(rss.strato1G!).toFixed(0)} MiB, strato 100 MiB ${median(rss.strato100M!).toFixed(0)} MiB, swift upload ${median(rss.swift!).toFixed(0)} MiB`)
console.log(`HEAD latency (keep-alive): strato ${(stratoHead * 1000).toFixed(2)} ms, python-swiftclient ${(pyHead * 1000).toFixed(2)} ms, ratio ${(stratoHead / pyHead).toFixed(2)}×`)
await storage.close()
await session.close()
await rm(dir, { recursive: true, force: true })
