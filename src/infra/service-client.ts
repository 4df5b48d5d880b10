// src/infra/service-client.ts — InfraServiceClient: the occo-manager-service REST API, of strato's service or of a real OCCO/Occopus.
import { Client, path } from '../core/client.js'
import type { ErrorResponseInfo } from '../core/error-response.js'
import { BadRequestError, ConflictError, NotFoundError, ResponseError, errorInit, type ClientError, type ClientErrorClass } from '../core/errors.js'
import type { ClientOptions, TokenSource } from '../core/options.js'
import { DeployError, type DeployReport } from './deploy-error.js'
import type { InfraReport } from './service-routes.js'

/**
 * Options of an InfraServiceClient: those of every Client, with `endpoint` required. `token`
 * goes out as `Authorization: Bearer <token>` (strato's service; OCCO's has no authentication).
 * @example new InfraServiceClient({ endpoint: 'http://127.0.0.1:5000', token: process.env.STRATO_SERVICE_TOKEN })
 */
export type InfraServiceClientOptions = Omit<ClientOptions, 'endpoint' | 'token' | 'tokenHeader' | 'session' | 'serviceType' | 'region' | 'interface'> & {
  endpoint: string | URL
  token?: TokenSource
}

/** Options each call takes. @example { signal: AbortSignal.timeout(600_000) } */
export interface InfraServiceCallOptions {
  signal?: AbortSignal
  /** Limit for one attempt. `create` defaults to none (strato's service answers when the deploy is done); the rest to the client's. */
  timeoutMs?: number
}

/**
 * What a scale call answers: OCCO's echo of the request (`method`, `infraid`, `nodename`,
 * `count` or `nodeid`), and from strato's service also the applied (clamped) `target` and the
 * instance ids `created` and `deleted`. OCCO only queues the request, so those are absent.
 */
export interface ScaleResponse {
  method: 'scaleup' | 'scaledown' | 'scaleto'
  infraid: string
  nodename: string
  count?: number
  nodeid?: string | null
  target?: number
  created?: string[]
  deleted?: string[]
}

export type { InfraReport, NodeReport } from './service-routes.js'

/**
 * A client of occo-manager-service's REST API, as served by {@link startManagerService} or by
 * OCCO/Occopus itself. OCCO's quirks are absorbed: an HTTP 200 whose body is
 * `{status_code, reason, message}` rejects like an error status would (404 → NotFoundError,
 * 400 → BadRequestError, 300 → NotFoundError for "does not exist", else ConflictError), and the
 * list is read from `infrastructures` or the misspelt `infrastuctures`. strato's own JSON errors
 * map by status; a failed deploy (422) rejects with a DeployError carrying the server's report.
 * @example
 * const occo = new InfraServiceClient({ endpoint: 'http://127.0.0.1:5000' })
 * const id = await occo.create(await readFile('infra.yaml', 'utf8'))
 * await occo.scaleUp(id, 'worker', 2)
 * console.log(await occo.get(id))
 * await occo.delete(id)
 */
export class InfraServiceClient {
  /**
   * The HTTP client underneath: its events (`request`, `response`, `retry`, `error`) and
   * `endpoint()`. A member rather than the base class because Client's own `get`/`delete`
   * (path → response) would clash with this API's `get(id)`/`delete(id)`.
   */
  readonly http: Client

  constructor(options: InfraServiceClientOptions) {
    const { token, ...rest } = options ?? ({} as InfraServiceClientOptions)
    const bearer: TokenSource | undefined =
      token === undefined ? undefined : typeof token === 'string' ? `Bearer ${token}` : async (o) => `Bearer ${await token(o)}`
    this.http = new ServiceHttp({ ...rest, ...(bearer !== undefined ? { token: bearer, tokenHeader: 'authorization' } : {}) })
  }

  /** Releases the keep-alive connections; calls made afterwards reject. @example await occo.close() */
  close(): Promise<void> {
    return this.http.close()
  }

