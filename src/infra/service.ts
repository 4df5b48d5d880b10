// src/infra/service.ts — startManagerService(): occo-manager-service's REST API over an InfraManager, on node:http.
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { BadRequestError, ConflictError, ForbiddenError, InputError, NotFoundError, UnauthorizedError, isClientError } from '../core/errors.js'
import type { Logger } from '../core/events.js'
import { DeployError } from './deploy-error.js'
import { ServiceHttpError, matchRoute, type ManagerLike, type Reply } from './service-routes.js'

export { infraReport, ServiceHttpError, type InfraReport, type ManagerLike, type NodeReport } from './service-routes.js'

/**
 * Options of {@link startManagerService}.
 * @example { manager, port: 0, token: process.env.STRATO_SERVICE_TOKEN }
 */
export interface ManagerServiceOptions {
  /** An InfraManager, or anything with the {@link ManagerLike} methods. */
  manager: ManagerLike
  /** Interface to bind. Default `127.0.0.1`; any non-loopback host needs a `token`. */
  host?: string
  /** Default 5000 (OCCO's). `0` picks a free port; read it from the result. */
  port?: number
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string
  /** Largest description accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number
  /** Gets one line per request (info), and every 5xx with its error (error). */
  logger?: Logger
}

/** A running manager service. */
export interface ManagerService {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string
  port: number
  /**
   * Stops accepting connections, ends idle keep-alive sockets at once and the others after the
   * response in progress (a deploy still answering is waited for), then resolves.
   */
  close(): Promise<void>
}

const MiB = 1024 * 1024

/**
 * Serves OCCO's occo-manager-service routes over an InfraManager: `POST /infrastructures/`
 * (body: the YAML description) deploys and answers 201 `{infraid}` once the deploy has finished
 * (a failed deploy: 422 with the DeployError's report); `GET /infrastructures/` lists ids under
 * both `infrastructures` and OCCO's misspelt `infrastuctures`; `GET|DELETE /infrastructures/{id}`;
 * `POST /infrastructures/{id}/scaleup/{node}[/{count}]`, `…/scaledown/{node}[/{nodeid}]`,
 * `…/scaleto/{node}/{count}`. Unlike OCCO, errors carry real HTTP statuses (400, 401, 404, 405,
 * 409, 413, 415, 422, 500, 501, 502) with `{ error: { name, message, code?, details? } }`.
 * Rejects with InputError, before listening, for a non-loopback host without a token.
 * @example
 * const service = await startManagerService({ manager: new InfraManager({ clients }), port: 0 })
 * const client = new InfraServiceClient({ endpoint: service.url })
 * const id = await client.create(yamlText)
 * await service.close()
 */
export async function startManagerService(opts: ManagerServiceOptions): Promise<ManagerService> {
  const { manager, host = '127.0.0.1', port = 5000, token, maxBodyBytes = MiB, logger } = opts ?? ({} as ManagerServiceOptions)
  if (!manager) throw new InputError('startManagerService needs a `manager`')
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`port must be an integer 0..65535; got ${port}`)
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new InputError(`maxBodyBytes must be a positive integer; got ${maxBodyBytes}`)
  if (token !== undefined && (typeof token !== 'string' || token === '')) throw new InputError('token must be a non-empty string')
  // OCCO's service has no authentication at all; strato's refuses to expose that beyond this host.
  if (token === undefined && !isLoopback(host)) throw new InputError(`host ${host} is not a loopback address: give a \`token\` to serve the manager beyond this machine`)

  const checkToken = token === undefined ? undefined : bearerChecker(token)
  let closing = false
  const env: HandleEnv = { manager, maxBodyBytes, checkToken, closing: () => closing }
  const server = createServer((req, res) => {
    const started = performance.now()
    handle(req, res, env)
      .catch((e: unknown) => send(res, errorReply(e, logger, req), env))
      .finally(() => logger?.info({ method: req.method, path: req.url, status: res.statusCode, durationMs: Math.round(performance.now() - started) }, 'strato infra service'))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const bound = typeof address === 'object' && address ? address.port : port
  const shown = host.includes(':') ? `[${host}]` : host
  let closed: Promise<void> | undefined
  return {
    url: `http://${shown}:${bound}`,
    port: bound,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true
        // close() stops accepting and (Node ≥ 19) ends idle keep-alive sockets; a busy one ends
        // after its response, which send() marks `Connection: close` from now on.
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      return closed
    },
  }
}

