// src/infra/definition-parse.ts — parseInfraDefinition: OCCO's schema_check for infrastructure descriptions, every problem reported at once.
import type { InfraDefinition, InfraDependency, InfraNode, JsonValue, Variables } from './definition-types.js'
import { cycleMessage, dependencyLevels, findCycles } from './definition-levels.js'
import { Problems, isObject, own, readInput, type JsonObject } from './definition-input.js'

const TOP_KEYS = ['user_id', 'infra_name', 'nodes', 'dependencies', 'variables'] as const
const NODE_KEYS = ['name', 'type', 'scaling', 'filter', 'variables'] as const
const SCALING_KEYS = ['min', 'max'] as const
const CONNECTION_KEYS = ['connection', 'mappings'] as const
// Hostname label rules: OCCO builds host names from infra and node names.
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/
const CODE = 'InvalidDescription'

const list = (keys: readonly string[]): string => keys.join(', ')

function unknownKeys(o: JsonObject, allowed: readonly string[], where: string, problems: Problems): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) problems.add(`${where} has unknown key "${k}" (allowed: ${list(allowed)})`)
  }
}

/** The hostname-like rule of `infra_name` and node names; returns the name when it passes. */
function hostnameLike(v: JsonValue | undefined, path: string, problems: Problems): string | undefined {
  if (v === undefined || v === null) return void problems.add(`${path} is required`)
  if (typeof v !== 'string') return void problems.add(`${path} must be a string`)
  if (v === '') return void problems.add(`${path} must not be empty`)
  let ok = true
  if (!HOSTNAME.test(v)) {
    problems.add(`${path} "${v}" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`)
    ok = false
  }
  if (v.length > 63) {
    problems.add(`${path} "${v.slice(0, 20)}…" must be at most 63 characters (it has ${v.length})`)
    ok = false
  }
  return ok ? v : undefined
}

function mapping(v: JsonValue | undefined, path: string, problems: Problems): JsonObject | undefined {
  // `filter:` / `variables:` with nothing after them is YAML null: treat it as empty, as PyYAML users expect.
  if (v === undefined || v === null) return undefined
  if (isObject(v)) return v
  problems.add(`${path} must be a mapping`)
  return undefined
}

function integerAtLeast(v: JsonValue | undefined, floor: number, floorText: string, path: string, problems: Problems): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isInteger(v)) return void problems.add(`${path} must be an integer`)
  if (v < floor) return void problems.add(`${path} must be ≥ ${floorText}`)
  return v
}

function checkScaling(v: JsonValue | undefined, path: string, problems: Problems): { min: number; max: number } {
  const s = mapping(v, path, problems)
  if (!s) return { min: 1, max: 1 }
  unknownKeys(s, SCALING_KEYS, path, problems)
  const min = integerAtLeast(own(s, 'min'), 1, '1', `${path}.min`, problems) ?? 1
  const max = integerAtLeast(own(s, 'max'), min, `min (${min})`, `${path}.max`, problems) ?? min
  return { min, max: Math.max(min, max) }
}

function checkNode(raw: JsonValue, i: number, vars: Variables, problems: Problems): InfraNode | undefined {
  const path = `nodes[${i}]`
  if (!isObject(raw)) return void problems.add(`${path} must be a mapping`)
  unknownKeys(raw, NODE_KEYS, path, problems)
  const name = hostnameLike(own(raw, 'name'), `${path}.name`, problems)
  const type = own(raw, 'type')
  if (type === undefined || type === null) problems.add(`${path}.type is required`)
  else if (typeof type !== 'string' || type.trim() === '') problems.add(`${path}.type must be a non-empty string`)
  const scaling = checkScaling(own(raw, 'scaling'), `${path}.scaling`, problems)
  const filter = mapping(own(raw, 'filter'), `${path}.filter`, problems)
  const nodeVars = mapping(own(raw, 'variables'), `${path}.variables`, problems)
  if (name === undefined || typeof type !== 'string') return undefined
  // Shallow merge, as OCCO's: a node's `variables.db` replaces the description's whole `db` value.
  // Cloned so editing one node's variables never shows through in another node or in `source`.
  const node: InfraNode = { name, type, scaling, variables: structuredClone({ ...vars, ...nodeVars }) }
  if (filter) node.filter = structuredClone(filter)
  return node
}

/** A dependency end: a node name, or the node itself (what a YAML alias `*db` resolves to). */
function endpoint(v: JsonValue | undefined, path: string, problems: Problems): string | undefined {
  if (typeof v === 'string') return v
  if (isObject(v) && typeof own(v, 'name') === 'string') return own(v, 'name') as string
  problems.add(`${path} must be a node name or a node`)
  return undefined
}

