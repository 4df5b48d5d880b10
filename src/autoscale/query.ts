// src/autoscale/query.ts — the AWS Query protocol's request encoding: `Name.member.N`, `Name.Field`, sorted form bodies.
import { InputError } from '../core/errors.js'
import { hasLoneSurrogate } from './checks.js'

/** A value the Query serializer accepts: scalars, Dates, lists and nested structures. */
export type QueryValue = string | number | boolean | Date | readonly QueryValue[] | { readonly [field: string]: QueryValue | undefined }

/**
 * Flattens parameters as the Query protocol wants them: lists as `Name.member.N` (N from 1),
 * structures as `Name.Field`, booleans as `true`/`false`, Dates as ISO-8601 UTC. Undefined fields
 * are left out; an empty list is sent as `Name=` (how AWS clears a list such as
 * TerminationPolicies). NaN, Infinity and invalid Dates are InputErrors naming the field.
 * @example flattenQuery({ AutoScalingGroupNames: ['a', 'b'] }) // [['AutoScalingGroupNames.member.1', 'a'], ['AutoScalingGroupNames.member.2', 'b']]
 */
export function flattenQuery(params: Readonly<Record<string, QueryValue | undefined>>): [string, string][] {
  const out: [string, string][] = []
  const walk = (prefix: string, value: QueryValue | undefined): void => {
    if (value === undefined) return
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) throw new InputError(`${prefix} holds a lone UTF-16 surrogate, which cannot be sent`)
      out.push([prefix, value])
    }
    else if (typeof value === 'boolean') out.push([prefix, value ? 'true' : 'false'])
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new InputError(`${prefix} must be a finite number, got ${value}`)
      out.push([prefix, String(value)])
    } else if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new InputError(`${prefix} is an invalid Date`)
      out.push([prefix, value.toISOString()])
    } else if (Array.isArray(value)) {
      if (value.length === 0) out.push([prefix, ''])
      value.forEach((item: QueryValue, i: number) => walk(`${prefix}.member.${i + 1}`, item))
    } else if (typeof value === 'object' && value !== null) {
      for (const [field, v] of Object.entries(value)) walk(`${prefix}.${field}`, v)
    } else {
      throw new InputError(`${prefix} has an unsupported type ${value === null ? 'null' : typeof value}`)
    }
  }
  for (const [name, value] of Object.entries(params)) walk(name, value)
  return out
}

/**
 * RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~` is escaped (a space is `%20`,
 * never `+`), as SigV2 and SigV4 canonical forms require.
 * @example rfc3986("it's") // 'it%27s'
 */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * A form body with the pairs sorted by name, RFC 3986-encoded. Sorted because Phantom rebuilds
 * the body it hashes for SigV4 from its parsed, sorted parameters: any other order breaks the
 * signature there, and AWS and moto accept any order.
 * @example encodeForm([['Version', '2011-01-01'], ['Action', 'DescribeTags']]) // 'Action=DescribeTags&Version=2011-01-01'
 */
export function encodeForm(pairs: readonly (readonly [string, string])[]): string {
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&')
}
