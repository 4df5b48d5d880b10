// bench/image-upload.ts — strato's streamed image upload against python-glanceclient's images.upload, on the real Glance.
// Run: npm run bench:image (starts the peers; builds nothing: run `npm run build` first to measure dist/).
// Both contenders upload the same 1 GiB file to a fresh image, in one run, alternating; the report
// gives ratios of medians, and peak RSS of each process (strato's budget is 150 MB).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRandomFile, run } from './support.js'
import { KeystoneSession } from '../src/auth/keystone.js'
import { ImageClient } from '../src/image/client.js'

const MiB = 1024 * 1024
const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const AUTH_URL = process.env.STRATO_KEYSTONE_URL ?? 'http://127.0.0.1:5000/v3'
const here = new URL('.', import.meta.url).pathname
const dist = existsSync(join(here, '../dist/image/index.js'))

const dir = await mkdtemp(join(tmpdir(), 'strato-bench-image-'))
const file = join(dir, 'disk.raw')
await makeRandomFile(file, SIZE)

const session = await KeystoneSession.password({ authUrl: AUTH_URL, username: 'demo', password: 'demo-secret', projectName: 'demo' })
const image = new ImageClient({ session })
const endpoint = (await image.endpoint()).replace(/\/v2$/, '')
const token = await session.token()


interface Result { seconds: number; maxRssMiB: number }

// Plain node on the built package when there is one (what users run); tsx on the sources otherwise.
async function strato(): Promise<Result & { startRssMiB: number }> {
  const args = dist ? [join(here, 'image-upload-child.ts')] : ['--import', 'tsx', join(here, 'image-upload-child.ts')]
  const out = await run(process.execPath, [...args, endpoint, token, file], { ...process.env, STRATO_BENCH_DIST: dist ? '1' : '0', NODE_NO_WARNINGS: '1' })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result & { startRssMiB: number }
}

// python-glanceclient's library (Debian's `glance` CLI dies on an argparse conflict over --stores):
// images.upload streams the open file in 64 KiB chunks and verifies nothing. /usr/bin/time reports
// the process's peak RSS in KiB.
const PY = `
import sys
from glanceclient import Client
endpoint, token, image_id, path = sys.argv[1:]
c = Client('2', endpoint=endpoint, token=token)
with open(path, 'rb') as f:
    c.images.upload(image_id, f)
`
async function glance(): Promise<Result> {
  const img = await image.images.create({ name: `bench-py-${Date.now()}`, disk_format: 'raw', container_format: 'bare' })
  const t0 = performance.now()
  const out = spawnSync('/usr/bin/time', ['-f', '%M', '/usr/bin/python3', '-c', PY, endpoint, token, img.id, file], { encoding: 'utf8' })
  const seconds = (performance.now() - t0) / 1000
  const uploaded = await image.images.get(img.id)
  await image.images.delete(img.id)
  if (out.status !== 0 || uploaded.size !== SIZE) throw new Error(`glanceclient upload failed (size ${uploaded.size}): ${out.stderr}`)
  return { seconds, maxRssMiB: Number(out.stderr.trim().split('\n').at(-1)) / 1024 }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const s: Result[] = []
const g: Result[] = []
let startRss = 0
for (let round = 0; round < ROUNDS; round++) {
  const r = await strato()
  s.push(r)
  startRss = r.startRssMiB
  g.push(await glance())
  console.error(`round ${round + 1}/${ROUNDS}: strato ${r.seconds.toFixed(2)} s ${r.maxRssMiB.toFixed(0)} MiB, glance ${g.at(-1)!.seconds.toFixed(2)} s ${g.at(-1)!.maxRssMiB.toFixed(0)} MiB`)
}

const st = median(s.map((r) => r.seconds))
const gt = median(g.map((r) => r.seconds))
const sr = median(s.map((r) => r.maxRssMiB))
const gr = median(g.map((r) => r.maxRssMiB))
const mbps = (sec: number): string => `${(SIZE / 1e6 / sec).toFixed(0)} MB/s`
console.log(`\n${SIZE / MiB} MiB image, median of ${ROUNDS} rounds, strato from ${dist ? 'dist/ (plain node)' : 'src/ (tsx)'}\n`)
console.log('| contender | throughput | time vs glance | peak RSS |')
console.log('|---|---|---|---|')
console.log(`| strato images.upload (md5 + sha512 verified) | ${mbps(st)} | ${(st / gt).toFixed(2)}× | ${sr.toFixed(0)} MiB (${((sr * MiB) / 1e6).toFixed(0)} MB; ${startRss.toFixed(0)} MiB before the upload) |`)
console.log(`| python-glanceclient images.upload (no verification) | ${mbps(gt)} | 1.00× | ${gr.toFixed(0)} MiB |`)
console.log(`\nstrato peak RSS ${(sr / gr).toFixed(2)}× glance's; budget 150 MB: ${(sr * MiB) / 1e6 < 150 ? 'met' : 'MISSED'}`)
await image.close()
await session.close()
await rm(dir, { recursive: true, force: true })
