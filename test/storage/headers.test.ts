// test/storage/headers.test.ts — metadata headers both ways, names to paths, and the typed HEAD view.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { fromHeaderValue, metadataHeaders, objectInfo, readMetadata, toHeaderValue } from '../../src/storage/headers.js'
import { containerPath, objectPath, splitRef } from '../../src/storage/names.js'
import { infoUrl } from '../../src/storage/client.js'

describe('metadata headers', () => {
  it('sends UTF-8 values as Latin-1 bytes and reads them back', () => {
    const value = 'grüße, 東京'
    const wire = toHeaderValue(value)
    expect(() => new Headers({ 'x-object-meta-city': wire })).not.toThrow()
    expect(fromHeaderValue(wire)).toBe(value)
    expect(readMetadata('Object', new Headers({ 'X-Object-Meta-City': wire, 'X-Container-Meta-Other': 'x' }))).toEqual({ city: value })
  })

  it('sets and removes keys; refuses keys that are not HTTP tokens', () => {
    expect(metadataHeaders('Container', { owner: 'ops' }, ['old'])).toEqual({ 'X-Container-Meta-owner': 'ops', 'X-Remove-Container-Meta-old': 'x' })
    expect(() => metadataHeaders('Object', { 'a b': 'x' })).toThrow(InputError)
    expect(() => metadataHeaders('Object', { 'a:b': 'x' })).toThrow(InputError)
  })

  it('objectInfo: size, unquoted ETag, manifest kind, DLO prefix, expiry', () => {
    const slo = objectInfo(new Headers({ 'content-length': '10', etag: '"abc"', 'x-static-large-object': 'True', 'x-delete-at': '1700000000' }))
    expect(slo).toMatchObject({ size: 10, etag: 'abc', manifest: 'slo', deleteAt: new Date(1_700_000_000_000) })
    const dlo = objectInfo(new Headers({ 'content-length': '0', 'x-object-manifest': 'c_segments/a%20b/' }))
    expect(dlo).toMatchObject({ manifest: 'dlo', manifestPrefix: 'c_segments/a b/' })
    expect(objectInfo(new Headers({ 'content-length': '3' })).manifest).toBeNull()
  })
})

describe('names', () => {
  it('encodes each part, keeps slashes in object names, refuses what Swift cannot address', () => {
    expect(objectPath('c', 'dir/a b?#%.txt')).toBe('/c/dir/a%20b%3F%23%25.txt')
    expect(containerPath('ü')).toBe('/%C3%BC')
    expect(() => containerPath('a/b')).toThrow(InputError)
    expect(() => containerPath('')).toThrow(InputError)
    expect(() => objectPath('c', '')).toThrow(InputError)
    expect(() => objectPath('c', 'a/../b')).toThrow(InputError)
    expect(() => objectPath('c', 'x'.repeat(1025))).toThrow(InputError)
    expect(splitRef('/c/a/b')).toEqual({ container: 'c', name: 'a/b' })
  })

  it('finds /info beside the API version', () => {
    expect(infoUrl('http://127.0.0.1:8080/v1/AUTH_test')).toBe('http://127.0.0.1:8080/info')
    expect(infoUrl('https://cloud.example/swift/v1/AUTH_x/')).toBe('https://cloud.example/swift/info')
    expect(infoUrl('https://cloud.example/')).toBe('https://cloud.example/info')
  })
})
