// src/autoscale/checks.ts — argument checks before any request, each failure an InputError naming the field.
import { InputError } from '../core/errors.js'

type Input = Readonly<Record<string, unknown>>

/**
 * The argument as an object, or an InputError saying which call needed one.
 * @example const input = inputObject(raw, 'groups.create')
 */
export function inputObject(value: unknown, call: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${call} needs an object of parameters, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`)
  }
  return value as Input
}

// XmlStringMaxLen255 and friends in the service model: printable text, no control characters but tab/CR/LF.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Whether a string holds half a UTF-16 surrogate pair, which cannot be encoded as UTF-8 (and would
 * make encodeURIComponent throw a bare URIError).
 * @example hasLoneSurrogate('a\uD800') // true
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

/**
 * A required name-like string: non-empty, at most `max` characters, no control characters.
 * @example needText(input, 'AutoScalingGroupName', 'groups.create')
 */
export function needText(input: Input, field: string, call: string, max = 255): string {
  const v = input[field]
  if (v === undefined || v === null || v === '') throw new InputError(`${call}: ${field} is required`)
  return checkText(v, field, call, max)
}

/** An optional string with the same rules. @example optText(input, 'NextToken', 'list') */
export function optText(input: Input, field: string, call: string, max = 255): string | undefined {
  const v = input[field]
  return v === undefined ? undefined : checkText(v, field, call, max)
}

function checkText(v: unknown, field: string, call: string, max: number): string {
  if (typeof v !== 'string') throw new InputError(`${call}: ${field} must be a string, got ${typeof v}`)
  if (v.length === 0 || v.length > max) throw new InputError(`${call}: ${field} must be 1 to ${max} characters, got ${v.length}`)
  if (CONTROL.test(v)) throw new InputError(`${call}: ${field} must not contain control characters`)
  if (hasLoneSurrogate(v)) throw new InputError(`${call}: ${field} holds a lone UTF-16 surrogate`)
  return v
}

/**
 * An optional integer within [min, max].
 * @example optInt(input, 'MaxRecords', 'groups.list', 1, 100)
 */
export function optInt(input: Input, field: string, call: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = input[field]
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new InputError(`${call}: ${field} must be an integer from ${min} to ${max}, got ${typeof v === 'number' ? v : typeof v}`)
  }
  return v
}

/** A required integer within [min, max]. @example needInt(input, 'DesiredCapacity', 'groups.setDesiredCapacity') */
export function needInt(input: Input, field: string, call: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (input[field] === undefined) throw new InputError(`${call}: ${field} is required`)
  return optInt(input, field, call, min, max)!
}

/** An optional boolean. @example optBool(input, 'ForceDelete', 'groups.delete') */
export function optBool(input: Input, field: string, call: string): boolean | undefined {
  const v = input[field]
  if (v !== undefined && typeof v !== 'boolean') throw new InputError(`${call}: ${field} must be true or false, got ${typeof v}`)
  return v as boolean | undefined
}

/**
 * An optional list of names (each checked like {@link needText}), at most `maxItems` long.
 * @example optTextList(input, 'AutoScalingGroupNames', 'groups.list')
 */
export function optTextList(input: Input, field: string, call: string, maxItems = 1000, max = 255): string[] | undefined {
  const v = input[field]
  if (v === undefined) return undefined
  if (!Array.isArray(v)) throw new InputError(`${call}: ${field} must be an array, got ${typeof v}`)
  if (v.length > maxItems) throw new InputError(`${call}: ${field} holds at most ${maxItems} items, got ${v.length}`)
  return v.map((item, i) => checkText(item, `${field}[${i}]`, call, max))
}

/**
 * MinSize ≤ DesiredCapacity ≤ MaxSize, where given, as AWS checks them (moto answers some
 * violations with a 500, so the client says it first).
 * @example checkSizes({ MinSize: 1, MaxSize: 3, DesiredCapacity: 2 }, 'groups.create')
 */
export function checkSizes(input: Input, call: string): void {
  const min = optInt(input, 'MinSize', call)
  const max = optInt(input, 'MaxSize', call)
  const desired = optInt(input, 'DesiredCapacity', call)
  if (min !== undefined && max !== undefined && min > max) throw new InputError(`${call}: MinSize (${min}) must not exceed MaxSize (${max})`)
  if (desired !== undefined && min !== undefined && desired < min) throw new InputError(`${call}: DesiredCapacity (${desired}) is below MinSize (${min})`)
  if (desired !== undefined && max !== undefined && desired > max) throw new InputError(`${call}: DesiredCapacity (${desired}) is above MaxSize (${max})`)
}
