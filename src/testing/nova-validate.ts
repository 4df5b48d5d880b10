// src/testing/nova-validate.ts — Nova's JSON-schema checks used by several routes, with Nova's messages.
import type { NovaContext } from './nova-context.js'
import { invalidInput, isObject, pyRepr } from './nova-http.js'

/**
 * Outcome of a check: the 400 message, or undefined when the value is fine.
 * @example const problem = checkName(value); if (problem) return ctx.fail(400, problem)
 */
export type Problem = string | undefined

/**
 * Nova's `name` parameter type: a string of 1–255 printable characters, not starting or ending with whitespace.
 * @example checkName(' web') // "An invalid 'name' value was provided. …"
 */
export function checkName(value: unknown, field = 'name'): Problem {
  if (typeof value !== 'string') return invalidInput(field, value, `${pyRepr(value)} is not of type 'string'`)
  if (value.length < 1) return invalidInput(field, value, `${pyRepr(value)} is too short`)
  if (value.length > 255) return invalidInput(field, value, `${pyRepr(value)} is too long`)
  // the `name` format checker raises InvalidName, whose message Nova passes on without the field prefix
  if (value.trim() !== value || /[\u0000-\u001f\u007f]/.test(value)) return "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."
  return undefined
}

/**
 * An optional free-text string of at most `max` characters (null allowed when `nullable`).
 * @example checkString(body.description, 'description', 255, true)
 */
export function checkString(value: unknown, field: string, max = 255, nullable = false): Problem {
  if (value === undefined || (nullable && value === null)) return undefined
  if (typeof value !== 'string') return invalidInput(field, value, `${pyRepr(value)} is not of type 'string'${nullable ? ", 'null'" : ''}`)
  if (value.length > max) return invalidInput(field, value, `${pyRepr(value)} is too long`)
  return undefined
}

/**
 * Nova's metadata type: an object whose keys match `^[a-zA-Z0-9-_:. ]{1,255}$` with string values
 * (≤255). As jsonschema does, the values of matching keys are checked before the other keys are refused.
 * @example checkMetadata({ role: 'web' }) // undefined
 */
export function checkMetadata(value: unknown, field = 'metadata'): Problem {
  if (!isObject(value)) return invalidInput(field, value, `${pyRepr(value)} is not of type 'object'`)
  const keys = Object.keys(value)
  for (const k of keys.filter((k) => METADATA_KEY.test(k))) {
    const v = value[k]
    if (typeof v !== 'string') return invalidInput(k, v, `${pyRepr(v)} is not of type 'string'`)
    if (v.length > 255) return invalidInput(k, v, `${pyRepr(v)} is too long`)
  }
  return checkAdditional(value, field, keys.filter((k) => METADATA_KEY.test(k)))
}

const METADATA_KEY = /^[a-zA-Z0-9\-_:. ]{1,255}$/

/**
 * Properties of `obj` outside `allowed`: Nova's additionalProperties message for the first one.
 * @example checkAdditional(server, 'server', ['name', 'imageRef'])
 */
export function checkAdditional(obj: Record<string, unknown>, field: string, allowed: readonly string[]): Problem {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k))
  if (extra.length === 0) return undefined
  return invalidInput(field, obj, `Additional properties are not allowed (${extra.map((k) => pyRepr(k)).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`)
}

/**
 * Required properties of `obj`: Nova's message for the first missing one.
 * @example checkRequired(server, 'server', ['name', 'flavorRef'])
 */
export function checkRequired(obj: Record<string, unknown>, field: string, required: readonly string[]): Problem {
  const missing = required.find((k) => !(k in obj))
  return missing === undefined ? undefined : invalidInput(field, obj, `'${missing}' is a required property`)
}

/**
 * Nova's positive_integer: an integer ≥ 1, or a string of digits. Returns the number or a problem.
 * @example const n = positiveInteger(body.min_count, 'min_count'); if (typeof n === 'string') return ctx.fail(400, n)
 */
export function positiveInteger(value: unknown, field: string): number | string {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n)) return invalidInput(field, value, `${pyRepr(value)} is not of type 'integer', 'string'`)
  if (n < 1) return invalidInput(field, value, `${pyRepr(value)} is less than the minimum of 1`)
  return n
}

/**
 * Whether a string is base64 as Nova's validator accepts it (padding required, whitespace ignored).
 * @example isBase64('aGVsbG8=') // true
 */
export function isBase64(value: string): boolean {
  const s = value.replace(/\s+/g, '')
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)
}

/**
 * Nova's tag type: 1–60 characters, no `/` nor `,`.
 * @example checkTag('prod') // undefined
 */
export function checkTag(value: unknown, field = 'tags'): Problem {
  if (typeof value !== 'string') return invalidInput(field, value, `${pyRepr(value)} is not of type 'string'`)
  const problem = tagProblem(value)
  return problem === undefined ? undefined : invalidInput(field, value, problem)
}

/**
 * jsonschema's message for a tag that is not one (Nova quotes it in its 400 for `PUT /tags/{tag}`).
 * @example tagProblem('a,b') // "'a,b' does not match '^[^,/]*$'"
 */
export function tagProblem(value: string): string | undefined {
  if (value.length < 1) return `${pyRepr(value)} is too short`
  if (value.length > 60) return `${pyRepr(value)} is too long`
  if (/[/,]/.test(value)) return `${pyRepr(value)} does not match '^[^,/]*$'`
  return undefined
}

/** Nova's per-server tag limit. */
export const MAX_TAGS = 50

/**
 * A list of tags: an array of at most 50 valid, unique tags.
 * @example checkTags(['a', 'b'])
 */
export function checkTags(value: unknown, field = 'tags'): Problem {
  if (!Array.isArray(value)) return invalidInput(field, value, `${pyRepr(value)} is not of type 'array'`)
  if (value.length > MAX_TAGS) return invalidInput(field, value, `${pyRepr(value)} is too long`)
  for (const t of value) {
    const p = checkTag(t, field)
    if (p) return p
  }
  if (new Set(value).size !== value.length) return invalidInput(field, value, `${pyRepr(value)} has non-unique elements`)
  return undefined
}

/**
 * The id at the end of a reference that may be a URL (imageRef, flavorRef).
 * @example refId('http://x/compute/images/abc') // 'abc'
 */
export function refId(ref: string): string {
  return ref.includes('/') ? ref.replace(/\/+$/, '').split('/').pop()! : ref
}

/**
 * Nova's metadata_items quota, as a 403.
 * @example const over = checkMetadataQuota(ctx, server.projectId, Object.keys(next).length); if (over) return over
 */
export function checkMetadataQuota(ctx: NovaContext, projectId: string, count: number): Response | undefined {
  const allowed = ctx.state.quotaFor(projectId).metadata_items
  return allowed >= 0 && count > allowed ? ctx.fail(403, `Maximum number of metadata items exceeds ${allowed}`) : undefined
}
