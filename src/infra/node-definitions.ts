// src/infra/node-definitions.ts — OCCO node-definition files: read and check them, import them into a store, pick an implementation.
import { InputError } from '../core/errors.js'
import type { HealthCheck, JsonValue, NodeDefinitions, NodeImplementation } from './definition-types.js'
import { Problems, isObject, own, pathKey, readInput, type JsonObject } from './definition-input.js'
import type { InfraStore } from './store-types.js'
import { checkTemplate } from './template.js'

const CODE = 'InvalidNodeDefinition'
const IMPL_KEYS = ['resource', 'contextualisation', 'health_check'] as const
const CONTEXT_KEYS = ['type', 'context_template'] as const
const CONTEXT_TYPES = ['cloudinit', 'basic'] as const
const HEALTH_KEYS = ['ports', 'urls', 'timeout'] as const
const PREFIX = 'node_def:'

function unknownKeys(o: JsonObject, allowed: readonly string[], where: string, problems: Problems): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) problems.add(`${where} has unknown key "${k}" (allowed: ${allowed.join(', ')})`)
  }
}

function checkContext(v: JsonValue, path: string, problems: Problems): NodeImplementation['contextualisation'] {
  if (!isObject(v)) return void problems.add(`${path} must be a mapping`)
  unknownKeys(v, CONTEXT_KEYS, path, problems)
  const type = own(v, 'type')
  const template = own(v, 'context_template')
  let ok = true
  if (type === undefined) {
    problems.add(`${path}.type is required`)
    ok = false
  } else if (typeof type !== 'string' || !(CONTEXT_TYPES as readonly string[]).includes(type)) {
    problems.add(`${path}.type must be one of ${CONTEXT_TYPES.join(', ')} (got ${JSON.stringify(type)})`)
    ok = false
  }
  if (template !== undefined && typeof template !== 'string') {
    problems.add(`${path}.context_template must be a string`)
    ok = false
  } else if (typeof template === 'string') {
    // Syntax is checked now, at import, rather than when a node is half built.
    try {
      checkTemplate(template)
    } catch (e) {
      problems.add(`${path}.context_template: ${(e as Error).message}`)
      ok = false
    }
  }
  if (!ok) return undefined
  return template === undefined ? { type: type as 'basic' } : { type: type as 'basic', context_template: template as string }
}

function checkHealth(v: JsonValue, path: string, problems: Problems): HealthCheck | undefined {
  if (!isObject(v)) return void problems.add(`${path} must be a mapping`)
  unknownKeys(v, HEALTH_KEYS, path, problems)
  const out: HealthCheck = {}
  const ports = own(v, 'ports')
  if (ports !== undefined && ports !== null) {
    if (!Array.isArray(ports)) problems.add(`${path}.ports must be a list`)
    else {
      ports.forEach((p, i) => {
        if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) problems.add(`${path}.ports[${i}] must be an integer from 1 to 65535 (got ${JSON.stringify(p)})`)
      })
      out.ports = ports as number[]
    }
  }
  const urls = own(v, 'urls')
  if (urls !== undefined && urls !== null) {
    if (!Array.isArray(urls)) problems.add(`${path}.urls must be a list`)
    else {
      urls.forEach((u, i) => {
        if (typeof u !== 'string' || u === '') problems.add(`${path}.urls[${i}] must be a non-empty string`)
        else {
          try {
            checkTemplate(u)
          } catch (e) {
            problems.add(`${path}.urls[${i}]: ${(e as Error).message}`)
          }
        }
      })
      out.urls = urls as string[]
    }
  }
  const timeout = own(v, 'timeout')
  if (timeout !== undefined && timeout !== null) {
    if (typeof timeout !== 'number' || !(timeout > 0)) problems.add(`${path}.timeout must be a positive number of seconds`)
    else out.timeout = timeout
  }
  return out
}

function checkImplementation(v: JsonValue, path: string, problems: Problems): NodeImplementation | undefined {
  if (!isObject(v)) return void problems.add(`${path} must be a mapping`)
  unknownKeys(v, IMPL_KEYS, path, problems)
  const resource = own(v, 'resource')
  let impl: NodeImplementation | undefined
  if (resource === undefined || resource === null) problems.add(`${path}.resource is required`)
  else if (!isObject(resource)) problems.add(`${path}.resource must be a mapping`)
  else {
    const type = own(resource, 'type')
    if (type === undefined || type === null) problems.add(`${path}.resource.type is required`)
    else if (typeof type !== 'string' || type.trim() === '') problems.add(`${path}.resource.type must be a non-empty string`)
    else impl = { resource: { ...resource, type } }
  }
  const context = own(v, 'contextualisation')
  const ctx = context === undefined || context === null ? undefined : checkContext(context, `${path}.contextualisation`, problems)
  const health = own(v, 'health_check')
  const hc = health === undefined || health === null ? undefined : checkHealth(health, `${path}.health_check`, problems)
  if (impl && ctx) impl.contextualisation = ctx
  if (impl && hc) impl.health_check = hc
  return impl
}

