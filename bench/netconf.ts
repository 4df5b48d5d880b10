// bench/netconf.ts — strato's NETCONF client vs ncclient 0.6.13 (Debian python3-ncclient, /usr/bin/python3) against
// a real netconfd (yuma123 2.13, scripts/peers/netconfd.sh) over SSH on loopback, in one run.
// Run: npm run bench:netconf (the script starts a netconfd + sshd of its own on 127.0.0.1:8831 under
// /tmp/strato-bench-peers and stops it). strato is measured from src/ through tsx (esbuild's transform of the same
// TypeScript tsup builds; no dist/ needed). ncclient runs in bench/netconf-ncclient.py, one fresh process and session
// per round; strato opens a fresh session per round too. Connecting is never inside the clock, and every session
// makes one unmeasured get-config first. Rounds interleave the contenders (their order rotates); results are medians.
//   sequential   BENCH_RPCS get-config RPCs of running (an almost empty config), each awaited before the next
//   pipelined    BENCH_RPCS get-config RPCs all issued at once, then every reply awaited (ncclient: async_mode)
//   10 MB reply  get-config of running once it holds ~BENCH_BIG_MB MB of ietf-system local users, end to end: strato's
//                getConfig() (the reply read and its <data> sliced out as a string) and getConfig() + .tree() (parsed
//                into a ConfigTree); ncclient's get_config(), which parses the whole reply with lxml before returning,
//                and that lxml parse timed on its own
// ncclient variants: 'stock' as shipped (its SSH loop sends a queued request only when select(timeout=0.1 s) returns,
// so ~100 ms per sequential RPC: it does BENCH_STOCK_RPCS only); 'floor', ncclient with that wait removed (send()
// writes to the channel at once) — the server + SSH floor that the targets are measured against; 'tick', the
// other way to remove it (TICK = 0.5 ms, the loop spins), for context.
// Env: STRATO_NETCONF_HOST/PORT/USER/PASSWORD/HOSTKEY_SHA256 (from `netconfd.sh env`), BENCH_RPCS (1000),
// BENCH_STOCK_RPCS (50), BENCH_ROUNDS (5), BENCH_BIG_MB (10), BENCH_BIG_ROUNDS (5).
// The running config is replaced (edit-config merge + commit of candidate): do not point it at a netconfd others use.
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { run } from './support.js'
import { NetconfClient, type NetconfSession } from '../src/netconf/index.js'

