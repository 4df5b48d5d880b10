// test/integration/support/glance.ts — Keystone sessions and ImageClients for the real Glance started by scripts/peers/glance.sh.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KeystoneSession } from '../../../src/auth/keystone.js'
import { ImageClient } from '../../../src/image/client.js'
import type { ImageClientOptions } from '../../../src/image/client.js'
import { env } from './swift.js'

/** Who talks to Glance: the demo member, or the admin (copy-image is admin-only by Glance's policy). */
export type GlanceUser = 'demo' | 'admin'

export interface GlanceFixture {
  image: ImageClient
  session: KeystoneSession
  /** The project the token is scoped to. */
  projectId: string
  close(): Promise<void>
}

/** An ImageClient on the real Glance, found through the Keystone catalog (or at `extra.endpoint`). */
export async function glanceClient(user: GlanceUser, extra: Partial<ImageClientOptions> = {}): Promise<GlanceFixture> {
  env('STRATO_GLANCE_URL') // the peer must have started; its absence fails the run
  const session = await KeystoneSession.password({
    authUrl: env('STRATO_KEYSTONE_URL'),
    username: env(`STRATO_KEYSTONE_${user.toUpperCase()}_USERNAME`),
    password: env(`STRATO_KEYSTONE_${user.toUpperCase()}_PASSWORD`),
    projectName: env(`STRATO_KEYSTONE_${user.toUpperCase()}_PROJECT`),
  })
  const image = new ImageClient({ session, ...extra })
  const projectId = (await session.authenticate()).project?.id
  return {
    image,
    session,
    projectId: projectId ?? '',
    async close() {
      await image.close()
      await session.close()
    },
  }
}

export interface StaticSite {
  url: string
  /** Requests served so far. */
  readonly hits: number
  close(): Promise<void>
}

/** A plain HTTP server on 127.0.0.1 serving `files` by path, as web-download's source. */
export async function staticSite(files: Record<string, Uint8Array>): Promise<StaticSite> {
  let hits = 0
  const server: Server = createServer((req, res) => {
    hits++
    const body = files[req.url ?? '']
    if (!body) {
      res.writeHead(404).end('not here')
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return hits
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
