// src/infra/service-routes.ts — the occo-manager-service routes over an InfraManager-shaped object: matching, handlers, OCCO's JSON shapes.
import { ClientError, ConflictError, InputError, NotFoundError, type ClientErrorInit } from '../core/errors.js'
import { parseInfraDefinition } from './definition-parse.js'
import type { InfraManager } from './manager.js'
import type { InfraState, InfraStore, InstanceRecord } from './store-types.js'

/**
 * What the manager service needs of an {@link InfraManager}: the service depends on this, not on
 * the class, so tests (or a proxy to another process) can stand in for it. `store.getDescription`
 * gives the `scaling.min`/`max` of OCCO's infrastructure report. `dropInstance`, when present,
 * lets `scaledown/{node}/{nodeid}` delete an instance other than the newest.
 * @example
 * const manager: ManagerLike = new InfraManager({ clients: { compute }, store: new MemoryStore() })
 */
export interface ManagerLike extends Pick<InfraManager, 'deploy' | 'destroy' | 'status' | 'list' | 'scale'> {
  readonly store: Pick<InfraStore, 'getDescription'>
  /** Deletes one given instance and lowers its node's target by one (not clamped below `scaling.min`: it rejects instead). */
  dropInstance?(infraId: string, node: string, nodeId: string): Promise<{ node: string; target: number; deleted: string[] }>
}

/** One node of OCCO's infrastructure report (`GET /infrastructures/{id}`). */
export interface NodeReport {
  /** By node id. `state` is strato's InstanceState (`ready`, `creating`, `failed`, …). */
  instances: Record<string, { resource_address: string | null; state: string }>
  /** `actual` counts ready instances; `min`/`max` come from the stored description. */
  scaling: { actual: number; target: number; min: number; max: number }
}

/** OCCO's infrastructure report: one {@link NodeReport} per node name. */
export type InfraReport = Record<string, NodeReport>

/** What a handler answers; the server turns it into JSON. */
export interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** What a handler gets: the manager, the decoded path parameters and the body, read on demand. */
export interface RouteContext {
  manager: ManagerLike
  params: Record<string, string>
  /** Reads the request body (PayloadTooLarge past the limit). Only the create route calls it. */
  body(): Promise<{ bytes: Buffer; contentType: string }>
}

type Handler = (ctx: RouteContext) => Promise<Reply>

interface Route {
  segments: string[]
  methods: Partial<Record<'GET' | 'POST' | 'DELETE', Handler>>
}

const YAML_TYPES = ['application/x-yaml', 'application/yaml', 'text/yaml', 'text/x-yaml', 'text/plain']

const ROUTES: Route[] = [
  { segments: ['infrastructures'], methods: { GET: listInfras, POST: createInfra } },
  { segments: ['infrastructures', ':id'], methods: { GET: reportInfra, DELETE: deleteInfra } },
  { segments: ['infrastructures', ':id', 'scaleup', ':node'], methods: { POST: scaleUp } },
  { segments: ['infrastructures', ':id', 'scaleup', ':node', ':count'], methods: { POST: scaleUp } },
  { segments: ['infrastructures', ':id', 'scaledown', ':node'], methods: { POST: scaleDown } },
  { segments: ['infrastructures', ':id', 'scaledown', ':node', ':nodeid'], methods: { POST: scaleDown } },
  { segments: ['infrastructures', ':id', 'scaleto', ':node', ':count'], methods: { POST: scaleTo } },
]

/** The outcome of matching a request path: a handler, a path known under other methods, or nothing. */
export type RouteMatch = { kind: 'found'; handler: Handler; params: Record<string, string> } | { kind: 'method'; allow: string[] } | { kind: 'none' }