const env = (k: string): string => {
  const v = process.env[k]
  if (!v) {
    console.error(`bench/netconf: ${k} is not set; run through \`npm run bench:netconf\` or eval "$(bash scripts/peers/netconfd.sh env)"`)
    process.exit(1)
  }
  return v
}
const HOST = env('STRATO_NETCONF_HOST')
const PORT = Number(env('STRATO_NETCONF_PORT'))
const USER = env('STRATO_NETCONF_USER')
const PASSWORD = env('STRATO_NETCONF_PASSWORD')
const HOSTKEY = env('STRATO_NETCONF_HOSTKEY_SHA256')
const RPCS = Number(process.env.BENCH_RPCS ?? 1000)
const STOCK_RPCS = Number(process.env.BENCH_STOCK_RPCS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 10)
const BIG_ROUNDS = Number(process.env.BENCH_BIG_ROUNDS ?? 5)
const PY = '/usr/bin/python3'
const PY_SCRIPT = fileURLToPath(new URL('netconf-ncclient.py', import.meta.url))
const SYS_NS = 'urn:ietf:params:xml:ns:yang:ietf-system'

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const ms = (x: number): string => `${x.toFixed(x < 10 ? 3 : x < 100 ? 1 : 0)} ms`
const range = (xs: number[]): string => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`
const log = (s: string): void => void process.stderr.write(`${s}\n`)
const rotate = <T>(xs: readonly T[], r: number): T[] => xs.map((_, i) => xs[(i + r) % xs.length]!)

const connect = (): Promise<NetconfSession> =>
  NetconfClient.connect({ host: HOST, port: PORT, username: USER, password: PASSWORD, hostKey: HOSTKEY, timeoutMs: 600_000 })

interface PyResult {
  totalMs: number
  perRpcMs: number
  e2eMs: number[]
  parseMs: number[]
  bytes: number
  users: number
}
async function ncclient(mode: 'seq' | 'pipe' | 'big', variant: 'stock' | 'floor' | 'tick', n: number): Promise<PyResult> {
  const out = await run(PY, [PY_SCRIPT, mode, variant, String(n), HOST, String(PORT), USER, PASSWORD, HOSTKEY])
  return JSON.parse(out.trim().split('\n').at(-1)!) as PyResult
}

// ---- strato: one fresh session per measurement, one unmeasured get-config first ----
async function stratoSeq(n: number): Promise<number> {
  const s = await connect()
  try {
    await s.getConfig()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await s.getConfig()
    return (performance.now() - t0) / n
  } finally {
    await s.close()
  }
}
async function stratoPipe(n: number): Promise<number> {
  const s = await connect()
  try {
    await s.getConfig()
    const t0 = performance.now()
    await Promise.all(Array.from({ length: n }, () => s.getConfig()))
    return (performance.now() - t0) / n
  } finally {
    await s.close()
  }
}
async function stratoBig(): Promise<{ rpc: number; tree: number; bytes: number; users: number }> {
  const s = await connect()
  try {
    await s.getConfig()
    const t0 = performance.now()
    const reply = await s.getConfig()
    const t1 = performance.now()
    const tree = reply.tree()
    const t2 = performance.now()
    const users = tree.children('system')[0]?.children('authentication')[0]?.children('user').length ?? 0
    return { rpc: t1 - t0, tree: t2 - t1, bytes: Buffer.byteLength(reply.xml), users }
  } finally {
    await s.close()
  }
}

// ---- sequential and pipelined, interleaved rounds ----
type SmallName = 'strato' | 'ncclient floor' | 'ncclient stock' | 'ncclient tick'
const SMALL: readonly SmallName[] = ['strato', 'ncclient floor', 'ncclient stock', 'ncclient tick']
const variantOf = (n: SmallName): 'stock' | 'floor' | 'tick' => n.split(' ')[1] as 'stock' | 'floor' | 'tick'
const rpcsOf = (n: SmallName): number => (n === 'ncclient stock' ? STOCK_RPCS : RPCS)
const seq = Object.fromEntries(SMALL.map((n) => [n, [] as number[]])) as Record<SmallName, number[]>
const pipe = Object.fromEntries(SMALL.map((n) => [n, [] as number[]])) as Record<SmallName, number[]>

// A run starts (and ends) from a running config without the users, whatever an earlier, interrupted run left.
async function removeUsers(): Promise<void> {
  const s = await connect()
  try {
    await s.discardChanges()
    await s.editConfig({ target: 'candidate', config: `<system xmlns="${SYS_NS}"><authentication xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/></system>` })
    await s.commit()
    const left = Buffer.byteLength((await s.getConfig()).xml)
    if (left > 100_000) throw new Error(`running config still holds ${left} bytes after removing the users`)
  } finally {
    await s.close()
  }
}
await removeUsers()
await stratoSeq(50) // warm-up of this process: JIT, ssh2's crypto, the lazy XML parser
log(`bench/netconf: netconfd on ${HOST}:${PORT}; ${RPCS} RPCs per round (stock ncclient ${STOCK_RPCS}), ${ROUNDS} rounds`)
for (let round = 0; round < ROUNDS; round++) {
  for (const name of rotate(SMALL, round)) {
    seq[name].push(name === 'strato' ? await stratoSeq(RPCS) : (await ncclient('seq', variantOf(name), rpcsOf(name))).perRpcMs)
  }
  for (const name of rotate(SMALL, round)) {
    pipe[name].push(name === 'strato' ? await stratoPipe(RPCS) : (await ncclient('pipe', variantOf(name), rpcsOf(name))).perRpcMs)
  }
  log(`round ${round + 1}/${ROUNDS}: sequential ${SMALL.map((n) => `${n} ${ms(seq[n].at(-1)!)}`).join(', ')}; pipelined ${SMALL.map((n) => `${n} ${ms(pipe[n].at(-1)!)}`).join(', ')}`)
}

// ---- the big running config: local users with 1 KiB authorized keys, ~1 MB merge edits of candidate, one commit ----
// netconfd refuses one 9 MB edit-config, so it goes in pieces. Built once, with strato (not measured).
const userXml = (i: number): string =>
  `<user><name>u${i}</name><authorized-key><name>k</name><algorithm>ssh-ed25519</algorithm><key-data>${randomBytes(768).toString('base64')}</key-data></authorized-key></user>`
const perUser = userXml(0).length
const USERS = Math.ceil((BIG_MB * 1_000_000) / perUser)
const PER_EDIT = Math.ceil(1_000_000 / perUser)
{
  const tBuild = performance.now()
  const s = await connect()
  try {
    await s.discardChanges()
    for (let first = 0; first < USERS; first += PER_EDIT) {
      let users = ''
      for (let i = first; i < Math.min(USERS, first + PER_EDIT); i++) users += userXml(i)
      await s.editConfig({ target: 'candidate', defaultOperation: 'merge', config: `<system xmlns="${SYS_NS}"><authentication>${users}</authentication></system>` })
    }
    await s.commit()
  } finally {
    await s.close()
  }
  log(`${BIG_MB} MB config: ${USERS} users (${Math.ceil(USERS / PER_EDIT)} merge edits of ~1 MB, one commit) in ${((performance.now() - tBuild) / 1000).toFixed(1)} s`)
}

type BigName = 'strato' | 'ncclient stock' | 'ncclient floor'
const BIG: readonly BigName[] = ['strato', 'ncclient stock', 'ncclient floor']
const big = { strato: { rpc: [] as number[], tree: [] as number[], both: [] as number[] }, 'ncclient stock': { e2e: [] as number[], parse: [] as number[] }, 'ncclient floor': { e2e: [] as number[], parse: [] as number[] } }
let bigBytes = 0
for (let round = 0; round < BIG_ROUNDS; round++) {
  for (const name of rotate(BIG, round)) {
    if (name === 'strato') {
      const r = await stratoBig()
      if (r.users !== USERS) throw new Error(`strato's tree has ${r.users} users, expected ${USERS}`)
      bigBytes = r.bytes
      big.strato.rpc.push(r.rpc)
      big.strato.tree.push(r.tree)
      big.strato.both.push(r.rpc + r.tree)
    } else {
      const r = await ncclient('big', name === 'ncclient stock' ? 'stock' : 'floor', 1)
      if (r.users !== USERS) throw new Error(`ncclient's tree has ${r.users} users, expected ${USERS}`)
      big[name].e2e.push(...r.e2eMs)
      big[name].parse.push(...r.parseMs)
    }
  }
  log(`${BIG_MB} MB round ${round + 1}/${BIG_ROUNDS}: strato ${ms(big.strato.rpc.at(-1)!)} + tree ${ms(big.strato.tree.at(-1)!)}, ncclient stock ${ms(big['ncclient stock'].e2e.at(-1)!)}, floor ${ms(big['ncclient floor'].e2e.at(-1)!)}`)
}

