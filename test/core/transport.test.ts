// test/core/transport.test.ts — dispatchers for TLS and proxies, and TLS files read into options.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, EnvHttpProxyAgent, ProxyAgent } from 'undici'
import { describe, expect, it } from 'vitest'
import { Client } from '../../src/core/client.js'
import { InputError } from '../../src/core/errors.js'
import { createDispatcher, tlsFromFiles } from '../../src/core/transport.js'

describe('transport', () => {
  it('picks the dispatcher from options and environment', async () => {
    const direct = await createDispatcher({}, {})
    const env = await createDispatcher({}, { HTTPS_PROXY: 'http://proxy.test:3128', NO_PROXY: 'localhost' })
    const named = await createDispatcher({ proxy: 'http://proxy.test:3128' }, {})
    const ignored = await createDispatcher({ proxy: false }, { HTTPS_PROXY: 'http://proxy.test:3128' })
    expect(direct).toBeInstanceOf(Agent)
    expect(env).toBeInstanceOf(EnvHttpProxyAgent)
    expect(named).toBeInstanceOf(ProxyAgent)
    expect(ignored).toBeInstanceOf(Agent)
    await Promise.all([direct, env, named, ignored].map((d) => d.close()))
  })

  it('sends requests through a proxy given by name (CONNECT tunnel)', async () => {
    const seen: string[] = []
    const proxy = createServer()
    // A minimal tunnelling proxy: accept CONNECT, then play the upstream server on the raw socket.
    proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
      seen.push(`${req.method} ${req.url}`)
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      socket.once('data', (chunk) => {
        seen.push(chunk.toString().split('\r\n')[0]!)
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\nconnection: close\r\n\r\n{"via":"proxy"}')
      })
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    const port = (proxy.address() as AddressInfo).port
    const client = new Client({ endpoint: 'http://upstream.invalid/v1', proxy: `http://127.0.0.1:${port}`, retry: false })
    expect(await (await client.get('/x')).json()).toEqual({ via: 'proxy' })
    expect(seen).toEqual(['CONNECT upstream.invalid:80', 'GET /v1/x HTTP/1.1'])
    await client.close()
    proxy.close()
  })

  it('reads TLS files, refuses unreadable ones, and maps verify: false', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strato-tls-'))
    const ca = join(dir, 'ca.pem')
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    expect(tlsFromFiles({ cacert: ca })?.ca?.toString()).toContain('BEGIN CERTIFICATE')
    expect(tlsFromFiles({ verify: false })).toEqual({ rejectUnauthorized: false })
    expect(tlsFromFiles({})).toBeUndefined()
    expect(() => tlsFromFiles({ cacert: join(dir, 'missing.pem') })).toThrow(InputError)
  })
})