interface HandleEnv {
  manager: ManagerLike
  maxBodyBytes: number
  checkToken: ((header: string | undefined) => boolean) | undefined
  closing: () => boolean
}

async function handle(req: IncomingMessage, res: ServerResponse, env: HandleEnv): Promise<void> {
  // Authentication before routing: without the token nothing, not even which paths exist, is told.
  if (env.checkToken && !env.checkToken(req.headers.authorization)) {
    return send(res, { status: 401, body: errorBody(new UnauthorizedError('missing or wrong bearer token')), headers: { 'www-authenticate': 'Bearer realm="strato"' } }, env)
  }
  const pathname = new URL(req.url ?? '/', 'http://service').pathname
  const match = matchRoute(req.method ?? 'GET', pathname)
  if (match.kind === 'none') return send(res, { status: 404, body: errorBody(new NotFoundError(`no route ${req.method} ${pathname}`)) }, env)
  if (match.kind === 'method') {
    return send(res, { status: 405, body: errorBody(new InputError(`${req.method} is not allowed on ${pathname}; use ${match.allow.join(', ')}`, { code: 'MethodNotAllowed' })), headers: { allow: match.allow.join(', ') } }, env)
  }
  const reply = await match.handler({ manager: env.manager, params: match.params, body: () => readBody(req, env.maxBodyBytes) })
  send(res, reply, env)
}

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length over the limit is
 * refused before a byte is read; a chunked body stops being read the moment it passes the limit.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; contentType: string }> {
  const contentType = req.headers['content-type'] ?? ''
  const tooLarge = () => new ServiceHttpError(413, 'PayloadTooLargeError', `the request body is larger than ${limit} bytes`)
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        req.pause()
        reject(tooLarge())
      } else chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => resolve({ bytes: Buffer.concat(chunks), contentType }))
    req.once('error', reject)
  })
}

function send(res: ServerResponse, reply: Reply, env: Pick<HandleEnv, 'closing'>): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const text = JSON.stringify(reply.body)
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v)
  // An unread body would otherwise be drained to keep the connection: 413 closes it instead.
  if (env.closing()) res.setHeader('connection', 'close')
  if (reply.status === 413) {
    res.setHeader('connection', 'close')
    res.once('finish', () => setTimeout(() => res.socket?.destroy(), 1000).unref())
  }
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}

/**
 * The HTTP answer for an error: strato's errors by kind (InputError 400, NotFoundError 404,
 * ConflictError 409, DeployError 422 with its report, …), anything else 500 without its message
 * (it is a bug, logged, and its text may hold what the caller should not see).
 */
function errorReply(e: unknown, logger: Logger | undefined, req: IncomingMessage): Reply {
  const status = statusFor(e)
  if (status >= 500 && status !== 501) logger?.error({ method: req.method, path: req.url, err: e instanceof Error ? e.message : String(e) }, 'strato infra service error')
  if (!isClientError(e)) return { status, body: { error: { name: 'InternalError', message: 'internal error; see the service log' } } }
  return { status, body: errorBody(e) }
}

function statusFor(e: unknown): number {
  if (e instanceof ServiceHttpError) return e.httpStatus
  if (e instanceof DeployError) return 422
  if (e instanceof InputError || e instanceof BadRequestError) return 400
  if (e instanceof UnauthorizedError) return 401
  if (e instanceof ForbiddenError) return 403
  if (e instanceof NotFoundError) return 404
  if (e instanceof ConflictError) return 409
  return 500
}

function errorBody(e: { name: string; message: string; code?: string | undefined; details?: string[] }): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { name: e.name, message: e.message }
  if (e.code !== undefined) error['code'] = e.code
  if (e.details && e.details.length > 0) error['details'] = e.details
  if (e instanceof DeployError) error['report'] = e.report
  return { error }
}

// Hashing both sides gives equal lengths for timingSafeEqual, so not even the length leaks.
function bearerChecker(token: string): (header: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest()
  return (header) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')
    const got = createHash('sha256').update(m?.[1] ?? '').digest()
    return timingSafeEqual(expected, got) && m !== null
  }
}

/**
 * Whether a bind address only reaches this machine: 127.0.0.0/8, ::1, `localhost`.
 * @example isLoopback('127.0.0.2') // true; isLoopback('0.0.0.0') // false
 */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(h) || /^::ffff:127\./.test(h)
  return false
}
