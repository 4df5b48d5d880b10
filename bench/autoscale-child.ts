// bench/autoscale-child.ts — one contender of bench/autoscale.ts in a fresh process, so its module cache,
// JIT and connections start cold. Plain Node runs it (type stripping); strato comes from dist/.
// Usage: node bench/autoscale-child.ts first <contender> <moto url> <expected count> - [profile.cpuprofile]
//          import the library, build a client, list every group once; prints {importMs, firstMs}.
//          STRATO_BENCH_PRELOAD_UNDICI=1 imports undici with the library (strato imports it on its first request).
//        node bench/autoscale-child.ts loop <contender> <moto url> <expected count> <listings> [profile.cpuprofile]
//          two warm-up listings, then <listings> more; prints wall and CPU ms per listing
//        With a profile file, the timed part (not the import) is CPU-profiled through node:inspector into it.
import { writeFileSync } from 'node:fs'
import type * as Contenders from './autoscale-contenders.js'

// A computed specifier: plain Node needs the .ts file, tsc would want the .js one.
const { load } = (await import(new URL('./autoscale-contenders.ts', import.meta.url).href)) as typeof Contenders
const [mode, name, url, expected, listings, profileFile] = process.argv.slice(2) as [string, Contenders.ContenderName, string, string, string?, string?]

const t0 = performance.now()
const factory = await load(name)
if (process.env.STRATO_BENCH_PRELOAD_UNDICI === '1') await import('undici')
const t1 = performance.now()
const lister = factory(url)

async function once(): Promise<void> {
  const n = await lister.list()
  if (n !== Number(expected)) throw new Error(`${name}: listed ${n}, expected ${expected}`)
}

type Profiler = { stop(): Promise<void> }
async function startProfile(file: string | undefined): Promise<Profiler> {
  if (!file) return { stop: async () => undefined }
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(file, JSON.stringify(profile))
      session.disconnect()
    },
  }
}

if (mode === 'first') {
  const profiler = await startProfile(profileFile)
  const f0 = performance.now()
  await once()
  const firstMs = performance.now() - f0
  await profiler.stop()
  console.log(JSON.stringify({ importMs: t1 - t0, firstMs }))
} else if (mode === 'loop') {
  await once()
  await once()
  const n = Number(listings ?? 10)
  const profiler = await startProfile(profileFile)
  const c0 = process.cpuUsage()
  const w0 = performance.now()
  for (let i = 0; i < n; i++) await once()
  const wallMs = (performance.now() - w0) / n
  const cpu = process.cpuUsage(c0)
  await profiler.stop()
  console.log(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 / n }))
} else {
  throw new Error(`unknown mode ${mode}`)
}
await lister.close()