// ---- report ----
const lines: string[] = []
const say = (s = ''): number => lines.push(s)
const met = (ok: boolean): string => (ok ? '**met**' : '**missed**')
const floorSeq = median(seq['ncclient floor'])
const floorPipe = median(pipe['ncclient floor'])
say(`netconf: strato vs ncclient 0.6.13 on netconfd over SSH (127.0.0.1:${PORT}), Node ${process.version}; medians of ${ROUNDS} rounds`)
say()
say(`Sequential get-config of running (${RPCS} per round; stock ncclient ${STOCK_RPCS}), per RPC:`)
say()
say('| contender | per RPC | range | vs floor |')
say('|---|---|---|---|')
for (const n of SMALL) say(`| ${n} | ${ms(median(seq[n]))} | ${range(seq[n])} | **${(median(seq[n]) / floorSeq).toFixed(2)}×** |`)
say()
say(`Pipelined get-config (${RPCS} issued at once; stock ncclient ${STOCK_RPCS}), wall time per RPC and throughput:`)
say()
say('| contender | per RPC | RPC/s | vs sequential floor (throughput) |')
say('|---|---|---|---|')
for (const n of SMALL) say(`| ${n} | ${ms(median(pipe[n]))} | ${(1000 / median(pipe[n])).toFixed(0)} | **${(floorSeq / median(pipe[n])).toFixed(1)}×** |`)
say()
const sRpc = median(big.strato.rpc)
const sBoth = median(big.strato.both)
const nStock = median(big['ncclient stock'].e2e)
const nFloor = median(big['ncclient floor'].e2e)
say(`${(bigBytes / 1e6).toFixed(1)} MB get-config reply (${USERS} users), end to end, medians of ${BIG_ROUNDS}:`)
say()
say('| contender | end to end | of which parsing | vs ncclient stock | vs ncclient floor |')
say('|---|---|---|---|---|')
say(`| strato getConfig() (reply as a string) | ${ms(sRpc)} | — | **${(sRpc / nStock).toFixed(2)}×** | ${(sRpc / nFloor).toFixed(2)}× |`)
say(`| strato getConfig() + tree() | ${ms(sBoth)} | ${ms(median(big.strato.tree))} (tree()) | **${(sBoth / nStock).toFixed(2)}×** | ${(sBoth / nFloor).toFixed(2)}× |`)
say(`| ncclient stock get_config() | ${ms(nStock)} | ${ms(median(big['ncclient stock'].parse))} (lxml) | 1.00× | ${(nStock / nFloor).toFixed(2)}× |`)
say(`| ncclient floor get_config() | ${ms(nFloor)} | ${ms(median(big['ncclient floor'].parse))} (lxml) | ${(nFloor / nStock).toFixed(2)}× | 1.00× |`)
say()
const seqRatio = median(seq.strato) / floorSeq
const pipeGain = floorSeq / median(pipe.strato)
say('Targets')
say(`- sequential RPC ≤ 1.2× the floor: ${seqRatio.toFixed(2)}× (${ms(median(seq.strato))} vs ${ms(floorSeq)}) — ${met(seqRatio <= 1.2)}`)
say(`- pipelined throughput well above the floor: ${pipeGain.toFixed(1)}× the sequential floor's RPC/s, ${(floorPipe / median(pipe.strato)).toFixed(1)}× pipelined ncclient floor's — ${met(pipeGain >= 2)}`)
say(`- 10 MB reply ≤ half of ncclient's time: with tree() ${(sBoth / nStock).toFixed(2)}× stock (${(sBoth / nFloor).toFixed(2)}× floor), without ${(sRpc / nStock).toFixed(2)}× stock (${(sRpc / nFloor).toFixed(2)}× floor) — ${met(sBoth <= nStock / 2)} against stock with tree()`)
console.log(lines.join('\n'))
await removeUsers()
