// test/core/body.test.ts — which bodies can be replayed, and file ranges.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { canReplay, fileBody, prepareBody } from '../../src/core/body.js'
import { InputError } from '../../src/core/errors.js'

describe('bodies', () => {
  it('knows which bodies can be sent twice', () => {
    expect(canReplay('x')).toBe(true)
    expect(canReplay(Buffer.from('x'))).toBe(true)
    expect(canReplay(new Blob(['x']))).toBe(true)
    expect(canReplay(new URLSearchParams('a=1'))).toBe(true)
    expect(canReplay(Readable.from(['x']))).toBe(false)
    expect(canReplay(new ReadableStream())).toBe(false)
    expect(canReplay((async function* () {})())).toBe(false)
  })

  it('reads a file range afresh for every attempt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strato-'))
    const f = join(dir, 'x')
    await writeFile(f, 'abcdefghij')
    const body = await fileBody(f, { start: 3, end: 7 })
    expect(canReplay(body)).toBe(true)
    expect(body.size).toBe(4)
    for (let i = 0; i < 2; i++) {
      const p = prepareBody(body)
      expect(p.streaming).toBe(true)
      expect(await new Response(p.body as ReadableStream).text()).toBe('defg')
    }
    const empty = prepareBody(await fileBody(f, { start: 5, end: 5 }))
    expect(await new Response(empty.body as ReadableStream).text()).toBe('')
  })

  it('rejects a missing file or a range outside it with InputError', async () => {
    await expect(fileBody('/nonexistent/file')).rejects.toBeInstanceOf(InputError)
    const dir = await mkdtemp(join(tmpdir(), 'strato-'))
    const f = join(dir, 'x')
    await writeFile(f, 'abc')
    await expect(fileBody(f, { start: 2, end: 9 })).rejects.toBeInstanceOf(InputError)
    await expect(fileBody(f, { start: 2, end: 1 })).rejects.toBeInstanceOf(InputError)
  })
})
