// src/testing/server.ts — serves the fake cloud over real HTTP on 127.0.0.1, for processes that cannot use msw.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'

/**
 * A running fake cloud server. `close()` also drops keep-alive connections, so the port is free
 * when it resolves.
 * @example const server = await cloud.listen(); process.env.OS_AUTH_URL = `${server.url}/identity/v3`; await server.close()
 */
export interface FakeCloudServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const method = req.method ?? 'GET'
  const body = method === 'GET' || method === 'HEAD' ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>)
  const request = new Request(`${origin}${req.url ?? '/'}`, { method, headers, ...(body ? { body, duplex: 'half' } : {}) } as RequestInit)
  // A fetch Request cannot hold a GET body, but Valence reads JSON from GETs: keep it aside.
  if (method === 'GET' && (Number(req.headers['content-length']) > 0 || req.headers['transfer-encoding'])) getBodies.set(request, new Response(Readable.toWeb(req) as ReadableStream<Uint8Array>).text())
  return request
}

const getBodies = new WeakMap<Request, Promise<string>>()

/**
 * The body a GET carried over real HTTP (`listen()` mode), or undefined: fetch's Request cannot
 * hold one, and Valence reads `{podm_id}` from GETs.
 * @example const text = await getBody(request) // '{"podm_id": "…"}'
 */
export function getBody(request: Request): Promise<string> | undefined {
  return getBodies.get(request)
}

async function writeResponse(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value
  })
  res.writeHead(response.status, response.statusText, headers)
  if (!response.body || head) {
    res.end()
    return
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!res.write(chunk)) await new Promise((r) => res.once('drain', r))
  }
  res.end()
}

/**
 * Starts an HTTP server on 127.0.0.1 that answers through `handle`.
 * @example const server = await serve((req) => cloud.handle(req), 0)
 */
export async function serve(handle: (request: Request) => Promise<Response>, port = 0): Promise<FakeCloudServer> {
  let origin = ''
  const server = createServer((req, res) => {
    handle(toRequest(req, origin))
      .then((response) => writeResponse(res, response, req.method === 'HEAD'))
      .catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`fake cloud failed: ${e instanceof Error ? e.message : String(e)}`)
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const actual = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${actual}`
  let closing: Promise<void> | undefined
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }))
  return { url: origin, port: actual, close, [Symbol.asyncDispose]: close }
}
