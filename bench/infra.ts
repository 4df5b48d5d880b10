// bench/infra.ts — InfraManager's parallel deploy against its critical path: 200 nodes in 5 dependency levels,
// each resource a 50 ms call, state persisted after every step in a FileStore. Run: npx tsx bench/infra.ts.
// The critical path is what no scheduler can beat: 5 levels × (one create call) = 5 × 50 ms. The ratio
// parallel-deploy-time / critical-path says what strato's bookkeeping (planning, templating, the state written
// after every step, the level barrier) costs. Each "call" is a 50 ms timer in a handler, standing in for a cloud
// API with that latency (the fake cloud has no latency knob). Env: BENCH_NODES (200), BENCH_LEVELS (5),
// BENCH_LATENCY_MS (50), BENCH_ROUNDS (7), BENCH_STORE (file | memory).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore, InfraManager, MemoryStore, type InfraStore, type ResourceHandler } from '../src/infra/index.js'

const NODES = Number(process.env.BENCH_NODES ?? 200)
const LEVELS = Number(process.env.BENCH_LEVELS ?? 5)
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const STORE = process.env.BENCH_STORE ?? 'file'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
let live = 0
const handler: ResourceHandler<{ id: string }> = {
  async create(ctx) {
    await sleep(LATENCY) // the one API call that creates it
    live++
    const ref = { id: `${ctx.infraId}/${ctx.nodeId}` }
    await ctx.created(ref)
    return { ref, address: `10.${ctx.index}.0.1` }
  },
  async delete() {
    await sleep(LATENCY)
    live--
  },
}

// Level L has NODES / LEVELS nodes; each depends on one node of the level before, so levels are real barriers.
function description(): object {
  const perLevel = Math.ceil(NODES / LEVELS)
  const nodes: { name: string; type: string }[] = []
  const dependencies: [string, string][] = []
  for (let l = 0; l < LEVELS; l++) {
    for (let i = 0; i < perLevel && nodes.length < NODES; i++) {
      const name = `n${l}-${i}`
      nodes.push({ name, type: 'bench' })
      if (l > 0) dependencies.push([name, `n${l - 1}-${i % perLevel}`])
    }
  }
  return { infra_name: 'bench-infra', user_id: 'bench', nodes, dependencies }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const dir = mkdtempSync(join(tmpdir(), 'strato-bench-infra-'))
const critical = LEVELS * LATENCY
const times: number[] = []
try {
  for (let round = 0; round < ROUNDS; round++) {
    const store: InfraStore = STORE === 'memory' ? new MemoryStore() : new FileStore(join(dir, `r${round}`), { fsync: true })
    const manager = new InfraManager({ store, handlers: { 'bench.node': handler }, nodeDefinitions: { bench: [{ resource: { type: 'bench.node', name: '{{node_id}}' } }] } })
    const t0 = performance.now()
    const { infraId, nodes } = await manager.deploy(description(), { parallel: true })
    const ms = performance.now() - t0
    if (Object.keys(nodes).length !== NODES || live !== NODES) throw new Error(`expected ${NODES} nodes, got ${Object.keys(nodes).length} (${live} live)`)
    await manager.destroy(infraId, { parallel: true })
    if (live !== 0) throw new Error(`${live} resources left after destroy`)
    if (round > 0) times.push(ms) // the first round warms up module loading and the JIT
    console.log(`round ${round}: deploy ${ms.toFixed(0)} ms (${(ms / critical).toFixed(2)}× the ${critical} ms critical path)`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const m = median(times)
console.log(`\n${NODES} nodes, ${LEVELS} levels, ${LATENCY} ms per call, ${STORE} store: median parallel deploy ${m.toFixed(0)} ms = ${(m / critical).toFixed(3)}× the critical path (target ≤ 1.1×)`)
