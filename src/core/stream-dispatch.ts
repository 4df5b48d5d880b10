// src/core/stream-dispatch.ts — requests with streamed bodies sent through undici's dispatcher instead of fetch.
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { pullFromIterable } from './pull-stream.js'

/**
 * Sends a Request whose body is a stream through `dispatcher.request()` and returns a web
 * Response. fetch (Node's and undici's alike, as of undici 7) keeps every chunk of a streamed
 * request body alive until the response arrives, so eight 64 MiB segments in flight cost 512 MiB;
 * the dispatcher API writes with back-pressure and lets each chunk go once it is on the socket.
 * @example const res = await dispatchStreaming(agent, new Request(url, { method: 'PUT', body: stream, duplex: 'half' }))
 */
export async function dispatchStreaming(dispatcher: Dispatcher, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    headers[key] = value
  })
  const res = await dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: request.method as Dispatcher.HttpMethod,
    headers,
    body: request.body ? Readable.from(request.body as AsyncIterable<Uint8Array>, { objectMode: false, highWaterMark: 0 }) : null,
    signal: request.signal,
  })
  const out = new Headers()
  for (const [key, value] of Object.entries(res.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, v)
  }
  const empty = request.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304 || res.statusCode < 200
  if (empty) res.body.resume()
  return new Response(empty ? null : pullFromIterable(res.body), { status: res.statusCode, headers: out })
}