  /** `await using occo = new InfraServiceClient(…)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  /**
   * Submits a description (YAML text, or an object sent as JSON) and resolves with the infra id.
   * Never retried: a repeated POST would deploy twice.
   * @example const id = await occo.create('infra_name: demo\nnodes: [{name: web, type: web_node}]\n')
   */
  async create(description: string | object, opts: InfraServiceCallOptions = {}): Promise<string> {
    const body = typeof description === 'string' ? { body: description, headers: { 'content-type': 'application/x-yaml' } } : { json: description }
    const answer = await this.#json('POST', '/infrastructures/', { ...body, timeoutMs: opts.timeoutMs ?? 0, idempotent: false, expect: [200, 201] }, opts)
    const id = isObject(answer) ? answer['infraid'] : undefined
    if (typeof id !== 'string' || id === '') throw this.#shapeError('POST /infrastructures/', 'no `infraid`', answer)
    return id
  }

  /**
   * The ids of the infrastructures the service knows.
   * @example for (const id of await occo.list()) console.log(id)
   */
  async list(opts: InfraServiceCallOptions = {}): Promise<string[]> {
    const answer = await this.#json('GET', '/infrastructures/', {}, opts)
    // Either spelling, and OCCO 2015's entries that were objects rather than ids.
    const items = isObject(answer) ? (answer['infrastructures'] ?? answer['infrastuctures']) : undefined
    if (!Array.isArray(items)) throw this.#shapeError('GET /infrastructures/', 'no `infrastructures` list', answer)
    return items.map((item) => {
      const id = typeof item === 'string' ? item : isObject(item) ? (item['infraid'] ?? item['infra_id'] ?? item['id']) : undefined
      if (typeof id !== 'string') throw this.#shapeError('GET /infrastructures/', 'an entry without an id', answer)
      return id
    })
  }

  /**
   * OCCO's report of an infrastructure: per node, its instances and its scaling.
   * @example const { web } = await occo.get(id); console.log(web.scaling.actual, Object.keys(web.instances))
   */
  async get(infraId: string, opts: InfraServiceCallOptions = {}): Promise<InfraReport> {
    const answer = await this.#json('GET', path`/infrastructures/${infraId}`, {}, opts)
    if (!isObject(answer)) throw this.#shapeError(`GET /infrastructures/${infraId}`, 'not a node map', answer)
    return answer as InfraReport
  }

  /**
   * Tears an infrastructure down. strato's service answers 502 when some resources could not be
   * deleted (a ServerError; calling again retries them).
   * @example await occo.delete(id)
   */
  async delete(infraId: string, opts: InfraServiceCallOptions = {}): Promise<void> {
    await this.#json('DELETE', path`/infrastructures/${infraId}`, {}, opts)
  }

  /**
   * Adds `count` (default 1) instances of a node, up to its `scaling.max`.
   * @example const { target } = await occo.scaleUp(id, 'worker', 2)
   */
  scaleUp(infraId: string, node: string, count?: number, opts: InfraServiceCallOptions = {}): Promise<ScaleResponse> {
    const p = count === undefined ? path`/infrastructures/${infraId}/scaleup/${node}` : path`/infrastructures/${infraId}/scaleup/${node}/${count}`
    return this.#scale(p, opts)
  }

  /**
   * Removes one instance of a node (a given one, or the service's choice), not below `scaling.min`.
   * @example await occo.scaleDown(id, 'worker', 'worker-3')
   */
  scaleDown(infraId: string, node: string, nodeId?: string, opts: InfraServiceCallOptions = {}): Promise<ScaleResponse> {
    const p = nodeId === undefined ? path`/infrastructures/${infraId}/scaledown/${node}` : path`/infrastructures/${infraId}/scaledown/${node}/${nodeId}`
    return this.#scale(p, opts)
  }

