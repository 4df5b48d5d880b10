// src/autoscale/decode.ts — small typed decoders for Query XML results and Phantom JSON, without zod.
// Why not zod: one AutoscaleClient call must bundle to a third of AWS SDK v3's size (≈ 49 kB gz, see
// docs/performance.md) and zod 4 alone is ~60 kB. These decoders do what the Query protocol needs:
// strings stay strings unless a field says number/boolean/date, `<member>` lists are always arrays,
// unknown fields are kept, and a missing required field is a ResponseError naming its path.
import { ResponseError } from '../core/errors.js'

/** Turns one parsed value into a typed one, or throws a ResponseError naming `where`. */
export type Decoder<T> = (value: unknown, where: string) => T

/** The type a decoder produces. @example type Group = Decoded<typeof GroupDecoder> */
export type Decoded<D> = D extends Decoder<infer T> ? T : never

function fail(where: string, what: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : typeof value
  throw new ResponseError(`unexpected response: ${where} ${what}, got ${shown}`)
}

/** Text of an XML element (attributes dropped) or a JSON scalar as a string. */
function scalarText(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '#text' in value) return (value as { '#text': unknown })['#text']
  return value
}

/** A string (a JSON number is written out). @example str('x', 'Name') // 'x' */
export const str: Decoder<string> = (value, where) => {
  const v = scalarText(value)
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  // An empty XML element parses as '' already; an object here means markup where text belongs.
  return fail(where, 'must be text', v)
}

/** An integer, from XML text or a JSON number. @example int('3', 'MinSize') // 3 */
export const int: Decoder<number> = (value, where) => {
  const v = scalarText(value)
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN
  if (!Number.isSafeInteger(n)) return fail(where, 'must be an integer', v)
  return n
}

/** A number (Phantom sensor data, AWS adjustments). @example num('0.5', 'ScalingAdjustment') // 0.5 */
export const num: Decoder<number> = (value, where) => {
  const v = scalarText(value)
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  if (!Number.isFinite(n)) return fail(where, 'must be a number', v)
  return n
}

/** `true`/`false` in XML text (any case), or a JSON boolean. @example bool('true', 'NewInstancesProtectedFromScaleIn') // true */
export const bool: Decoder<boolean> = (value, where) => {
  const v = scalarText(value)
  if (typeof v === 'boolean') return v
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true'
  return fail(where, 'must be true or false', v)
}

/** An ISO-8601 timestamp as a Date. @example date('2026-12-06T20:00:00Z', 'CreatedTime') */
export const date: Decoder<Date> = (value, where) => {
  const v = scalarText(value)
  const d = typeof v === 'string' ? new Date(v.trim()) : new Date(NaN)
  if (Number.isNaN(d.getTime())) return fail(where, 'must be an ISO-8601 time', v)
  return d
}

/**
 * A structure strato does not type (MixedInstancesPolicy, TargetTrackingConfiguration), kept as
 * parsed but with `<member>` lists turned into arrays; an empty element is left out.
 * @example struct({ MixedInstancesPolicy: raw })
 */
export const raw: Decoder<unknown> = (value) => normalize(value)

function normalize(value: unknown): unknown {
  if (value === '') return undefined
  if (Array.isArray(value)) return value.map(normalize)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value).filter(([k]) => !k.startsWith('@_'))
  if (entries.length === 1 && entries[0]![0] === 'member') {
    const m = entries[0]![1]
    return (Array.isArray(m) ? m : [m]).map(normalize)
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) {
    const n = normalize(v)
    if (n !== undefined) out[k] = n
  }
  return out
}

/**
 * A list: a JSON array, or the Query protocol's `<List><member>…</member></List>` (one member
 * parses as an object, several as an array, none as an empty element). Always an array.
 * @example list(str)({ member: 'a' }, 'AvailabilityZones') // ['a']
 */
export function list<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, where) => {
    if (value === undefined || value === null || value === '') return []
    let items: unknown = value
    if (!Array.isArray(value) && typeof value === 'object') {
      const members = (value as Record<string, unknown>).member
      if (members === undefined) {
        // `<List/>` with only attributes or whitespace: nothing in it.
        if (Object.keys(value).every((k) => k.startsWith('@_'))) return []
        return fail(where, 'must be a list of <member> elements', value)
      }
      items = members
    }
    const array = Array.isArray(items) ? items : [items]
    return array.map((v, i) => item(v, `${where}[${i}]`))
  }
}

type Fields = Record<string, Decoder<unknown>>
type Out<F extends Fields> = { [K in keyof F]: Decoded<F[K]> }
type Required<F extends Fields, R extends keyof F> = Pick<Out<F>, R> & Partial<Omit<Out<F>, R>>

/**
 * An object with typed fields. Fields named in `required` must be present; the others are
 * optional (absent, not undefined, when the server left them out). Fields the decoder does not
 * name are kept as parsed, so a newer server's additions are not lost.
 * @example const Tag = struct({ Key: str, Value: str }, ['Key'])
 */
export function struct<F extends Fields, R extends keyof F & string = never>(
  fields: F,
  required: readonly R[] = [],
): Decoder<Required<F, R> & Record<string, unknown>> {
  return (value, where) => {
    if (value === '' && required.length === 0) return {} as Required<F, R> & Record<string, unknown>
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(where, 'must be an object', value)
    const source = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(source)) if (!key.startsWith('@_') && !(key in fields)) out[key] = v
    for (const [key, decode] of Object.entries(fields)) {
      const v = source[key]
      if (v === undefined || v === null) {
        if ((required as readonly string[]).includes(key)) fail(`${where}.${key}`, 'is missing', v)
        continue
      }
      const decoded = decode(v, `${where}.${key}`)
      if (decoded !== undefined) out[key] = decoded
    }
    return out as Required<F, R> & Record<string, unknown>
  }
}

/**
 * Decodes a whole value, naming the root in errors and attaching the raw text as details.
 * @example const groups = decode(list(GroupDecoder), result.AutoScalingGroups, 'AutoScalingGroups', text)
 */
export function decode<T>(decoder: Decoder<T>, value: unknown, root: string, rawText?: string): T {
  try {
    return decoder(value, root)
  } catch (e) {
    if (e instanceof ResponseError && rawText !== undefined && e.details.length === 0) {
      throw new ResponseError(e.message, { details: [rawText.slice(0, 2000)] })
    }
    throw e
  }
}