/**
 * Reads and checks an OCCO node-definition file — YAML text or a parsed object — mapping
 * `node_def:<type>` (or plain `<type>`) to a list of implementations. Each implementation has
 * `resource` (required; non-empty `type` names the handler, other keys are its parameters),
 * optionally `contextualisation` (`type` cloudinit | basic, `context_template` — its template
 * syntax is checked too) and `health_check` (`ports` 1..65535, `urls`, `timeout` > 0 seconds).
 * Any other key is rejected with its path. All problems are collected into one InputError
 * (code `InvalidNodeDefinition`, `details` listing them). Keys come back without the prefix.
 * @example
 * const defs = await parseNodeDefinitions(`
 * node_def:web_node:
 *   - resource: {type: compute.server, flavor: m1.small}
 *     health_check: {ports: [80]}
 * `)
 * defs.web_node[0].resource.type // 'compute.server'
 */
export async function parseNodeDefinitions(input: string | object): Promise<NodeDefinitions> {
  const data = await readInput(input, 'node definitions', CODE)
  const problems = new Problems(CODE)
  if (!isObject(data)) {
    problems.add('node definitions must be a mapping of node_def:<type> to a list of implementations')
    problems.throwIfAny()
  }
  const out: NodeDefinitions = {}
  const keyOf = new Map<string, string>()
  for (const [key, impls] of Object.entries(data as JsonObject)) {
    const path = pathKey('', key)
    const type = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key
    if (type.trim() === '') {
      problems.add(`${path}: the node type name is empty`)
      continue
    }
    const earlier = keyOf.get(type)
    if (earlier !== undefined) problems.add(`${path} and ${pathKey('', earlier)} define the same type "${type}"`)
    keyOf.set(type, key)
    if (!Array.isArray(impls)) {
      problems.add(`${path} must be a list of implementations`)
      continue
    }
    if (impls.length === 0) {
      problems.add(`${path} must list at least one implementation`)
      continue
    }
    const checked = impls.map((impl, i) => checkImplementation(impl, `${path}[${i}]`, problems))
    if (checked.every((c) => c !== undefined)) Object.defineProperty(out, type, { value: checked, enumerable: true, writable: true, configurable: true })
  }
  problems.throwIfAny()
  return out
}

/**
 * `occo-import-node`: checks every definition first, then writes each type with
 * `store.putNodeDefinition`. When anything is invalid nothing is written. Returns the types
 * written, in file order.
 * @example const types = await importNodeDefinitions(store, await readFile('nodes.yaml', 'utf8')) // ['web_node', 'db_node']
 */
export async function importNodeDefinitions(store: InfraStore, input: string | object): Promise<string[]> {
  const defs = await parseNodeDefinitions(input)
  const types = Object.keys(defs)
  for (const type of types) await store.putNodeDefinition(type, defs[type]!)
  return types
}

// JSON equality, not isDeepStrictEqual: a filter built by hand may use null-prototype objects.
function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]))
  }
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
}

/**
 * Picks the implementation a node's `filter` asks for: the first whose `resource` has every
 * filter key with a deep-equal value (no filter: the first). None matching is an InputError
 * naming the filter.
 * @example selectImplementation(impls, { type: 'compute.server', region: 'r2' })
 */
export function selectImplementation(impls: readonly NodeImplementation[], filter?: Record<string, JsonValue>): NodeImplementation {
  const wanted = Object.entries(filter ?? {})
  const found = impls.find((impl) => wanted.every(([k, v]) => Object.hasOwn(impl.resource, k) && jsonEqual(impl.resource[k], v)))
  if (found) return found
  if (impls.length === 0) throw new InputError('the node type has no implementations', { code: 'NoImplementation' })
  throw new InputError(`no implementation matches filter ${JSON.stringify(filter)} (resource types: ${impls.map((i) => i.resource.type).join(', ')})`, {
    code: 'NoImplementation',
  })
}
