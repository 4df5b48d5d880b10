// src/compute/fields.ts — the input checks several Compute calls share (ids, names, metadata, tags), each an InputError.
import { InputError } from '../core/errors.js'

/**
 * Throws InputError unless `value` is a non-empty string; call it inside async methods so it rejects.
 * @example checkId(id, 'server id')
 */
export function checkId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(`${what} must be a non-empty string, got ${describe(value)}`)
}

/**
 * Throws InputError unless `value` is a plain object (the options or body of a call).
 * @example checkObject(input, 'server')
 */
export function checkObject(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${what} must be an object, got ${describe(value)}`)
}

/**
 * Nova's `name` type: 1–255 characters, not starting or ending with whitespace.
 * @example checkName(input.name, 'name')
 */
export function checkName(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new InputError(`${what} must be a non-empty string, got ${describe(value)}`)
  if (value.length > 255) throw new InputError(`${what} must be at most 255 characters, got ${value.length}`)
  if (value.trim() !== value) throw new InputError(`${what} must not start or end with whitespace`)
}

/**
 * An optional string of at most `max` characters (null allowed when `nullable`).
 * @example checkOptionalString(input.description, 'description', 255, true)
 */
export function checkOptionalString(value: unknown, what: string, max = 255, nullable = false): void {
  if (value === undefined || (nullable && value === null)) return
  if (typeof value !== 'string') throw new InputError(`${what} must be a string${nullable ? ' or null' : ''}, got ${describe(value)}`)
  if (value.length > max) throw new InputError(`${what} must be at most ${max} characters, got ${value.length}`)
}

/**
 * Nova's metadata type: string keys of 1–255 characters and string values of at most 255.
 * @example checkMetadata({ role: 'web' }, 'metadata')
 */
export function checkMetadata(value: unknown, what: string): asserts value is Record<string, string> {
  checkObject(value, what)
  for (const [k, v] of Object.entries(value)) {
    if (k.length === 0 || k.length > 255) throw new InputError(`${what}: keys must be 1 to 255 characters, got ${k.length} (${JSON.stringify(k.slice(0, 40))})`)
    if (typeof v !== 'string') throw new InputError(`${what}.${k} must be a string, got ${describe(v)}`)
    if (v.length > 255) throw new InputError(`${what}.${k} must be at most 255 characters, got ${v.length}`)
  }
}

/** Nova's limit of tags per server. */
export const MAX_TAGS = 50

/**
 * Nova's tag type: 1–60 characters, neither `/` nor `,`.
 * @example checkTag('prod', 'tag')
 */
export function checkTag(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new InputError(`${what} must be a non-empty string, got ${describe(value)}`)
  if (value.length > 60) throw new InputError(`${what} must be at most 60 characters, got ${value.length}`)
  if (/[/,]/.test(value)) throw new InputError(`${what} ${JSON.stringify(value)} must contain neither '/' nor ','`)
}

/**
 * A list of at most 50 distinct tags.
 * @example checkTags(['web', 'prod'], 'tags')
 */
export function checkTags(value: unknown, what: string): asserts value is string[] {
  if (!Array.isArray(value)) throw new InputError(`${what} must be an array of strings, got ${describe(value)}`)
  if (value.length > MAX_TAGS) throw new InputError(`${what}: at most ${MAX_TAGS} tags per server, got ${value.length}`)
  value.forEach((t, i) => checkTag(t, `${what}[${i}]`))
  if (new Set(value).size !== value.length) throw new InputError(`${what} must not repeat a tag`)
}

/**
 * Throws InputError when `value` has keys outside `allowed` (a typo would otherwise reach Nova as a 400).
 * @example checkKeys(input, ['name', 'metadata'], 'createImage options')
 */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k) && value[k] !== undefined)
  if (unknown.length > 0) throw new InputError(`${what}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`)
}

/**
 * A flavor or image reference: a non-empty string (an id or a URL), or a number for flavor ids.
 * @example const flavorRef = checkRef(input.flavorRef, 'flavorRef')
 */
export function checkRef(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  checkId(value, what)
  return value
}

/** A value as it reads in an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}
