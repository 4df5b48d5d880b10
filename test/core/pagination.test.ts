// test/core/pagination.test.ts — Paginator: lazy, restartable, bounded, loop-proof.
import { describe, expect, it } from 'vitest'
import { AbortError, ResponseError } from '../../src/core/errors.js'
import { Paginator } from '../../src/core/pagination.js'

function pagesOf(data: number[], size: number) {
  const calls: (number | undefined)[] = []
  const list = Paginator.from<number, number>(async (cursor) => {
    calls.push(cursor)
    const start = cursor ?? 0
    const items = data.slice(start, start + size)
    return { items, next: start + size < data.length ? start + size : undefined }
  })
  return { list, calls }
}

const data = Array.from({ length: 10 }, (_, i) => i)

describe('Paginator', () => {
  it('iterates every item across pages, lazily', async () => {
    const { list, calls } = pagesOf(data, 3)
    expect(calls).toEqual([])
    const seen: number[] = []
    for await (const x of list) seen.push(x)
    expect(seen).toEqual(data)
    expect(calls).toEqual([undefined, 3, 6, 9])
  })

  it('pages() yields page by page, and a new iteration starts over', async () => {
    const { list, calls } = pagesOf(data, 4)
    const pages: number[][] = []
    for await (const p of list.pages()) pages.push(p)
    expect(pages).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    expect(await list.toArray()).toEqual(data)
    expect(calls.filter((c) => c === undefined)).toHaveLength(2)
  })

  it('toArray({ max }) stops fetching once it has enough; first() reads one page', async () => {
    const { list, calls } = pagesOf(data, 3)
    expect(await list.toArray({ max: 4 })).toEqual([0, 1, 2, 3])
    expect(calls).toEqual([undefined, 3])
    const other = pagesOf(data, 3)
    expect(await other.list.first()).toBe(0)
    expect(other.calls).toEqual([undefined])
  })

  it('refuses a cursor repeated by the server instead of looping', async () => {
    const list = Paginator.from<number, string>(async () => ({ items: [1], next: 'same' }))
    await expect(list.toArray()).rejects.toBeInstanceOf(ResponseError)
  })

  it('follows empty pages that carry a cursor, but not for ever', async () => {
    const list = Paginator.from<number, number>(async (c) => ({ items: c === 2 ? [7] : [], next: c === 2 ? undefined : (c ?? 0) + 1 }))
    expect(await list.toArray()).toEqual([7])
    const endless = Paginator.from<number, number>(async (c) => ({ items: [], next: (c ?? 0) + 1 }))
    await expect(endless.toArray()).rejects.toThrow(/empty pages/)
  })

  it('propagates a page error unchanged and stops on abort', async () => {
    const boom = new Error('page failed')
    await expect(Paginator.from(async () => Promise.reject(boom)).toArray()).rejects.toBe(boom)
    const ctl = new AbortController()
    const list = Paginator.from<number, number>(async (c) => {
      if (c === 1) ctl.abort()
      return { items: [c ?? 0], next: (c ?? 0) + 1 }
    }, { signal: ctl.signal })
    await expect(list.toArray()).rejects.toBeInstanceOf(AbortError)
  })
})