/**
 * Matches a method and path (with or without a trailing slash, segments percent-decoded) against
 * the manager service's routes. A malformed percent-encoding is an InputError.
 * @example matchRoute('POST', '/infrastructures/abc/scaleup/web/2') // { kind: 'found', params: { id: 'abc', node: 'web', count: '2' }, … }
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const raw = pathname.replace(/\/+$/, '').split('/').slice(1)
  let segments: string[]
  try {
    segments = raw.map((s) => decodeURIComponent(s))
  } catch (cause) {
    throw new InputError(`the path ${pathname} is not validly percent-encoded`, { cause })
  }
  for (const route of ROUTES) {
    const params = matchSegments(route.segments, segments)
    if (!params) continue
    const handler = route.methods[method as keyof Route['methods']]
    if (handler) return { kind: 'found', handler, params }
    // A HEAD is answered like any other unsupported method: the routes have no bodiless GETs worth it.
    return { kind: 'method', allow: Object.keys(route.methods) }
  }
  return { kind: 'none' }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, p] of pattern.entries()) {
    const s = segments[i]!
    if (p.startsWith(':')) {
      if (s === '') return undefined
      params[p.slice(1)] = s
    } else if (p !== s) return undefined
  }
  return params
}

async function listInfras({ manager }: RouteContext): Promise<Reply> {
  const ids = (await manager.list()).map((s) => s.infraId)
  // Both keys: OCCO's code sends the misspelt `infrastuctures`, its docs (and OCCO 2015) say
  // `infrastructures`; a client written against either finds its list.
  return { status: 200, body: { infrastructures: ids, infrastuctures: ids } }
}

// Answered after the deploy finished (201), not when it starts as OCCO does: a failed build then
// reaches the caller as a 422 with the rollback report, instead of an infra that silently vanishes.
async function createInfra({ manager, body }: RouteContext): Promise<Reply> {
  const { bytes, contentType } = await body()
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  const json = type === 'application/json'
  if (type !== '' && !json && !YAML_TYPES.includes(type)) {
    throw new ServiceHttpError(415, 'UnsupportedMediaTypeError', `Content-Type ${type} is not accepted; send the description as application/x-yaml, text/yaml, text/plain or application/json`)
  }
  if (bytes.length === 0) throw new InputError('the request has no body: POST the infrastructure description (YAML)')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new InputError('the description is not valid UTF-8', { cause })
  }
  let description: string | object = text
  if (json) {
    try {
      description = JSON.parse(text) as object
    } catch (cause) {
      throw new InputError(`the description is not valid JSON: ${(cause as Error).message}`, { cause })
    }
  }
  const { infraId } = await manager.deploy(description)
  return { status: 201, body: { infraid: infraId }, headers: { location: `/infrastructures/${encodeURIComponent(infraId)}` } }
}

async function reportInfra({ manager, params }: RouteContext): Promise<Reply> {
  return { status: 200, body: await infraReport(manager, params['id']!) }
}

/**
 * OCCO's report of an infrastructure: per node its live instances (address and state) and its
 * scaling (`actual` ready instances, `target`, and `min`/`max` from the stored description).
 * @example (await infraReport(manager, id)).web.scaling // { actual: 2, target: 2, min: 1, max: 4 }
 */
export async function infraReport(manager: ManagerLike, infraId: string): Promise<InfraReport> {
  const state = await manager.status(infraId)
  const limits = await scalingLimits(manager, infraId)
  const names = new Set([...limits.keys(), ...Object.keys(state.targets), ...state.instances.map((r) => r.node)])
  const out: InfraReport = {}
  for (const name of names) {
    const live = state.instances.filter((r) => r.node === name && r.state !== 'deleted')
    const instances: NodeReport['instances'] = {}
    for (const r of live) instances[r.nodeId] = { resource_address: r.address ?? null, state: r.state }
    const ready = live.filter((r) => r.state === 'ready').length
    const limit = limits.get(name)
    const target = state.targets[name] ?? limit?.min ?? ready
    out[name] = { instances, scaling: { actual: ready, target, min: limit?.min ?? target, max: limit?.max ?? target } }
  }
  return out
}

// The limits as the manager itself would clamp with; a description that no longer parses (a
// store written by another version) still gets a report, with the targets standing in.
async function scalingLimits(manager: ManagerLike, infraId: string): Promise<Map<string, { min: number; max: number }>> {
  const source = await manager.store.getDescription(infraId)
  if (source === undefined || source === null) return new Map()
  try {
    const definition = await parseInfraDefinition(source as string | object)
    return new Map(definition.nodes.map((n) => [n.name, n.scaling]))
  } catch {
    return new Map()
  }
}

