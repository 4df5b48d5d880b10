// bench/storage-upload-child.ts — one strato upload in its own process, so its peak RSS is its own.
// Usage: tsx bench/storage-upload-child.ts <endpoint> <token> <container> <file> <segmentSize> <concurrency> <checksum 0|1>
import { StorageClient } from '../src/storage/client.js'

const [endpoint, token, container, file, segmentSize, concurrency, checksum] = process.argv.slice(2)
const storage = new StorageClient({ endpoint: endpoint!, token: token! })
await storage.containers.create(container!)
const t0 = performance.now()
const r = await storage.upload(container!, 'bench.bin', file!, {
  segmentSize: Number(segmentSize),
  concurrency: Number(concurrency),
  checksum: checksum === '1',
})
const seconds = (performance.now() - t0) / 1000
await storage.close()
// maxRSS is in KiB.
const cpu = process.cpuUsage()
console.log(JSON.stringify({ seconds, size: r.size, segments: r.segments, maxRssMiB: process.resourceUsage().maxRSS / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6 }))
