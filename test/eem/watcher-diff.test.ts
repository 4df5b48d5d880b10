// test/eem/watcher-diff.test.ts — diffDevices and sameValue: matching by uuid, field changes, broken lists.
import { expect, it } from 'vitest'
import { ResponseError } from '../../src/core/errors.js'
import { changedFields, diffDevices, isEmptyBatch, sameValue } from '../../src/eem/watcher-diff.js'
import type { WatchedDevice } from '../../src/eem/watcher-types.js'

const map = (...ds: WatchedDevice[]) => new Map(ds.map((d) => [d.uuid, d]))

it('sorts a list into added, removed and changed against the previous snapshot', () => {
  const prev = map({ uuid: 'a', state: 'free' }, { uuid: 'b', state: 'free' })
  const { devices, batch } = diffDevices(prev, [{ uuid: 'c' }, { uuid: 'a', state: 'allocated' }], ['state'])
  expect([...devices.keys()]).toEqual(['c', 'a'])
  expect(batch.added).toEqual([{ uuid: 'c' }])
  expect(batch.removed).toEqual([{ uuid: 'b', state: 'free' }])
  expect(batch.changed).toEqual([{ device: { uuid: 'a', state: 'allocated' }, previous: { uuid: 'a', state: 'free' }, fields: [{ name: 'state', from: 'free', to: 'allocated' }] }])
  expect(isEmptyBatch(batch)).toBe(false)
  expect(isEmptyBatch(diffDevices(devices, [{ uuid: 'c' }, { uuid: 'a', state: 'allocated' }], ['state']).batch)).toBe(true)
})

it('the last entry wins when a uuid is listed twice', () => {
  const { devices, batch } = diffDevices(new Map(), [{ uuid: 'a', state: '1' }, { uuid: 'b' }, { uuid: 'a', state: '2' }], ['state'])
  expect([...devices.values()]).toEqual([{ uuid: 'b' }, { uuid: 'a', state: '2' }])
  expect(batch.added).toHaveLength(2)
})

it('throws ResponseError for a list that is not an array or a device without uuid', () => {
  expect(() => diffDevices(new Map(), { devices: [] } as never, [])).toThrow(ResponseError)
  expect(() => diffDevices(new Map(), [{ uuid: 'a' }, { id: 'b' } as never], [])).toThrow(/entry 1 has no uuid/)
  expect(() => diffDevices(new Map(), [null as never], [])).toThrow(/entry 0 has no uuid \(got null\)/)
})

it('a missing field equals undefined, but not null', () => {
  expect(changedFields({ uuid: 'a' }, { uuid: 'a', node_id: undefined }, ['node_id'])).toEqual([])
  expect(changedFields({ uuid: 'a' }, { uuid: 'a', node_id: null }, ['node_id'])).toEqual([{ name: 'node_id', from: undefined, to: null }])
})

it('sameValue compares JSON-shaped values structurally', () => {
  expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
  expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true)
  expect(sameValue([1, 2], [1, 2, 3])).toBe(false)
  expect(sameValue([1], { 0: 1 })).toBe(false)
  expect(sameValue(Number.NaN, Number.NaN)).toBe(true)
  expect(sameValue('1', 1)).toBe(false)
  expect(sameValue(null, {})).toBe(false)
})
