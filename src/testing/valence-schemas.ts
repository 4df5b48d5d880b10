// src/testing/valence-schemas.ts — Valence's JSON schemas (validation/schemas.py) and a Draft 4 subset that reports the first error as Valence's ValidationError does.
import { pyRepr, ValenceError } from './valence-http.js'

/** The Draft 4 keywords Valence's schemas use. @example const s: Schema = { type: 'object', required: ['name'] } */
export interface Schema {
  type?: 'object' | 'string' | 'array'
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: false
  enum?: string[]
  format?: 'uri'
  minItems?: number
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
}

const str: Schema = { type: 'string' }
const obj = (properties: Record<string, Schema>, required?: string[]): Schema => ({ type: 'object', properties, ...(required ? { required } : {}), additionalProperties: false })
const requirements = obj({ memory: obj({ capacity_mib: str, type: str }), processor: obj({ total_cores: str, model: str }), pci_device: obj({ type: { type: 'array' } }) })
const resourceId = obj({ resource_id: str }, ['resource_id'])

/** The schemas of the routes Valence checks (`@validator.check_input`). @example check(SCHEMAS.flavor, body) */
export const SCHEMAS = {
  flavor: obj({ name: str, description: str, properties: requirements }, ['name', 'properties']),
  podManager: obj(
    { name: str, url: { type: 'string', format: 'uri' }, driver: str, authentication: { type: 'array', minItems: 1, items: obj({ type: str, auth_items: obj({ username: str, password: str }, ['username', 'password']) }, ['type', 'auth_items']) } },
    ['name', 'url', 'authentication'],
  ),
  compose: { anyOf: [obj({ name: str, description: str, flavor_id: str, podm_id: str }, ['name', 'flavor_id']), obj({ name: str, description: str, podm_id: str, properties: requirements }, ['name'])] },
  manage: obj({ node_index: str, podm_id: str }, ['node_index']),
  action: {
    ...obj({
      Boot: obj({ Enabled: { enum: ['Once', 'Continuous'] }, Target: { enum: ['Pxe', 'Hdd', 'None'] } }, ['Enabled', 'Target']),
      Reset: obj({ Type: { enum: ['On', 'ForceOn', 'ForceOff', 'GracefulRestart'] } }, ['Type']),
      attach: resourceId,
      detach: resourceId,
    }),
    oneOf: [{ required: ['Boot'] }, { required: ['Reset'] }, { required: ['attach'] }, { required: ['detach'] }],
  },
} satisfies Record<string, Schema>

interface Failure {
  message: string
  path: (string | number)[]
  instance: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const TYPES = { object: isObject, string: (v: unknown) => typeof v === 'string', array: Array.isArray }

/** The first error of `value` against `schema` (keywords in jsonschema's order), or undefined. */
function firstError(schema: Schema, v: unknown, path: (string | number)[] = []): Failure | undefined {
  const fail = (message: string): Failure => ({ message, path, instance: v })
  if (schema.type && !TYPES[schema.type](v)) return fail(`${pyRepr(v)} is not of type '${schema.type}'`)
  if (schema.enum && !schema.enum.includes(v as string)) return fail(`${pyRepr(v)} is not one of ${pyRepr(schema.enum)}`)
  if (schema.format === 'uri' && typeof v === 'string' && !URL.canParse(v)) return fail(`${pyRepr(v)} is not a 'uri'`)
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) return fail(`${pyRepr(v)} is too short`)
    for (const [i, item] of v.entries()) {
      const e = schema.items && firstError(schema.items, item, [...path, i])
      if (e) return e
    }
  }
  if (isObject(v)) {
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      const e = k in v ? firstError(s, v[k], [...path, k]) : undefined
      if (e) return e
    }
    const missing = schema.required?.find((k) => !(k in v))
    if (missing) return fail(`'${missing}' is a required property`)
    const extra = schema.additionalProperties === false ? Object.keys(v).filter((k) => !(k in (schema.properties ?? {}))) : []
    if (extra.length) return fail(`Additional properties are not allowed (${extra.map(pyRepr).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`)
  }
  if (schema.anyOf && !schema.anyOf.some((s) => !firstError(s, v))) return fail(`${pyRepr(v)} is not valid under any of the given schemas`)
  if (schema.oneOf) {
    const valid = schema.oneOf.filter((s) => !firstError(s, v))
    if (valid.length === 0) return fail(`${pyRepr(v)} is not valid under any of the given schemas`)
    if (valid.length > 1) return fail(`${pyRepr(v)} is valid under each of ${valid.map((s) => pyRepr(s)).join(', ')}`)
  }
  return undefined
}

/**
 * Checks a body as Valence's validator does; throws its ValidationError (400, title
 * "Validation Error") with jsonschema's message, prefixed by the field for nested errors.
 * @example const body = check(SCHEMAS.manage, await readJson(request))
 */
export function check<T = Record<string, unknown>>(schema: Schema, value: unknown): T {
  const e = firstError(schema, value)
  if (!e) return value as T
  const field = e.path.at(-1)
  const detail = field === undefined ? e.message : `Invalid input for field/attribute '${field}' Value: '${typeof e.instance === 'string' ? e.instance : pyRepr(e.instance)}'. ${e.message}`
  throw new ValenceError(400, 'Validation Error', detail)
}