  /**
   * Sets a node's instance count (clamped by the service to `scaling.min`..`max`).
   * @example await occo.scaleTo(id, 'worker', 5)
   */
  scaleTo(infraId: string, node: string, count: number, opts: InfraServiceCallOptions = {}): Promise<ScaleResponse> {
    return this.#scale(path`/infrastructures/${infraId}/scaleto/${node}/${count}`, opts)
  }

  async #scale(p: string, opts: InfraServiceCallOptions): Promise<ScaleResponse> {
    // Not retried: a repeated scaleup adds instances twice.
    const answer = await this.#json('POST', p, { idempotent: false }, opts)
    if (!isObject(answer) || typeof answer['method'] !== 'string') throw this.#shapeError(`POST ${p}`, 'no `method`', answer)
    return answer as unknown as ScaleResponse
  }

  async #json(method: 'GET' | 'POST' | 'DELETE', p: string, call: Parameters<Client['request']>[2], opts: InfraServiceCallOptions): Promise<unknown> {
    const res = await this.http.request(method, p, { ...call, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) })
    const text = await res.text()
    const body = parseJson(text)
    if (body === undefined) throw new ResponseError(`${method} ${p}: the answer is not JSON`, { status: res.status, method, url: res.url, details: [this.http.redact(text.slice(0, 2000))] })
    const occo = occoError(body, method, p)
    if (occo) throw occo
    return body
  }

  #shapeError(where: string, what: string, body: unknown): ResponseError {
    return new ResponseError(`${where}: unexpected answer (${what})`, { details: [this.http.redact(JSON.stringify(body)?.slice(0, 2000) ?? '')] })
  }
}

// Client's error mapping plus the bodies of strato's service.
class ServiceHttp extends Client {
  /**
   * strato's service errors (`{error: {name, message, code, details, report}}`): the class by
   * status, the code and details kept, a DeployError rebuilt with its report.
   */
  protected override errorFromResponse(info: ErrorResponseInfo): ClientError {
    const base = super.errorFromResponse(info)
    const body = parseJson(info.body)
    const e = isObject(body) && isObject(body['error']) ? body['error'] : undefined
    if (!e) return base
    const redact = info.redact ?? ((t: string) => t)
    const details = Array.isArray(e['details']) ? e['details'].filter((d): d is string => typeof d === 'string').map(redact) : base.details
    const init = { ...errorInit(base), ...(typeof e['code'] === 'string' ? { code: e['code'] } : {}), details }
    if (e['name'] === 'DeployError' && isReport(e['report'])) return new DeployError(e['report'], init)
    return new (base.constructor as ClientErrorClass)(base.message, init)
  }
}

/**
 * OCCO's handled errors come back as HTTP 200 `{status_code, reason, message}`: `reason` holds
 * the text (`message` is often empty). 404 and 400 keep their meaning; 300 is OCCO's code for
 * both "infrastructure/node does not exist" (NotFoundError) and "already (not) maintained"
 * (ConflictError). `status` is OCCO's `status_code`, `code` is `occo-<status_code>`.
 */
function occoError(body: unknown, method: string, p: string): ClientError | undefined {
  if (!isObject(body) || typeof body['status_code'] !== 'number' || !('reason' in body)) return undefined
  const status = body['status_code']
  const reason = typeof body['reason'] === 'string' ? body['reason'] : JSON.stringify(body['reason'])
  const message = typeof body['message'] === 'string' ? body['message'].trim() : ''
  const Class: ClientErrorClass = status === 404 ? NotFoundError : status === 400 ? BadRequestError : status === 300 ? (/does not exist/i.test(reason) ? NotFoundError : ConflictError) : ResponseError
  return new Class(`OCCO ${status}: ${method} ${p}: ${reason}${message && message !== reason ? ` (${message})` : ''}`, { status, code: `occo-${status}`, method, details: message ? [message] : [] })
}

function isReport(v: unknown): v is DeployReport {
  return isObject(v) && typeof v['infraId'] === 'string' && typeof v['reason'] === 'string' && Array.isArray(v['rolledBack']) && Array.isArray(v['leftovers'])
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
