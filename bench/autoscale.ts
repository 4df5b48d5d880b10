// bench/autoscale.ts — DescribeAutoScalingGroups over 500 groups of moto: strato vs AWS SDK v3 vs a raw SigV4 floor.
// Run: npm run build && npm run bench:autoscale (the script starts and stops a moto of its own). strato is
// measured from dist/ (what users run), copied at start so that a rebuild mid-run cannot break it. The
// contenders run in this one process, interleaved, and in fresh child processes (bench/autoscale-child.ts)
// for the cold numbers; results are ratios of medians. A node:http floor is there for context only.
//   steady state   one listing of every group (MaxRecords 100 → 5 pages), warm clients, rounds rotate the order
//   first listing  a fresh process: client construction, connection setup and the first full listing
//   cold import    wall time of `node -e "await import(...)"` minus that of bare `node -e ""`
//   bundle         esbuild --bundle --minify --platform=node --format=esm of one listing call, gzip -9
//   where it goes  per-page costs of signing, XML validation, parsing and decoding; CPU profiles
// Env: STRATO_MOTO_URL (else http://127.0.0.1:$STRATO_MOTO_PORT, port 5055), BENCH_GROUPS (500),
// BENCH_ROUNDS (15), BENCH_COLD (7), BENCH_IMPORTS (11), BENCH_PROFILE=0 skips the CPU profiles.
// moto is reset (POST /moto-api/reset) before and after: do not point it at a moto others are using.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { AwsV4Signer } from 'aws4fetch'
import { CONTENDERS, CREDENTIALS, LABELS, PAGE_SIZE, REGION, load, type ContenderName, type Lister } from './autoscale-contenders.js'
import { run } from './support.js'
import type * as AutoscaleModule from '../src/autoscale/index.js'
import { loadXmlParser, parseXml } from '../src/core/xml.js'
import { decode, list, str, struct, type Decoder } from '../src/autoscale/decode.js'
import { AutoScalingGroupDecoder } from '../src/autoscale/schemas.js'
import { signV4 } from '../src/autoscale/signing.js'

const MOTO = (process.env.STRATO_MOTO_URL ?? `http://127.0.0.1:${process.env.STRATO_MOTO_PORT ?? 5055}`).replace(/\/$/, '')
const GROUPS = Number(process.env.BENCH_GROUPS ?? 500)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const COLD = Number(process.env.BENCH_COLD ?? 7)
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 11)
const PROFILE = process.env.BENCH_PROFILE !== '0'
const loadAtStart = loadavg()[0]!
const PAGES = Math.ceil(GROUPS / PAGE_SIZE)
const root = fileURLToPath(new URL('..', import.meta.url))
const childScript = join(root, 'bench/autoscale-child.ts')
const work = join(root, 'node_modules/.cache/bench-autoscale') // inside the repo, so bundles resolve node_modules
const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

if (!existsSync(join(root, 'dist/autoscale/index.js'))) {
  console.error('bench/autoscale: no dist/autoscale/index.js; run `npm run build` first (strato is measured as built)')
  process.exit(1)
}
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
// A snapshot of dist/, so that a rebuild (tsup cleans dist/ first) during the run cannot break it.
cpSync(join(root, 'dist'), join(work, 'dist'), { recursive: true })
const STRATO_DIST = pathToFileURL(join(work, 'dist/autoscale/index.js')).href
process.env.STRATO_BENCH_DIST = STRATO_DIST
const SNAPSHOT = /bench-autoscale\/dist\//

