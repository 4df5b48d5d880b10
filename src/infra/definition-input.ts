// src/infra/definition-input.ts — shared plumbing of the definition readers: YAML or object in, plain JSON out, problems collected.
import { InputError } from '../core/errors.js'
import type { JsonValue } from './definition-types.js'

/** A JSON object, as the checkers walk it. */
export type JsonObject = { [key: string]: JsonValue }

/**
 * Whether a value is a JSON object (a YAML mapping), not an array or null.
 * @example isObject({ a: 1 }) // true
 */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Reads an own property only: keys such as `constructor` must never reach `Object.prototype`.
 * @example own({ a: 1 }, 'toString') // undefined
 */
export const own = (o: JsonObject, k: string): JsonValue | undefined => (Object.hasOwn(o, k) ? o[k] : undefined)

/**
 * Collects every problem of one input so the user fixes them all in one go, then throws them as
 * one InputError: the message is the first problem (plus "(and N more)"), `details` holds all.
 * @example
 * const p = new Problems('InvalidDescription')
 * p.add('infra_name is required')
 * p.throwIfAny() // InputError "infra_name is required"
 */
export class Problems {
  readonly list: string[] = []
  constructor(private readonly code: string) {}

  add(message: string): void {
    this.list.push(message)
  }

  throwIfAny(): void {
    const [first] = this.list
    if (first === undefined) return
    const more = this.list.length - 1
    throw new InputError(more > 0 ? `${first} (and ${more} more)` : first, { code: this.code, details: [...this.list] })
  }
}

/**
 * A key as it reads in a path: `variables.region`, or `variables["a b"]` when it is no identifier.
 * @example pathKey('nodes[0].filter', 'image-id') // 'nodes[0].filter["image-id"]'
 */
export function pathKey(base: string, key: string): string {
  const k = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key)
  if (!base) return k
  return k.startsWith('"') ? `${base}[${k}]` : `${base}.${k}`
}

/**
 * Copies a value into fresh plain JSON, reporting what JSON cannot hold (functions, `undefined`,
 * NaN, class instances, cycles). The copy also breaks YAML alias sharing and detaches the result
 * from the caller's object, so later edits on either side do not leak across.
 * @example toJson({ a: [1, 'x'] }, 'description', problems) // { a: [1, 'x'] }
 */
export function toJson(value: unknown, path: string, problems: Problems, seen = new Set<object>()): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value
    problems.add(`${path || 'value'} must be a finite number`)
    return null
  }
  if (typeof value !== 'object') {
    problems.add(`${path || 'value'} is a ${typeof value}, which JSON cannot hold`)
    return null
  }
  if (seen.has(value)) {
    problems.add(`${path || 'value'} refers back to itself`)
    return null
  }
  seen.add(value)
  try {
    if (Array.isArray(value)) return value.map((v, i) => toJson(v, `${path}[${i}]`, problems, seen))
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      problems.add(`${path || 'value'} must be a plain object`)
      return null
    }
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) {
      // defineProperty, not assignment: a `__proto__` key stays an ordinary own key.
      Object.defineProperty(out, k, { value: toJson(v, pathKey(path, k), problems, seen), enumerable: true, writable: true, configurable: true })
    }
    return out
  } finally {
    seen.delete(value)
  }
}

/**
 * Turns the reader's input into plain JSON: YAML text is parsed (the `yaml` package is loaded
 * only here, so importing strato/infra does not load it), an object is copied. YAML errors give
 * the position and kind only — the text may hold secrets in `variables`.
 * @example const data = await readInput('infra_name: demo', 'description', 'InvalidDescription')
 */
export async function readInput(input: string | object, what: string, code: string): Promise<JsonValue> {
  let data: unknown = input
  if (typeof input === 'string') {
    const { LineCounter, parseDocument } = await import('yaml')
    const lines = new LineCounter()
    // merge: OCCO reads descriptions with PyYAML, which honours `<<:` merge keys.
    const doc = parseDocument(input, { merge: true, prettyErrors: false, uniqueKeys: true, lineCounter: lines })
    const err = doc.errors[0]
    if (err) {
      const { line, col } = lines.linePos(err.pos[0])
      throw new InputError(`${what}: invalid YAML at line ${line}, column ${col} (${err.code.toLowerCase().replaceAll('_', ' ')})`, { code })
    }
    try {
      // A low alias budget: anchors are for nodes in dependencies, not for "billion laughs".
      data = doc.toJS({ maxAliasCount: 1000 })
    } catch {
      throw new InputError(`${what}: invalid YAML (too many aliases)`, { code })
    }
  } else if (typeof input !== 'object' || input === null) {
    throw new InputError(`${what} must be YAML text or an object`, { code })
  }
  const problems = new Problems(code)
  const json = toJson(data, '', problems)
  problems.throwIfAny()
  return json
}