async function deleteInfra({ manager, params }: RouteContext): Promise<Reply> {
  const infraId = params['id']!
  const { deleted, leftovers } = await manager.destroy(infraId)
  if (leftovers.length === 0) return { status: 200, body: { infraid: infraId, deleted } }
  // 502: the cloud refused some deletes. The infra stays (status `failed`) and a repeated DELETE
  // tries the leftovers again, which is what a client's retry of a 502 does.
  return {
    status: 502,
    body: {
      error: {
        name: 'DestroyError',
        message: `${leftovers.length} resource${leftovers.length === 1 ? '' : 's'} of ${infraId} could not be deleted; DELETE again to retry`,
        code: 'leftovers',
        details: leftovers.map((l) => `${l.nodeId} (${l.resourceType}): ${l.error}`),
        infraid: infraId,
        deleted,
        leftovers,
      },
    },
  }
}

async function scaleUp({ manager, params }: RouteContext): Promise<Reply> {
  const { id, node } = { id: params['id']!, node: params['node']! }
  const count = params['count'] === undefined ? 1 : countParam(params['count'])
  const state = await nodeState(manager, id, node)
  const result = await manager.scale(id, node, currentTarget(state, node) + count)
  return { status: 200, body: { method: 'scaleup', infraid: id, nodename: node, count, ...outcome(result) } }
}

async function scaleDown({ manager, params }: RouteContext): Promise<Reply> {
  const { id, node } = { id: params['id']!, node: params['node']! }
  const nodeId = params['nodeid']
  const state = await nodeState(manager, id, node)
  const body = { method: 'scaledown', infraid: id, nodename: node, nodeid: nodeId ?? null }
  if (nodeId === undefined) return { status: 200, body: { ...body, ...outcome(await manager.scale(id, node, Math.max(0, currentTarget(state, node) - 1))) } }
  const ready = state.instances.filter((r) => r.node === node && r.state === 'ready')
  if (!ready.some((r) => r.nodeId === nodeId)) throw new NotFoundError(`node ${node} of infrastructure ${id} has no ready instance ${nodeId}`)
  if (manager.dropInstance) return { status: 200, body: { ...body, created: [], ...(await manager.dropInstance(id, node, nodeId)) } }
  // Without dropInstance only the newest instance can go: scale() deletes newest first.
  if (ready.at(-1)!.nodeId !== nodeId) throw new ServiceHttpError(501, 'NotImplementedError', `this manager can only scale down ${node} by its newest instance (${ready.at(-1)!.nodeId}), not ${nodeId}`)
  const result = await manager.scale(id, node, ready.length - 1)
  if (!result.deleted.includes(nodeId)) throw new ConflictError(`${node} is at its scaling.min (${result.target}): ${nodeId} was not deleted`)
  return { status: 200, body: { ...body, ...outcome(result) } }
}

async function scaleTo({ manager, params }: RouteContext): Promise<Reply> {
  const { id, node } = { id: params['id']!, node: params['node']! }
  const count = countParam(params['count']!)
  await nodeState(manager, id, node)
  return { status: 200, body: { method: 'scaleto', infraid: id, nodename: node, count, ...outcome(await manager.scale(id, node, count)) } }
}

// The applied target (after clamping) and what changed, beyond OCCO's echo of the request.
function outcome(result: { target: number; created: string[]; deleted: string[] }): { target: number; created: string[]; deleted: string[] } {
  return { target: result.target, created: result.created, deleted: result.deleted }
}

// A node not in the infra is a 404 of its path, checked before anything is scaled.
async function nodeState(manager: ManagerLike, infraId: string, node: string): Promise<InfraState> {
  const state = await manager.status(infraId)
  if (!(node in state.targets) && !state.instances.some((r: InstanceRecord) => r.node === node)) {
    throw new NotFoundError(`infrastructure ${infraId} has no node "${node}"`)
  }
  return state
}

function currentTarget(state: InfraState, node: string): number {
  return state.targets[node] ?? state.instances.filter((r) => r.node === node && r.state === 'ready').length
}

function countParam(text: string): number {
  if (!/^\d{1,6}$/.test(text)) throw new InputError(`count must be a whole number ≥ 0; got "${text}"`)
  return Number(text)
}

/**
 * An answer with a status of its own (413, 415, 501): thrown by the routes and the body reader,
 * answered by the server with its status and `name`.
 * @example throw new ServiceHttpError(415, 'UnsupportedMediaTypeError', 'send YAML')
 */
export class ServiceHttpError extends ClientError {
  override readonly name: string
  readonly httpStatus: number

  constructor(httpStatus: number, name: string, message: string, init: ClientErrorInit = {}) {
    super(message, init)
    this.httpStatus = httpStatus
    this.name = name
  }
}
