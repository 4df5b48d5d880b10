// test/integration/support/corrupting-proxy.ts — an HTTP proxy that flips one byte in chosen request bodies.
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CorruptingProxy {
  url: string
  /** Bodies corrupted so far. */
  readonly corrupted: number
  close(): Promise<void>
}

/**
 * Forwards everything to `target`; for each PUT whose path `shouldCorrupt` accepts, flips the
 * first byte of the body on its way, as a faulty network or disk would.
 */
export async function corruptingProxy(target: string, shouldCorrupt: (method: string, path: string) => boolean): Promise<CorruptingProxy> {
  const to = new URL(target)
  let corrupted = 0
  const server: Server = createServer((req, res) => {
    const corrupt = req.method === 'PUT' && shouldCorrupt(req.method, req.url ?? '')
    const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers)
      upRes.pipe(res)
    })
    up.on('error', () => res.destroy())
    let flipped = false
    req.on('data', (chunk: Buffer) => {
      if (corrupt && !flipped && chunk.length > 0) {
        const copy = Buffer.from(chunk)
        copy[0] = copy[0]! ^ 0xff
        flipped = true
        corrupted++
        up.write(copy)
      } else up.write(chunk)
    })
    req.on('end', () => up.end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get corrupted() {
      return corrupted
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
