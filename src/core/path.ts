// src/core/path.ts — the `path` tagged template: URL paths whose interpolated segments are always encoded.

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
 * One path segment, encoded: like encodeURIComponent, but `.` and `..` are encoded too (they
 * would otherwise be resolved away by URL parsing) and RFC 3986 sub-delims that Swift object
 * names often hold stay readable where they are safe.
 * @example encodeSegment('..') // '%2E%2E'
 */
export function encodeSegment(segment: string): string {
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E')
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
