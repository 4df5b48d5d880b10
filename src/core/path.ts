// src/core/path.ts — the `path` tagged template: URL paths whose interpolated segments are always encoded.

import { InputError } from './errors.js'

declare const encodedPath: unique symbol

/** A URL path (and optional query) whose dynamic parts were encoded by {@link path}. */
export type EncodedPath = string & { readonly [encodedPath]: true }

/**
 * Builds a request path, percent-encoding every interpolated value as one path segment, so an
 * id like `a/b?c` can never reach another resource. Literal parts are kept as written.
 * @example path`/servers/${id}/action` // '/servers/a%2Fb%3Fc/action' when id = 'a/b?c'
 */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): EncodedPath {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += encodeSegment(String(value)) + (strings[i + 1] ?? '')
  })
  return out as EncodedPath
}

/**
 * One path segment, encoded like encodeURIComponent plus `!'()*`. A segment that is `.` or `..`
 * is refused with InputError: URL parsing resolves it away even when percent-encoded, so it
 * would address another resource.
 * @example encodeSegment('a b/c') // 'a%20b%2Fc'
 */
export function encodeSegment(segment: string): string {
  if (segment === '.' || segment === '..' || /^(%2e|\.){1,2}$/i.test(segment)) {
    throw new InputError(`"${segment}" cannot be used as a path segment: URLs resolve it to another resource`)
  }
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * A multi-segment path such as a Swift object name with slashes: each `/`-separated part is
 * encoded, the slashes are kept.
 * @example path`/${container}/` + encodePathKeepSlashes('photos/2024/a b.jpg')
 */
export function encodePathKeepSlashes(value: string): string {
  return value.split('/').map(encodeSegment).join('/')
}
