// test/core/path.test.ts — interpolated path segments are always encoded.
import { describe, expect, it } from 'vitest'
import { encodePathKeepSlashes, encodeSegment, path } from '../../src/core/path.js'
import { resolveUrl } from '../../src/core/client.js'
import { InputError } from '../../src/core/errors.js'

describe('path', () => {
  it('encodes each interpolated value as one segment', () => {
    expect(path`/servers/${'a/b?c#d'}/action`).toBe('/servers/a%2Fb%3Fc%23d/action')
    expect(path`/x/${"it's (1)*"}`).toBe('/x/it%27s%20%281%29%2A')
    expect(path`/n/${42}`).toBe('/n/42')
  })

  it('refuses dot segments, which URL parsing resolves even when encoded', () => {
    // Why refusing is the only safe answer: the WHATWG parser treats %2E%2E as '..'.
    expect(new URL('http://h/v1/AUTH_a/c/%2E%2E').pathname).toBe('/v1/AUTH_a/')
    for (const bad of ['.', '..', '%2e', '%2E%2e', '.%2E']) expect(() => encodeSegment(bad)).toThrow(InputError)
    expect(() => path`/c/${'..'}`).toThrow(InputError)
    expect(() => encodePathKeepSlashes('a/../b')).toThrow(InputError)
    expect(encodeSegment('...')).toBe('...')
    expect(encodeSegment('.hidden')).toBe('.hidden')
  })

  it('keeps slashes of multi-segment names when asked', () => {
    expect(encodePathKeepSlashes('photos/2024/a b.jpg')).toBe('photos/2024/a%20b.jpg')
  })

  it('joins paths and queries onto the endpoint', () => {
    expect(resolveUrl('http://h/v3', '/auth/tokens', { nocatalog: true })).toBe('http://h/v3/auth/tokens?nocatalog=true')
    expect(resolveUrl('http://h/v3', 'projects')).toBe('http://h/v3/projects')
    expect(resolveUrl('http://h/v1/a', '/c?format=json', { limit: 2 })).toBe('http://h/v1/a/c?format=json&limit=2')
    expect(resolveUrl('http://h/v1', 'https://other/x', { a: null })).toBe('https://other/x')
  })
})
