// src/testing/autoscale-params.ts — reading Query parameters (form body and query string): scalars, Name.member.N lists, structures, checked values.

/**
 * An error the fake answers with: AWS's `<ErrorResponse>` (or Phantom's webob page) with this code,
 * message and status.
 * @example throw new QueryError('ValidationError', 'AutoScalingGroup name not found - g1')
 */
export class QueryError extends Error {
  override readonly name = 'QueryError' as const
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

/**
 * AWS's message for a missing required member, named the way its validator does (camelCase).
 * @example missing('AutoScalingGroupName') // "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null"
 */
export function missing(param: string): QueryError {
  return new QueryError('ValidationError', `1 validation error detected: Value null at '${camel(param)}' failed to satisfy constraint: Member must not be null`)
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

/**
 * The parameters of one Query request, query string and form body together.
 * @example const p = new QueryParams(new URLSearchParams('Action=DescribeTags&MaxRecords=5')); p.int('MaxRecords') // 5
 */
export class QueryParams {
  readonly #map = new Map<string, string>()

  constructor(...sources: URLSearchParams[]) {
    for (const source of sources) for (const [k, v] of source) this.#map.set(k, v)
  }

  /** Every parameter, for signing. @example [...p.entries()] */
  entries(): IterableIterator<[string, string]> {
    return this.#map.entries()
  }

  /** Whether a parameter was sent (even empty). @example p.has('ForceDelete') */
  has(name: string): boolean {
    return this.#map.has(name)
  }

  /** A parameter's value, undefined when absent. @example p.str('KeyName') */
  str(name: string): string | undefined {
    return this.#map.get(name)
  }

  /** A required parameter; AWS's ValidationError when absent or empty. @example p.required('PolicyName') */
  required(name: string): string {
    const v = this.#map.get(name)
    if (v === undefined || v === '') throw missing(name)
    return v
  }

  /**
   * An integer parameter, checked against `min`/`max` with AWS's constraint messages.
   * @example p.int('MaxRecords', { min: 1, max: 100 })
   */
  int(name: string, range: { min?: number; max?: number; required?: boolean } = {}): number | undefined {
    const v = range.required ? this.required(name) : this.#map.get(name)
    if (v === undefined) return undefined
    if (!/^-?\d+$/.test(v.trim())) throw new QueryError('ValidationError', `Value '${v}' at '${camel(name)}' failed to satisfy constraint: Member must be an integer`)
    const n = Number(v)
    if (range.min !== undefined && n < range.min) throw new QueryError('ValidationError', `1 validation error detected: Value '${n}' at '${camel(name)}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`)
    if (range.max !== undefined && n > range.max) throw new QueryError('ValidationError', `1 validation error detected: Value '${n}' at '${camel(name)}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`)
    return n
  }

  /** A boolean parameter (`true`/`false`, any case). @example p.bool('ForceDelete') ?? false */
  bool(name: string): boolean | undefined {
    const v = this.#map.get(name)
    if (v === undefined) return undefined
    if (/^true$/i.test(v)) return true
    if (/^false$/i.test(v)) return false
    throw new QueryError('ValidationError', `Value '${v}' at '${camel(name)}' failed to satisfy constraint: Member must be a boolean`)
  }

  /**
   * A list of strings sent as `Name.member.N` (N from 1), in N order.
   * @example p.members('AutoScalingGroupNames') // ['g1', 'g2']
   */
  members(name: string): string[] {
    return indexed(this.#map, `${name}.member.`).map(([, rest]) => rest.get('')!).filter((v) => v !== undefined)
  }

  /**
   * A list of structures sent as `Name.member.N.Field` (fields may nest: `Values.member.1`), each as a
   * map of the field path after `N.`.
   * @example p.structs('Tags') // [{ Key: 'env', Value: 'prod', … }]
   */
  structs(name: string): Map<string, string>[] {
    return indexed(this.#map, `${name}.member.`).map(([, rest]) => rest)
  }
}

/**
 * The members of a list nested in a structure (`Values.member.N` inside a filter).
 * @example nestedMembers(filter, 'Values') // ['clouds']
 */
export function nestedMembers(struct: Map<string, string>, name: string): string[] {
  return indexed(struct, `${name}.member.`).map(([, rest]) => rest.get('')!).filter((v) => v !== undefined)
}

/** Entries under `prefix` grouped by their index N, ordered by N; the key '' is the member itself. */
function indexed(map: ReadonlyMap<string, string>, prefix: string): [number, Map<string, string>][] {
  const groups = new Map<number, Map<string, string>>()
  for (const [key, value] of map) {
    if (!key.startsWith(prefix)) continue
    const m = /^(\d+)(?:\.(.+))?$/.exec(key.slice(prefix.length))
    if (!m) continue
    const n = Number(m[1])
    if (!groups.has(n)) groups.set(n, new Map())
    groups.get(n)!.set(m[2] ?? '', value)
  }
  return [...groups].sort(([a], [b]) => a - b)
}
