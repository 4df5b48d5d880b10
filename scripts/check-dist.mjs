// scripts/check-dist.mjs — the built package loads in plain Node through both `import` and `require`.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const require = createRequire(import.meta.url)
let bad = 0
for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue
  const name = subpath === '.' ? 'strato' : `strato/${subpath.slice(2)}`
  try {
    const esm = await import(new URL(`../${target.import.default}`, import.meta.url).href)
    const cjs = require(`../${target.require.default}`)
    const a = Object.keys(esm).sort().join()
    const b = Object.keys(cjs).sort().join()
    if (a !== b) throw new Error(`ESM and CJS exports differ:\n  esm: ${a}\n  cjs: ${b}`)
    if (Object.keys(esm).length === 0) throw new Error('no exports')
    console.log(`ok ${name}: ${Object.keys(esm).length} exports (ESM and CJS)`)
  } catch (e) {
    bad++
    console.error(`FAIL ${name}: ${e instanceof Error ? e.message : e}`)
  }
}
process.exit(bad ? 1 : 0)
