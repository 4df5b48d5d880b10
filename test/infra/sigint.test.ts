// test/infra/sigint.test.ts — abortOnInterrupt: the first SIGINT aborts (so a deploy rolls back), the second exits 130; dispose removes the handlers.
import { describe, expect, it } from 'vitest'
import { AbortError } from '../../src/core/errors.js'
import { abortOnInterrupt } from '../../src/infra/sigint.js'

describe('abortOnInterrupt', () => {
  it('first signal aborts with AbortError and says so; the second exits with 130; dispose removes both handlers', () => {
    const lines: string[] = []
    const exits: number[] = []
    const before = process.listenerCount('SIGINT')
    const beforeTerm = process.listenerCount('SIGTERM')
    const interrupt = abortOnInterrupt({ write: (l) => lines.push(l), exit: (c) => exits.push(c) })
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    process.emit('SIGINT', 'SIGINT')
    expect(interrupt.signal.aborted).toBe(true)
    expect(interrupt.signal.reason).toBeInstanceOf(AbortError)
    expect(lines[0]).toMatch(/rolling back/)
    expect(exits).toEqual([])
    process.emit('SIGTERM', 'SIGTERM')
    expect(exits).toEqual([130])
    interrupt.dispose()
    expect(process.listenerCount('SIGINT')).toBe(before)
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm)
  })
})

describe('abortOnInterrupt in a real process', () => {
  it('Ctrl-C during a deploy rolls everything back and the script exits 1 with the report', async () => {
    const { spawn } = await import('node:child_process')
    const { fileURLToPath } = await import('node:url')
    const script = fileURLToPath(new URL('./sigint-child.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if ((out.match(/^created /gm) ?? []).length === 3 && !child.killed) child.kill('SIGINT')
      })
      child.on('close', resolve)
    })
    expect(err).toMatch(/rolling back/)
    expect(code).toBe(1)
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({ aborted: true, rolledBack: 3, live: 0 })
  }, 30_000)
})
