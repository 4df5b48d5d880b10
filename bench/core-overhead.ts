// bench/core-overhead.ts — what the Client costs over raw fetch: sequential GETs against a local server.
// Run: npm run bench. Rounds alternate between the two contenders so machine noise hits both alike;
// the ratio of medians is the result (target ≤ 1.15×), absolute times are only context.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { Client } from '../src/core/client.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const body = JSON.stringify({ server: { id: 'a5f3', name: 'web1', status: 'ACTIVE', addresses: { private: [{ addr: '10.0.0.5' }] } } })

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

// Both sides get a dedicated keep-alive pool of the same kind, so only the SDK layer differs.
const rawAgent = new Agent({ headersTimeout: 0, bodyTimeout: 0 })
const client = new Client({ endpoint: base, token: 'bench-token-value' })

async function rawFetch(): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    const r = await fetch(`${base}/servers/a5f3`, { headers: { 'x-auth-token': 'bench-token-value' }, dispatcher: rawAgent } as RequestInit)
    if (r.status !== 200) throw new Error(`status ${r.status}`)
    await r.json()
  }
}

async function viaClient(): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    const r = await client.get('/servers/a5f3')
    await r.json()
  }
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

await rawFetch() // warm-up: JIT, sockets
await viaClient()
const raw: number[] = []
const sdk: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  raw.push(await time(rawFetch))
  sdk.push(await time(viaClient))
}
const ratio = median(sdk) / median(raw)
console.log(`core-overhead: ${REQUESTS} sequential GETs × ${ROUNDS} rounds, node ${process.versions.node}`)
console.log(`  raw fetch : median ${median(raw).toFixed(1)} ms (${((median(raw) * 1000) / REQUESTS).toFixed(0)} µs/request)`)
console.log(`  Client    : median ${median(sdk).toFixed(1)} ms (${((median(sdk) * 1000) / REQUESTS).toFixed(0)} µs/request)`)
console.log(`  ratio Client/raw = ${ratio.toFixed(3)}× (target ≤ 1.15×)`)
await client.close()
await rawAgent.close()
server.close()
