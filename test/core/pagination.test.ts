// test/core/pagination.test.ts — Paginator: lazy, restartable, bounded, loop-proof, abortable.
import { describe, expect, it } from 'vitest'
import { AbortError, ClientError, InputError, ResponseError } from '../../src/core/errors.js'
import { Paginator, type Page } from '../../src/core/pagination.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/** A list of `data` served `size` at a time with offset cursors, recording every fetch. */
function listOf(data: number[], size: number, opts: { signal?: AbortSignal } = {}) {
  const calls: { cursor: number | undefined; signal: AbortSignal | undefined }[] = []
  const list = Paginator.from<number, number>(async (cursor, signal) => {
    calls.push({ cursor, signal })
    const start = cursor ?? 0
    return { items: data.slice(start, start + size), next: start + size < data.length ? start + size : undefined }
  }, opts)
  const cursors = () => calls.map((c) => c.cursor)
  return { list, calls, cursors }
}

describe('Paginator: reading', () => {
  it('iterates every item across pages, in order', async () => {
    const { list, cursors } = listOf(range(10), 3)
    const seen: number[] = []
    for await (const x of list) seen.push(x)
    expect(seen).toEqual(range(10))
    expect(cursors()).toEqual([undefined, 3, 6, 9])
  })

  it('pages() yields each page\'s items', async () => {
    const { list } = listOf(range(10), 4)
    const pages: number[][] = []
    for await (const p of list.pages()) pages.push(p)
    expect(pages).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
  })

  it('is lazy: nothing is fetched until the first item is asked for', async () => {
    const { list, calls } = listOf(range(10), 3)
    const items = list[Symbol.asyncIterator]()
    const pages = list.pages()
    await Promise.resolve()
    expect(calls).toHaveLength(0)
    expect((await items.next()).value).toBe(0)
    expect(calls).toHaveLength(1)
    await items.return?.()
    await pages.return()
    expect(calls).toHaveLength(1)
  })

  it('stops fetching when the reader stops early', async () => {
    const { list, cursors } = listOf(range(10), 3)
    for await (const x of list) if (x === 4) break
    expect(cursors()).toEqual([undefined, 3])
  })

  it('starts again from the first page on each iteration', async () => {
    const { list, cursors } = listOf(range(5), 2)
    expect(await list.toArray()).toEqual(range(5))
    expect(await list.toArray()).toEqual(range(5))
    expect(cursors()).toEqual([undefined, 2, 4, undefined, 2, 4])
  })

  it('works from the plain constructor too, and passes a signal to every fetch', async () => {
    const ctl = new AbortController()
    const cursors: unknown[] = []
    const list = new Paginator<string>(
      async (cursor, signal) => {
        cursors.push(cursor)
        expect(signal).toBe(ctl.signal)
        return cursor === undefined ? { items: ['a'], next: { page: 2 } } : { items: ['b'] }
      },
      { signal: ctl.signal },
    )
    expect(await list.toArray()).toEqual(['a', 'b'])
    expect(cursors).toEqual([undefined, { page: 2 }])
    expect(() => new Paginator<number>(undefined as unknown as () => Promise<Page<number>>)).toThrow(InputError)
  })

  it('treats a null cursor as the last page and reads an empty list as empty', async () => {
    const list = Paginator.from<number, string | null>(async () => ({ items: [1], next: null }))
    expect(await list.toArray()).toEqual([1])
    const empty = Paginator.from<number, string>(async () => ({ items: [] }))
    expect(await empty.toArray()).toEqual([])
    expect(await empty.first()).toBeUndefined()
  })
})

describe('Paginator: toArray and first', () => {
  it('toArray({ max }) stops fetching once it has enough', async () => {
    const a = listOf(range(10), 3)
    expect(await a.list.toArray({ max: 4 })).toEqual([0, 1, 2, 3])
    expect(a.cursors()).toEqual([undefined, 3])
    const b = listOf(range(10), 3)
    expect(await b.list.toArray({ max: 3 })).toEqual([0, 1, 2])
    expect(b.calls).toHaveLength(1) // a full first page is enough: no look at the second
    const c = listOf(range(10), 3)
    expect(await c.list.toArray({ max: 0 })).toEqual([])
    expect(c.calls).toHaveLength(0)
    const d = listOf(range(10), 3)
    expect(await d.list.toArray({ max: 500 })).toEqual(range(10))
    expect(d.calls).toHaveLength(4)
  })

  it('toArray() refuses a bad max with InputError before fetching', async () => {
    const { list, calls } = listOf(range(10), 3)
    for (const max of [-1, 2.5, Number.NaN, '3' as unknown as number]) {
      await expect(list.toArray({ max })).rejects.toBeInstanceOf(InputError)
    }
    expect(calls).toHaveLength(0)
  })

  it('toArray() without max rejects past 100 000 items with TooManyItems, and max lifts that', async () => {
    let fetches = 0
    const huge = Paginator.from<number, number>(async (cursor) => {
      fetches++
      const page = cursor ?? 0
      return { items: new Array<number>(10_000).fill(page), next: page + 1 }
    })
    const err = await huge.toArray().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ClientError)
    expect((err as ClientError).code).toBe('TooManyItems')
    expect((err as ClientError).message).toMatch(/pass toArray\(\{ max \}\) or iterate/)
    expect(fetches).toBe(11) // stops right after crossing the limit, not at the end of the list
    expect(await huge.toArray({ max: 100_005 })).toHaveLength(100_005)
  })

  it('toArray() accepts exactly 100 000 items', async () => {
    const list = Paginator.from<number, number>(async (cursor) => {
      const page = cursor ?? 0
      return { items: new Array<number>(25_000).fill(page), next: page < 3 ? page + 1 : undefined }
    })
    expect(await list.toArray()).toHaveLength(100_000)
  })

  it('first() fetches one page only', async () => {
    const { list, calls } = listOf(range(10), 3)
    expect(await list.first()).toBe(0)
    expect(calls).toHaveLength(1)
  })

  it('first() follows empty pages that carry a cursor', async () => {
    const list = Paginator.from<string, number>(async (c) => (c === undefined ? { items: [], next: 1 } : { items: ['x'] }))
    expect(await list.first()).toBe('x')
  })
})

