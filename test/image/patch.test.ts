// test/image/patch.test.ts — building Glance's JSON Patch from a plain object of changes.
import { describe, expect, it } from 'vitest'
import { buildPatch, pointer } from '../../src/image/index.js'

describe('buildPatch', () => {
  it('escapes ~ before / in JSON pointers (RFC 6901)', () => {
    expect(pointer('a/b')).toBe('/a~1b')
    expect(pointer('a~b')).toBe('/a~0b')
    expect(pointer('~/')).toBe('/~0~1')
    expect(pointer('x~1')).toBe('/x~01')
  })

  it('replace for base attributes, add/replace/remove for custom properties by presence', () => {
    expect(buildPatch({ name: 'n', owner: null, tags: [], k1: 'v', k2: 'v', k3: null, k4: null, skip: undefined }, { k2: 'old', k3: 'old' })).toEqual([
      { op: 'replace', path: '/name', value: 'n' },
      { op: 'replace', path: '/owner', value: null },
      { op: 'replace', path: '/tags', value: [] },
      { op: 'add', path: '/k1', value: 'v' },
      { op: 'replace', path: '/k2', value: 'v' },
      { op: 'remove', path: '/k3' },
    ])
  })

  it('without a current image every custom property is new', () => {
    expect(buildPatch({ a: 'x', b: null }, undefined)).toEqual([{ op: 'add', path: '/a', value: 'x' }])
  })
})
