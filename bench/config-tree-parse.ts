// bench/config-tree-parse.ts — ConfigTree.parse on a ~10 MB get-config reply: the old fast-xml-parser path vs the scanner.
// Run: npx tsx bench/config-tree-parse.ts. The document is shaped like bench/netconf.ts's big reply (ietf-system local
// users, each with one ~1 KiB authorized key), BENCH_USERS users (8700 ≈ 10 MB). Each contender runs BENCH_RUNS (7)
// times after one warm-up, interleaved; the medians are printed. "old" is test/netconf/support/config-tree-fxp.ts, the
// implementation the scanner (and ConfigNode's fillParsed) replaced, kept there only as the property test's reference.
import { randomBytes } from 'node:crypto'
import { ConfigTree } from '../src/netconf/config-tree.js'
import { parseElements } from '../src/netconf/config-tree-parse.js'
import { parseElementsFxp, treeFxp } from '../test/netconf/support/config-tree-fxp.js'

const USERS = Number(process.env.BENCH_USERS ?? 8700)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)

const users: string[] = []
for (let i = 0; i < USERS; i++) {
  const key = randomBytes(768).toString('base64') // 1024 characters
  users.push(`<user><name>u${i}</name><authorized-key><name>k</name><algorithm>ssh-ed25519</algorithm><key-data>${key}</key-data></authorized-key></user>`)
}
const xml = `<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><authentication>${users.join('')}</authentication></system></data>`

const contenders: Record<string, () => unknown> = {
  'old parseElements (fast-xml-parser)': () => parseElementsFxp(xml),
  'new parseElements (scanner)': () => parseElements(xml),
  'old ConfigTree.parse (fxp + API build)': () => treeFxp(xml, 'never'),
  'new ConfigTree.parse (scanner + tree)': () => ConfigTree.parse(xml, { wrap: 'never' }),
}
const times: Record<string, number[]> = {}
for (const [name, run] of Object.entries(contenders)) {
  run() // warm-up, JIT
  times[name] = []
}
for (let r = 0; r < RUNS; r++) {
  for (const [name, run] of Object.entries(contenders)) {
    const t0 = performance.now()
    run()
    times[name]?.push(performance.now() - t0)
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
console.log(`${(xml.length / 1e6).toFixed(1)} MB, ${USERS} users, median of ${RUNS} runs:`)
for (const [name, xs] of Object.entries(times)) console.log(`  ${name.padEnd(40)} ${median(xs).toFixed(1).padStart(7)} ms  (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`)
