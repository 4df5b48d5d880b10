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
