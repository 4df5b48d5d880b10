// test/integration/support/moto.ts — AutoscaleClients on the real moto started by scripts/peers/moto.sh, and a slow proxy.
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AutoscaleClient, type AutoscaleClientOptions } from '../../../src/autoscale/index.js'
import type { RequestEvent } from '../../../src/core/events.js'
import { env } from './swift.js'

/** Where moto listens and the keys the peer script hands out (moto checks no signature). */
export interface MotoPeer {
  url: string
  region: string
  accessKeyId: string
  secretAccessKey: string
}

/** The STRATO_MOTO_* variables; a missing one throws, so a missing peer fails the file. */
export function motoPeer(): MotoPeer {
  return {
    url: env('STRATO_MOTO_URL'),
    region: env('STRATO_MOTO_REGION'),
    accessKeyId: env('STRATO_MOTO_ACCESS_KEY'),
    secretAccessKey: env('STRATO_MOTO_SECRET_KEY'),
  }
}

/** Wipes every moto backend (all regions): `POST /moto-api/reset`. */
export async function resetMoto(peer: MotoPeer): Promise<void> {
  const res = await fetch(`${peer.url}/moto-api/reset`, { method: 'POST', signal: AbortSignal.timeout(10_000) })
  if (!res.ok) throw new Error(`moto reset at ${peer.url} answered ${res.status}: ${await res.text()}`)
  await res.body?.cancel()
}

/** A SigV4 AutoscaleClient on moto; options given win (another region, endpoint, keys). */
export function motoClient(peer: MotoPeer, extra: AutoscaleClientOptions = {}): AutoscaleClient {
  return new AutoscaleClient({
    endpoint: peer.url,
    region: peer.region,
    credentials: { accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey },
    env: {},
    ...extra,
  })
}

/** Every attempt the client starts from now on, in order (its 'request' events). */
export function recordRequests(client: AutoscaleClient): RequestEvent[] {
  const seen: RequestEvent[] = []
  client.on('request', (e) => seen.push(e))
  return seen
}

/** The URL of a local port nothing listens on (bound once, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

export interface DelayingProxy {
  url: string
  /** How long each response is held back; change it at any time. */
  delayMs: number
  /** Requests forwarded so far. */
  readonly forwarded: number
  close(): Promise<void>
}

/**
 * Forwards each request to `target` at once, and holds the whole response back for `delayMs`
 * before sending it on: the server has acted (as a slow AWS would have) while the client still
 * waits, which is what client-side timeouts and aborts meet.
 */
export async function delayingProxy(target: string, delayMs: number): Promise<DelayingProxy> {
  const to = new URL(target)
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let forwarded = 0
  const state = { delayMs }
  const server: Server = createServer((req, res) => {
    forwarded++
    const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      const chunks: Buffer[] = []
      upRes.on('data', (c: Buffer) => chunks.push(c))
      upRes.on('end', () => {
        const t = setTimeout(() => {
          timers.delete(t)
          if (res.destroyed) return
          res.writeHead(upRes.statusCode ?? 502, upRes.headers)
          res.end(Buffer.concat(chunks))
        }, state.delayMs)
        timers.add(t)
      })
    })
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get delayMs() {
      return state.delayMs
    },
    set delayMs(ms: number) {
      state.delayMs = ms
    },
    get forwarded() {
      return forwarded
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t)
        timers.clear()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** What `f` threw or rejected with (sync throws included), or undefined when it succeeded. */
export async function failure(f: () => unknown): Promise<unknown> {
  try {
    await f()
  } catch (e) {
    return e
  }
  return undefined
}