describe('Paginator: broken servers', () => {
  it('refuses a repeated cursor instead of looping', async () => {
    let fetches = 0
    const list = Paginator.from<number, string>(async () => (fetches++, { items: [1], next: 'same' }))
    const err = await list.toArray().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ResponseError)
    expect((err as ResponseError).message).toMatch(/same page cursor/)
    expect(fetches).toBe(2)
  })

  it('compares object cursors by value, and tells 1 from "1"', async () => {
    const objects = Paginator.from<number, { offset: number }>(async () => ({ items: [1], next: { offset: 5 } }))
    await expect(objects.toArray()).rejects.toBeInstanceOf(ResponseError)
    const moving = Paginator.from<number, { offset: number }>(async (c) => {
      const offset = c?.offset ?? 0
      return { items: [offset], next: offset < 20 ? { offset: offset + 10 } : undefined }
    })
    expect(await moving.toArray()).toEqual([0, 10, 20])
    const mixed = Paginator.from<number, number | string>(async (c) =>
      c === undefined ? { items: [1], next: 1 } : c === 1 ? { items: [2], next: '1' } : { items: [3] },
    )
    expect(await mixed.toArray()).toEqual([1, 2, 3])
  })

  it('follows empty pages with a cursor, but gives up after 100 in a row', async () => {
    const sparse = Paginator.from<number, number>(async (c) => {
      const n = c ?? 0
      return n === 99 ? { items: [7] } : { items: [], next: n + 1 }
    })
    expect(await sparse.toArray()).toEqual([7]) // 99 empty pages are tolerated
    let fetches = 0
    const endless = Paginator.from<number, number>(async (c) => (fetches++, { items: [], next: (c ?? 0) + 1 }))
    const err = await endless.toArray().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ResponseError)
    expect((err as Error).message).toMatch(/100 empty pages/)
    expect(fetches).toBe(100)
  })

  it('rejects a page without an items array with ResponseError', async () => {
    const noItems = Paginator.from<number, string>(async () => ({ next: 'x' }) as unknown as Page<number, string>)
    await expect(noItems.toArray()).rejects.toBeInstanceOf(ResponseError)
    const nothing = Paginator.from<number, string>(async () => undefined as unknown as Page<number, string>)
    await expect(nothing.first()).rejects.toBeInstanceOf(ResponseError)
  })

  it('propagates a page fetch error unchanged, and stops there', async () => {
    const boom = new Error('page 2 failed')
    let fetches = 0
    const list = Paginator.from<number, number>(async (c) => {
      fetches++
      if (c === 1) throw boom
      return { items: [c ?? 0], next: (c ?? 0) + 1 }
    })
    const seen: number[] = []
    const err = await (async () => {
      for await (const x of list) seen.push(x)
    })().catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(seen).toEqual([0])
    expect(fetches).toBe(2)
    await expect(list.pages().next()).resolves.toEqual({ done: false, value: [0] })
  })
})

describe('Paginator: abort', () => {
  it('stops between pages with AbortError carrying the reason', async () => {
    const ctl = new AbortController()
    const { list, calls } = listOf(range(10), 2, { signal: ctl.signal })
    const seen: number[] = []
    const err = await (async () => {
      for await (const x of list) {
        seen.push(x)
        if (x === 2) ctl.abort('enough')
      }
    })().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect((err as AbortError).cause).toBe('enough')
    expect(seen).toEqual([0, 1, 2, 3]) // the page in hand is finished, no further page is fetched
    expect(calls).toHaveLength(2)
  })

  it('fetches nothing when the signal has already fired', async () => {
    const { list, calls } = listOf(range(10), 2, { signal: AbortSignal.abort() })
    await expect(list.toArray()).rejects.toBeInstanceOf(AbortError)
    await expect(list.first()).rejects.toBeInstanceOf(AbortError)
    expect(calls).toHaveLength(0)
  })

  it('does not hand out a page that arrived after the abort', async () => {
    const ctl = new AbortController()
    const list = Paginator.from<number, number>(
      async () => {
        ctl.abort() // the fetch ignores its signal and returns anyway
        return { items: [1, 2], next: 1 }
      },
      { signal: ctl.signal },
    )
    await expect(list.first()).rejects.toBeInstanceOf(AbortError)
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const x of list) seen.push(x)
      })(),
    ).rejects.toBeInstanceOf(AbortError)
    expect(seen).toEqual([])
  })
})
