// bench/image-upload-child.ts — one strato image upload in its own process, so its peak RSS is its own.
// Usage: node --import tsx bench/image-upload-child.ts <glance endpoint> <token> <file>
// Prints one JSON line: seconds, size, peak RSS (MiB) and where memory stood (sampled every 50 ms).
import type * as ImageModule from '../src/image/index.js'

// With STRATO_BENCH_DIST=1 the built package is measured (what users run), else the sources through tsx.
const { ImageClient } = (process.env.STRATO_BENCH_DIST === '1' ? await import('../dist/image/index.js' as string) : await import('../src/image/index.js')) as typeof ImageModule

const [endpoint, token, file] = process.argv.slice(2)
const image = new ImageClient({ endpoint: endpoint!, token: token! })
const before = process.memoryUsage()
const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
const sample = setInterval(() => {
  const m = process.memoryUsage()
  for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k])
}, 50)
const img = await image.images.create({ name: `bench-${Date.now()}`, disk_format: 'raw', container_format: 'bare' })
const t0 = performance.now()
const r = await image.images.upload(img.id, file!)
const seconds = (performance.now() - t0) / 1000
clearInterval(sample)
await image.images.delete(img.id)
await image.close()
const MiB = 1024 * 1024
const cpu = process.cpuUsage()
console.log(
  JSON.stringify({
    seconds,
    size: r.size,
    verified: r.verified,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    startRssMiB: before.rss / MiB,
    peakHeapMiB: peak.heapUsed / MiB,
    peakExternalMiB: peak.external / MiB,
    peakArrayBuffersMiB: peak.arrayBuffers / MiB,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
)
