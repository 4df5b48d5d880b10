// src/compute/microversion.ts — Compute API microversions: parsing, ordering, and choosing one from a version document.
import { InputError } from '../core/errors.js'
import { MicroversionError } from './errors.js'

/** The lowest microversion of the Compute API v2.1 (what Nova serves when no header is sent). */
export const BASE_MICROVERSION = '2.1'

/**
 * The highest microversion this SDK was written against (Nova 2024.2 Dalmatian). Negotiation
 * stops here unless a higher `max` is asked for.
 */
export const SDK_MAX_MICROVERSION = '2.96'

/**
 * A microversion as `[major, minor]`, or undefined when the text is not `X.Y`.
 * @example parseMicroversion('2.26') // [2, 26]
 */
export function parseMicroversion(text: string): [number, number] | undefined {
  if (typeof text !== 'string') return undefined
  const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(text.trim())
  return m ? [Number(m[1]), Number(m[2])] : undefined
}

/**
 * Orders two microversions: negative when `a` is lower, 0 when equal, positive when higher.
 * Versions compare numerically (`2.9` < `2.10`).
 * @example compareMicroversions('2.9', '2.10') // < 0
 */
export function compareMicroversions(a: string, b: string): number {
  const x = parseMicroversion(a)
  const y = parseMicroversion(b)
  if (!x || !y) throw new InputError(`not a microversion: ${JSON.stringify(x ? b : a)} (expected X.Y, e.g. '2.26')`)
  return x[0] - y[0] || x[1] - y[1]
}

/**
 * Checks a microversion given by a caller and returns it trimmed; InputError otherwise.
 * `latest` is refused: the SDK checks fields against the version it sends, so it needs a number
 * (use `negotiateMicroversion()` to get the highest one).
 * @example checkMicroversion('2.79', 'microversion') // '2.79'
 */
export function checkMicroversion(value: unknown, what: string): string {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'latest') {
    throw new InputError(`${what} 'latest' is not accepted: give a version such as '2.79', or call negotiateMicroversion()`)
  }
  if (typeof value !== 'string' || !parseMicroversion(value)) {
    throw new InputError(`${what} must be a version like '2.79', got ${JSON.stringify(value)}`)
  }
  const v = value.trim()
  if (compareMicroversions(v, BASE_MICROVERSION) < 0) throw new InputError(`${what} must be ${BASE_MICROVERSION} or later, got ${v}`)
  return v
}

/** The microversion range a server announced in its version document. */
export interface MicroversionRange {
  /** `min_version` of the document. */
  min: string
  /** `version` (the highest microversion) of the document. */
  max: string
}

/**
 * Reads the range out of a Compute version document: `GET /v2.1/` (`{"version": {...}}`) or the
 * unversioned root (`{"versions": [...]}`, the `v2.1` entry). A document without microversions
 * (the legacy v2.0 API, `version: ""`) gives 2.1 … 2.1.
 * @example rangeFromDocument({ version: { id: 'v2.1', version: '2.96', min_version: '2.1' } }) // { min: '2.1', max: '2.96' }
 */
export function rangeFromDocument(doc: unknown): MicroversionRange | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined
  const body = doc as { version?: unknown; versions?: unknown }
  let entry: unknown = body.version
  if (entry === undefined && Array.isArray(body.versions)) {
    const list = body.versions as { id?: unknown; status?: unknown }[]
    entry = list.find((v) => v?.id === 'v2.1') ?? list.find((v) => v?.status === 'CURRENT')
  }
  if (typeof entry !== 'object' || entry === null) return undefined
  const e = entry as { version?: unknown; min_version?: unknown }
  const max = typeof e.version === 'string' && parseMicroversion(e.version) ? e.version.trim() : BASE_MICROVERSION
  const min = typeof e.min_version === 'string' && parseMicroversion(e.min_version) ? e.min_version.trim() : BASE_MICROVERSION
  return { min, max }
}

/**
 * The highest microversion both sides support: the server's maximum, capped by `max` (default
 * {@link SDK_MAX_MICROVERSION}). MicroversionError when that is below the server's minimum or
 * below the `min` the caller needs.
 * @example chooseMicroversion({ min: '2.1', max: '2.96' }, { max: '2.79' }) // '2.79'
 */
export function chooseMicroversion(server: MicroversionRange, wanted: { min?: string; max?: string } = {}): string {
  const cap = wanted.max ?? SDK_MAX_MICROVERSION
  const chosen = compareMicroversions(server.max, cap) < 0 ? server.max : cap
  if (compareMicroversions(chosen, server.min) < 0) {
    throw new MicroversionError(`the server supports microversions ${server.min} to ${server.max}, none at or below ${cap}`, { code: 'MicroversionUnsupported' })
  }
  if (wanted.min !== undefined && compareMicroversions(chosen, wanted.min) < 0) {
    throw new MicroversionError(`microversion ${wanted.min} is needed but the server supports at most ${server.max}`, { code: 'MicroversionUnsupported' })
  }
  return chosen
}