/** One dependency entry, checked; undefined when it has problems (reported) or names nodes that failed. */
function checkDependency(d: JsonValue, path: string, names: ReadonlySet<string>, problems: Problems): InfraDependency | undefined {
  let pair: JsonValue[]
  let pairPath = path
  let mappings: JsonValue[] | undefined
  if (Array.isArray(d)) pair = d
  else if (isObject(d)) {
    unknownKeys(d, CONNECTION_KEYS, path, problems)
    const c = own(d, 'connection')
    if (!Array.isArray(c)) return void problems.add(`${path}.connection must be a [dependent, dependee] pair`)
    pair = c
    pairPath = `${path}.connection`
    const m = own(d, 'mappings')
    if (Array.isArray(m)) mappings = m
    else if (m !== undefined && m !== null) problems.add(`${path}.mappings must be a list`)
  } else return void problems.add(`${path} must be a [dependent, dependee] pair or a {connection, mappings} mapping`)
  if (pair.length !== 2) return void problems.add(`${pairPath} must be a [dependent, dependee] pair (it has ${pair.length} entries)`)
  const dependent = endpoint(pair[0], `${pairPath}[0]`, problems)
  const dependee = endpoint(pair[1], `${pairPath}[1]`, problems)
  if (dependent === undefined || dependee === undefined) return undefined
  const unknown = [...new Set([dependent, dependee])].filter((n) => !names.has(n))
  for (const n of unknown) problems.add(`${path} names unknown node "${n}"`)
  if (unknown.length > 0) return undefined
  if (dependent === dependee) return void problems.add(`${path}: node "${dependent}" cannot depend on itself`)
  return mappings ? { dependent, dependee, mappings } : { dependent, dependee }
}

function checkDependencies(raw: JsonValue | undefined, names: ReadonlySet<string>, problems: Problems, warnings: string[]): InfraDependency[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) {
    problems.add('dependencies must be a list')
    return []
  }
  const out: InfraDependency[] = []
  const firstSeen = new Map<string, number>()
  for (const [i, d] of raw.entries()) {
    const dep = checkDependency(d, `dependencies[${i}]`, names, problems)
    if (!dep) continue
    // Repeats are harmless to OCCO; dropping them keeps each edge (and its mappings) once.
    const key = JSON.stringify([dep.dependent, dep.dependee])
    const earlier = firstSeen.get(key)
    if (earlier !== undefined) {
      warnings.push(`dependencies[${i}] repeats dependencies[${earlier}] (${dep.dependent} → ${dep.dependee}); ignored`)
      continue
    }
    firstSeen.set(key, i)
    out.push(dep)
  }
  return out
}

/**
 * Reads and checks an OCCO infrastructure description — YAML text (anchors and aliases
 * welcome: `dependencies: [[*app, *db]]`) or an already-parsed object — with the rules of
 * OCCO's `schema_check`: known top-level and node keys only; `infra_name` and node names
 * hostname-like (`[a-z0-9-]`, ≤ 63 characters); unique node names; `scaling.min ≥ 1`,
 * `max ≥ min` (default `max = min`, default scaling `{1, 1}`); dependencies between existing,
 * distinct nodes (repeats are dropped with a warning) and without cycles. Every problem is
 * collected; one InputError (code `InvalidDescription`) lists them all in `details`, its
 * message is the first one plus "(and N more)". A missing `user_id` is only a warning.
 * The description's `variables` are merged under each node's own (shallowly: the node's
 * value for a key replaces the whole description value). `source` is a plain-JSON copy.
 * @example
 * const def = await parseInfraDefinition(`
 * infra_name: demo
 * nodes:
 *   - &db  {name: db,  type: mysql_node}
 *   - &app {name: app, type: web_node, scaling: {min: 2, max: 4}}
 * dependencies: [[*app, *db]]
 * `)
 * def.levels // [['db'], ['app']]
 */
export async function parseInfraDefinition(input: string | object): Promise<InfraDefinition> {
  const source = await readInput(input, 'infrastructure description', CODE)
  const problems = new Problems(CODE)
  if (!isObject(source)) {
    problems.add('the infrastructure description must be a mapping')
    problems.throwIfAny()
  }
  const top = source as JsonObject
  const warnings: string[] = []
  unknownKeys(top, TOP_KEYS, 'the description', problems)

  const userId = own(top, 'user_id')
  if (userId === undefined || userId === null) warnings.push('user_id is missing')
  else if (typeof userId !== 'string') problems.add('user_id must be a string')
  const infraName = hostnameLike(own(top, 'infra_name'), 'infra_name', problems)
  const variables = mapping(own(top, 'variables'), 'variables', problems) ?? {}

  const rawNodes = own(top, 'nodes')
  const nodes: InfraNode[] = []
  // Names written in the description, valid or not: a dependency on a node that has its own
  // problems is not also reported as naming an unknown node.
  const declared = new Set<string>()
  if (rawNodes === undefined || rawNodes === null) problems.add('nodes is required')
  else if (!Array.isArray(rawNodes)) problems.add('nodes must be a list')
  else if (rawNodes.length === 0) problems.add('nodes must not be empty')
  else {
    const firstIndex = new Map<string, number>()
    for (const [i, raw] of rawNodes.entries()) {
      const name = isObject(raw) ? own(raw, 'name') : undefined
      if (typeof name === 'string') declared.add(name)
      const node = checkNode(raw, i, variables, problems)
      if (!node) continue
      const earlier = firstIndex.get(node.name)
      if (earlier !== undefined) problems.add(`nodes[${i}].name "${node.name}" is already used by nodes[${earlier}]`)
      else {
        firstIndex.set(node.name, i)
        nodes.push(node)
      }
    }
  }

  const names = nodes.map((n) => n.name)
  const dependencies = checkDependencies(own(top, 'dependencies'), declared, problems, warnings)
  // Cycles among the dependencies that did check out, so they are reported with everything else.
  for (const cycle of findCycles(names, dependencies)) problems.add(cycleMessage(cycle))
  problems.throwIfAny()

  return {
    infraName: infraName!,
    userId: typeof userId === 'string' ? userId : undefined,
    nodes,
    dependencies,
    levels: dependencyLevels(names, dependencies),
    variables: structuredClone(variables),
    source,
    warnings,
  }
}
