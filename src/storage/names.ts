// src/storage/names.ts — container and object names checked before any request, and their URL paths.
import { InputError } from '../core/errors.js'
import { encodePathKeepSlashes, encodeSegment } from '../core/path.js'

/**
 * The URL path of a container, after checking its name (1–256 bytes, no `/`).
 * @example containerPath('backups') // '/backups'
 */
export function containerPath(container: string): string {
  if (typeof container !== 'string' || container === '') throw new InputError('container name must be a non-empty string')
  if (container.includes('/')) throw new InputError(`container name "${container}" must not contain "/"`)
  if (Buffer.byteLength(container) > 256) throw new InputError(`container name "${container.slice(0, 40)}…" is longer than 256 bytes`)
  return `/${encodeSegment(container)}`
}

/**
 * The URL path of an object, after checking both names. Slashes in the object name stay slashes
 * (pseudo-folders); every part between them is percent-encoded.
 * @example objectPath('photos', '2024/a b.jpg') // '/photos/2024/a%20b.jpg'
 */
export function objectPath(container: string, name: string): string {
  const c = containerPath(container)
  if (typeof name !== 'string' || name === '') throw new InputError('object name must be a non-empty string')
  if (Buffer.byteLength(name) > 1024) throw new InputError(`object name "${name.slice(0, 40)}…" is longer than 1024 bytes`)
  return `${c}/${encodePathKeepSlashes(name)}`
}

/**
 * `container/object` as Swift's headers and bulk requests spell it (each part percent-encoded).
 * @example sourceRef('c', 'a b') // '/c/a%20b'
 */
export function sourceRef(container: string, name: string): string {
  return objectPath(container, name)
}

/** Splits `container/name` (the form of X-Object-Manifest and manifest paths) at the first slash. */
export function splitRef(ref: string): { container: string; name: string } {
  const trimmed = ref.replace(/^\/+/, '')
  const slash = trimmed.indexOf('/')
  if (slash <= 0) throw new InputError(`"${ref}" is not container/object`)
  return { container: trimmed.slice(0, slash), name: trimmed.slice(slash + 1) }
}