// Children get a clean Node: no compile cache, no inherited loader options.
const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' }
delete childEnv.NODE_COMPILE_CACHE
delete childEnv.NODE_OPTIONS

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`
const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`
const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`
const log = (s: string): void => void process.stderr.write(`${s}\n`)

async function resetMoto(): Promise<void> {
  const r = await fetch(`${MOTO}/moto-api/reset`, { method: 'POST' })
  if (r.status !== 200) throw new Error(`moto reset: HTTP ${r.status}`)
  await r.body?.cancel()
}

// ---- setup: one launch configuration, GROUPS empty groups (no instances), created with strato ----
await resetMoto()
const { AutoscaleClient } = (await import(STRATO_DIST)) as typeof AutoscaleModule
const setupClient = new AutoscaleClient({ endpoint: MOTO, region: REGION, credentials: CREDENTIALS })
const tSetup = performance.now()
await setupClient.launchConfigurations.create({ LaunchConfigurationName: 'bench-lc', ImageId: 'ami-12c6146b', InstanceType: 't2.micro' })
let nextGroup = 0
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (nextGroup < GROUPS) {
      const i = nextGroup++
      await setupClient.groups.create({
        AutoScalingGroupName: `bench-asg-${String(i).padStart(4, '0')}`,
        LaunchConfigurationName: 'bench-lc',
        MinSize: 0,
        MaxSize: 0,
        DesiredCapacity: 0,
        AvailabilityZones: ['us-east-1a'],
      })
    }
  }),
)
await setupClient.close()
log(`setup: ${GROUPS} groups in moto at ${MOTO} in ${((performance.now() - tSetup) / 1000).toFixed(1)} s`)

// ---- steady state: warm clients in this process, interleaved rounds, rotating order ----
const listers = {} as Record<ContenderName, Lister>
for (const name of CONTENDERS) listers[name] = (await load(name))(MOTO)
const expected = (name: ContenderName): number => (name.startsWith('raw') ? PAGES : GROUPS)
async function listOnce(name: ContenderName): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const n = await listers[name].list()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  if (n !== expected(name)) throw new Error(`${name} listed ${n}, expected ${expected(name)}`)
  return { wall, cpu: (c.user + c.system) / 1000 }
}
for (let i = 0; i < 3; i++) for (const name of CONTENDERS) await listOnce(name) // warm-up: JIT, sockets, moto's caches
const steady = Object.fromEntries(CONTENDERS.map((n) => [n, { wall: [] as number[], cpu: [] as number[] }])) as Record<ContenderName, { wall: number[]; cpu: number[] }>
for (let round = 0; round < ROUNDS; round++) {
  const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]!)
  for (const name of order) {
    const r = await listOnce(name)
    steady[name].wall.push(r.wall)
    steady[name].cpu.push(r.cpu)
  }
  log(`steady round ${round + 1}/${ROUNDS}: ${CONTENDERS.map((n) => `${n} ${steady[n].wall.at(-1)!.toFixed(0)} ms`).join(', ')}`)
}
for (const name of CONTENDERS) await listers[name].close()

// ---- first listing in a fresh process: import, then client + connection + first full listing ----
// 'strato+undici' is strato with undici imported before the clock starts (strato imports it on its first request).
const COLD_VARIANTS = [...CONTENDERS, 'strato+undici'] as const
type ColdName = (typeof COLD_VARIANTS)[number]
const cold = Object.fromEntries(COLD_VARIANTS.map((n) => [n, { importMs: [] as number[], firstMs: [] as number[] }])) as Record<ColdName, { importMs: number[]; firstMs: number[] }>
async function firstListing(variant: ColdName, profileFile?: string): Promise<{ importMs: number; firstMs: number }> {
  const name: ContenderName = variant === 'strato+undici' ? 'strato' : variant
  const env = variant === 'strato+undici' ? { ...childEnv, STRATO_BENCH_PRELOAD_UNDICI: '1' } : childEnv
  const out = await run(process.execPath, [childScript, 'first', name, MOTO, String(expected(name)), '-', ...(profileFile ? [profileFile] : [])], env)
  return JSON.parse(out.trim().split('\n').at(-1)!) as { importMs: number; firstMs: number }
}
for (let round = 0; round < COLD; round++) {
  const order = COLD_VARIANTS.map((_, i) => COLD_VARIANTS[(i + round) % COLD_VARIANTS.length]!)
  for (const variant of order) {
    const r = await firstListing(variant)
    cold[variant].importMs.push(r.importMs)
    cold[variant].firstMs.push(r.firstMs)
  }
  log(`first-listing round ${round + 1}/${COLD}: ${COLD_VARIANTS.map((n) => `${n} ${cold[n].firstMs.at(-1)!.toFixed(0)} ms`).join(', ')}`)
}

// ---- cold import: whole-process wall time minus bare node's ----
const IMPORT_TARGETS = {
  bare: '',
  strato: `await import(${JSON.stringify(STRATO_DIST)})`,
  'aws-sdk': `await import('@aws-sdk/client-auto-scaling')`,
  undici: `await import('undici')`,
  // What strato loads on its first request rather than at import (see docs/performance.md).
  lazy: `await import('ky'); await import('fast-xml-parser')`,
} as const
type ImportName = keyof typeof IMPORT_TARGETS
const importWall: Record<ImportName, number[]> = { bare: [], strato: [], 'aws-sdk': [], undici: [], lazy: [] }
function spawnWall(code: string): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] })
  const wall = performance.now() - t0
  if (r.status !== 0) throw new Error(`node -e ${JSON.stringify(code)} exited ${r.status}: ${String(r.stderr)}`)
  return wall
}
const importNames = Object.keys(IMPORT_TARGETS) as ImportName[]
for (const name of importNames) spawnWall(IMPORT_TARGETS[name]) // page cache
for (let round = 0; round < IMPORTS; round++) {
  for (let i = 0; i < importNames.length; i++) {
    const name = importNames[(i + round) % importNames.length]!
    importWall[name].push(spawnWall(IMPORT_TARGETS[name]))
  }
}
const bareMs = median(importWall.bare)
const importCost = Object.fromEntries(importNames.map((n) => [n, median(importWall[n]) - bareMs])) as Record<ImportName, number>
log(`cold import: bare node ${bareMs.toFixed(0)} ms; strato +${importCost.strato.toFixed(0)} ms; AWS SDK +${importCost['aws-sdk'].toFixed(0)} ms`)

// Where strato's import time goes: the modules dist/ loads at import, one by one, in fresh processes
// (ky, fast-xml-parser and undici wait for the first request).
const IMPORT_STEPS = ['node:fs/promises', 'node:stream', 'eventemitter3', 'aws4fetch', STRATO_DIST]
const stepScript = `const out = []; let t = performance.now()
for (const s of ${JSON.stringify(IMPORT_STEPS)}) { await import(s); const n = performance.now(); out.push(n - t); t = n }
console.log(JSON.stringify(out))`
const stepRuns: number[][] = []
for (let i = 0; i < 7; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', stepScript], { cwd: root, env: childEnv, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`import steps: ${r.stderr}`)
  stepRuns.push(JSON.parse(r.stdout) as number[])
}
const importSteps = IMPORT_STEPS.map((step, i) => [step === STRATO_DIST ? "strato's own modules (the rest)" : step, median(stepRuns.map((r) => r[i]!))] as const)
log(`strato import steps: ${importSteps.map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}`)

// ---- bundle of one listing call, deps included ----
const CALL_STRATO = `import { AutoscaleClient } from ${JSON.stringify(STRATO_DIST.replace('file://', ''))}
const c = new AutoscaleClient({ endpoint: process.argv[2], region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
console.log((await c.groups.list({ MaxRecords: 100 }).toArray()).length)
await c.close()
`
const CALL_AWS = `import { AutoScalingClient, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling'
const client = new AutoScalingClient({ endpoint: process.argv[2], region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
let n = 0
for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, { MaxRecords: 100 })) n += page.AutoScalingGroups?.length ?? 0
console.log(n)
client.destroy()
`
// esbuild's ESM output has no \`require\`; CommonJS dependencies that call it for builtins need one.
const REQUIRE_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);"
interface Bundle { label: string; min: number; gz: number; top: string; runs: boolean }
function bundle(label: string, file: string, source: string, external: string[]): Bundle {
  const out = join(work, `${file}.mjs`)
  const meta = join(work, `${file}.meta.json`)
  const esbuild = join(root, 'node_modules/.bin/esbuild')
  const args = ['--bundle', '--minify', '--platform=node', '--format=esm', `--banner:js=${REQUIRE_BANNER}`, `--outfile=${out}`, `--metafile=${meta}`, '--log-level=error', ...external.map((e) => `--external:${e}`)]
  const r = spawnSync(esbuild, args, { cwd: root, input: source, stdio: ['pipe', 'pipe', 'pipe'] })
  if (r.status !== 0) throw new Error(`esbuild ${label}: ${String(r.stderr)}`)
  const code = readFileSync(out)
  // Which packages the bytes come from (bytes in the minified output, before gzip).
  const byPackage = new Map<string, number>()
  const inputs = (JSON.parse(readFileSync(meta, 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }).outputs
  for (const o of Object.values(inputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(o.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
      const pkg = SNAPSHOT.test(path) ? 'strato (dist)' : m ? m[1]! : path
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput)
    }
  }
  const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 7).map(([p, b]) => `${p} ${kB(b)}`).join(', ')
  // The bundle must work: it lists the groups like the contenders do.
  const ran = spawnSync(process.execPath, [out, MOTO], { env: childEnv, encoding: 'utf8' })
  const runs = ran.status === 0 && ran.stdout.trim() === String(GROUPS)
  if (!runs) log(`bundle ${label} did not list ${GROUPS} groups: ${ran.stdout.trim()} ${ran.stderr.slice(-500)}`)
  // gzip -9 itself (its output is ~0.5 % smaller than zlib's level 9); zlib when there is no gzip.
  const gz = spawnSync('gzip', ['-9', '-c', out], { maxBuffer: 64 * 1024 * 1024 })
  return { label, min: code.length, gz: gz.status === 0 ? gz.stdout.length : gzipSync(code, { level: 9 }).length, top, runs }
}
const bundles = {
  stratoNoUndici: bundle('strato, undici external', 'strato-undici-external', CALL_STRATO, ['undici']),
  strato: bundle('strato, undici included', 'strato', CALL_STRATO, []),
  aws: bundle('AWS SDK v3', 'aws-sdk', CALL_AWS, []),
}

// ---- where strato's time goes: per-page costs on a real moto page, then CPU profiles of warm listings ----
const sampleBody = `Action=DescribeAutoScalingGroups&Version=2011-01-01&MaxRecords=${PAGE_SIZE}`
const sampleSigned = await new AwsV4Signer({ method: 'POST', url: MOTO, headers: { 'content-type': FORM }, body: sampleBody, ...CREDENTIALS, service: 'autoscaling', region: REGION }).sign()
const page = await (await fetch(sampleSigned.url, { method: 'POST', headers: sampleSigned.headers, body: sampleBody })).text()
const pageDecoder = struct({ AutoScalingGroups: list(AutoScalingGroupDecoder), NextToken: str }) as Decoder<Record<string, unknown>>
await loadXmlParser()
const parsedResult = (parseXml(page).DescribeAutoScalingGroupsResponse as Record<string, unknown>).DescribeAutoScalingGroupsResult
// The options of src/core/xml.ts, with and without its isArray callback (String(jpath) on every tag).
// The options of src/core/xml.ts, and fast-xml-parser's default of building a path string per tag.
const fxpOptions = { ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false, trimValues: true, processEntities: true, htmlEntities: false, jPath: false }
const withPathStrings = { ...fxpOptions, jPath: true }
// The AWS SDK's own XML parser (a transitive dependency of @aws-sdk/client-auto-scaling), when present.
const awsParseXml = await import('@aws-sdk/xml-builder').then((m) => m.parseXML, () => undefined)
/** Median over 7 batches of the mean time of one call, after a warm-up. */
async function perCall(fn: () => unknown, n = 30): Promise<number> {
  for (let i = 0; i < n; i++) await fn()
  const batches: number[] = []
  for (let b = 0; b < 7; b++) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await fn()
    batches.push((performance.now() - t0) / n)
  }
  return median(batches)
}
const phase = {
  signStrato: await perCall(() => signV4({ method: 'POST', url: MOTO, headers: { 'content-type': FORM }, body: sampleBody }, { credentials: CREDENTIALS, region: REGION }), 200),
  signRaw: await perCall(() => new AwsV4Signer({ method: 'POST', url: MOTO, headers: { 'content-type': FORM }, body: sampleBody, ...CREDENTIALS, service: 'autoscaling', region: REGION }).sign(), 200),
  validate: await perCall(() => XMLValidator.validate(page)),
  parseXml: await perCall(() => parseXml(page)),
  parseStrato: await perCall(() => new XMLParser(fxpOptions).parse(page)),
  parsePathStrings: await perCall(() => new XMLParser(withPathStrings).parse(page)),
  decode: await perCall(() => decode(pageDecoder, parsedResult, 'DescribeAutoScalingGroupsResult', page)),
  awsParse: awsParseXml ? await perCall(() => awsParseXml(page)) : undefined,
  regex: await perCall(() => /<NextToken>([^<]*)<\/NextToken>/.exec(page), 200),
}
const xmlPerPage = phase.parseXml + phase.decode

interface ProfileSummary { byPart: [string, number][]; topFns: [string, number][]; cpuMs: number; wallMs: number; sampledMs: number }
/** CPU profile of `listings` warm listings, or (listings 0) of the first listing in a fresh process. */
async function profile(name: ContenderName, listings: number): Promise<ProfileSummary> {
  const file = join(work, `${name}-${listings === 0 ? 'first' : 'warm'}.cpuprofile`)
  let cpuMs = NaN
  let wallMs: number
  if (listings === 0) {
    wallMs = (await firstListing(name, file)).firstMs
  } else {
    const out = await run(process.execPath, [childScript, 'loop', name, MOTO, String(expected(name)), String(listings), file], childEnv)
    ;({ cpuMs, wallMs } = JSON.parse(out.trim().split('\n').at(-1)!) as { cpuMs: number; wallMs: number })
  }
  const per = Math.max(listings, 1)
  const prof = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
    samples: number[]
    timeDeltas: number[]
  }
  const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]))
  const part = (url: string, fn: string): string => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
    if (SNAPSHOT.test(url)) return 'strato (dist)'
    if (m) return m[1]!
    if (url.startsWith('node:internal/deps/undici')) return "Node's fetch (its bundled undici)"
    if (url.startsWith('node:internal/modules') || fn === 'compileSourceTextModule' || fn === 'compileFunctionForCJSLoader') return 'module loading'
    if (url.startsWith('node:')) return 'Node internals'
    if (url.includes('/bench/')) return 'bench harness'
    if (fn === '(garbage collector)') return 'GC'
    if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return fn
    return `${fn || '(native)'} (native)`
  }
  const parts = new Map<string, number>()
  const fns = new Map<string, number>()
  let sampled = 0
  // Self time: each sample is charged to its leaf frame, for the time until the next sample.
  for (let i = 0; i < prof.samples.length; i++) {
    const cf = byId.get(prof.samples[i]!)!
    const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000
    const p = part(cf.url, cf.functionName)
    if (p === '(idle)') continue
    sampled += dt
    parts.set(p, (parts.get(p) ?? 0) + dt)
    const where = cf.url.includes('node_modules') ? `${p === 'strato (dist)' ? '' : `${p}/`}${cf.url.split('/').at(-1)}:${cf.lineNumber + 1}` : p
    const key = `${cf.functionName || '(anonymous)'} (${where})`
    fns.set(key, (fns.get(key) ?? 0) + dt)
  }
  const perListing = (m: Map<string, number>): [string, number][] => [...m].map(([k, v]) => [k, v / per] as [string, number]).sort((a, b) => b[1] - a[1])
  return { byPart: perListing(parts), topFns: perListing(fns).slice(0, 10), cpuMs, wallMs, sampledMs: sampled / per }
}
const PROFILED = 10
const profiles = PROFILE
  ? { 'strato, warm': await profile('strato', PROFILED), 'raw floor, warm': await profile('raw', PROFILED), 'strato, first listing in a fresh process': await profile('strato', 0) }
  : undefined

await resetMoto()

// ---- report ----
const med = (name: ContenderName): number => median(steady[name].wall)
const cpuMed = (name: ContenderName): number => median(steady[name].cpu)
const firstMed = (name: ColdName): number => median(cold[name].firstMs)
const steadyRatio = med('strato') / med('raw')
const importRatio = importCost.strato / importCost['aws-sdk']
const bundleRatio = bundles.strato.gz / bundles.aws.gz
const bundleRatioNoUndici = bundles.stratoNoUndici.gz / bundles.aws.gz
const met = (ok: boolean): string => (ok ? 'met' : '**missed**')
const cpuInfo = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(0)} %`

const lines: string[] = []
const say = (s = ''): void => void lines.push(s)
say(`DescribeAutoScalingGroups of ${GROUPS} groups, all pages (MaxRecords ${PAGE_SIZE} → ${PAGES} pages of ~${kB(page.length)} XML), moto at ${MOTO}`)
say(`${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpuInfo}; strato from dist/; 1-minute load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`)
say()
say(`Steady state: warm clients in one process, ${ROUNDS} interleaved rounds after 3 warm-up rounds; median (range) wall time per listing, and client CPU per listing`)
say()
say('| contender | wall | vs raw floor | client CPU |')
say('|---|---|---|---|')
for (const n of CONTENDERS) say(`| ${LABELS[n]} | ${ms(med(n))} (${range(steady[n].wall)}) | **${(med(n) / med('raw')).toFixed(3)}×** | ${ms(cpuMed(n))} |`)
say()
say(`First listing in a fresh process (${COLD} processes each, median): client construction, connections and all ${PAGES} pages, after the library's import (timed apart)`)
say()
const withImport = (n: ColdName): number => median(cold[n].firstMs.map((f, i) => f + cold[n].importMs[i]!))
say('| contender | first listing | vs raw floor | import before it | import + first listing | vs raw floor |')
say('|---|---|---|---|---|---|')
const COLD_LABELS: Record<ColdName, string> = { ...LABELS, 'strato+undici': 'context: strato with undici imported beforehand' }
for (const n of COLD_VARIANTS) {
  say(`| ${COLD_LABELS[n]} | ${ms(firstMed(n))} (${range(cold[n].firstMs)}) | **${(firstMed(n) / firstMed('raw')).toFixed(2)}×** | ${ms(median(cold[n].importMs))} | ${ms(withImport(n))} | ${(withImport(n) / withImport('raw')).toFixed(2)}× |`)
}
say()
say(`Cold import: median of ${IMPORTS} fresh \`node -e "await import(…)"\` processes minus bare \`node -e ""\` (${ms(bareMs)})`)
say()
say('| module | import cost | vs AWS SDK |')
say('|---|---|---|')
say(`| strato/autoscale (dist/autoscale/index.js) | ${ms(importCost.strato)} | **${importRatio.toFixed(2)}×** |`)
say(`| @aws-sdk/client-auto-scaling | ${ms(importCost['aws-sdk'])} | 1.00× |`)
say(`| context: undici (strato imports it on its first request) | ${ms(importCost.undici)} | ${(importCost.undici / importCost['aws-sdk']).toFixed(2)}× |`)
say(`| context: ky + fast-xml-parser (strato loads them on its first request) | ${ms(importCost.lazy)} | ${(importCost.lazy / importCost['aws-sdk']).toFixed(2)}× |`)
say()
say(`strato's import step by step (in-process, in dist/'s order, median of 7 fresh processes): ${importSteps.map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`)
say()
say('Bundle of one call (construct the client, list every group): esbuild --bundle --minify --platform=node --format=esm, dependencies included, gzip -9')
say()
say('| bundle | minified | gzip -9 | vs AWS SDK (gzip) | largest inputs (minified bytes) | bundle lists the 500 groups |')
say('|---|---|---|---|---|---|')
for (const b of [bundles.stratoNoUndici, bundles.strato, bundles.aws]) {
  say(`| ${b.label} | ${kB(b.min)} | ${kB(b.gz)} | **${(b.gz / bundles.aws.gz).toFixed(2)}×** | ${b.top} | ${b.runs ? 'yes' : 'NO'} |`)
}
say()
say('Targets')
const over = med('strato') - med('raw') * 1.05
say(`- steady state ≤ 1.05× the raw floor: ${steadyRatio.toFixed(3)}× — ${met(steadyRatio <= 1.05)}${steadyRatio > 1.05 ? `, by ${((steadyRatio - 1.05) * 100).toFixed(1)} points (${ms(over)} per listing over budget)` : ''}`)
say(`- cold import ≤ 1/3 of AWS SDK v3's: ${importRatio.toFixed(2)}× — ${met(importRatio <= 1 / 3)}${importRatio > 1 / 3 ? `, budget ${ms(importCost['aws-sdk'] / 3)}, strato ${ms(importCost.strato)}` : ''}`)
say(`- bundle ≤ 1/3 of AWS SDK v3's (budget ${kB(bundles.aws.gz / 3)} gzip): undici external ${bundleRatioNoUndici.toFixed(3)}× (${kB(bundles.stratoNoUndici.gz)}) — ${met(bundleRatioNoUndici <= 1 / 3)}; undici included ${bundleRatio.toFixed(2)}× (${kB(bundles.strato.gz)}) — ${met(bundleRatio <= 1 / 3)}`)
say()
say(`Where strato's steady-state time goes. Microbenchmarks on one real page (${PAGE_SIZE} groups), hot, per page:`)
say(`- SigV4: strato signV4 ${ms(phase.signStrato)}, bare AwsV4Signer ${ms(phase.signRaw)}`)
say(`- parseXml (src/core/xml.ts) ${ms(phase.parseXml)}: XMLValidator.validate ${ms(phase.validate)} + XMLParser.parse; the parse alone with strato's options ${ms(phase.parseStrato)}, with fast-xml-parser's default path strings ${ms(phase.parsePathStrings)}`)
say(`- decode into typed groups (on the parsed page): ${ms(phase.decode)}`)
if (phase.awsParse !== undefined) say(`- for comparison, the AWS SDK's own XML parser (@aws-sdk/xml-builder parseXML): ${ms(phase.awsParse)}; the raw floor's NextToken regex ${ms(phase.regex)}`)
say(`- per listing (${PAGES} pages): parse + decode ≈ ${ms(PAGES * xmlPerPage)}; measured strato − raw floor: wall ${ms(med('strato') - med('raw'))}, client CPU ${ms(cpuMed('strato') - cpuMed('raw'))}`)
if (profiles) {
  for (const [name, p] of Object.entries(profiles)) {
    say()
    const what = Number.isNaN(p.cpuMs) ? `${ms(p.wallMs)} wall` : `${PROFILED} listings; ${ms(p.wallMs)} wall and ${ms(p.cpuMs)} CPU per listing`
    say(`CPU profile, ${name} (a child, node:inspector, 200 µs sampling; ${what}, ${ms(p.sampledMs)} sampled busy), self time per listing:`)
    say(`- by part: ${p.byPart.slice(0, 8).map(([k, v]) => `${k} ${ms(v)} (${pct(v, p.sampledMs)})`).join(', ')}`)
    say(`- top functions: ${p.topFns.slice(0, 10).map(([k, v]) => `${k} ${ms(v)}`).join('; ')}`)
  }
}
console.log(lines.join('\n'))
writeFileSync(join(work, 'report.md'), `${lines.join('\n')}\n`)
log(`report also in ${join(work, 'report.md')}; CPU profiles (*.cpuprofile) beside it`)
