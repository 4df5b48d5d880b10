// test/core/tls.test.ts — per-client TLS against a real HTTPS server with a throwaway self-signed certificate.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../src/core/client.js'
import { NetworkError } from '../../src/core/errors.js'

let server: Server
let base = ''
let cert: Buffer

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strato-tls-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
  cert = readFileSync(join(dir, 'cert.pem'))
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"secure":true}')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('TLS per client', () => {
  it('refuses an unknown certificate by default, with a NetworkError naming the cause', async () => {
    const err = await new Client({ endpoint: base, retry: false }).get('/').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as NetworkError).message).toMatch(/certificate|SELF_SIGNED/i)
  })

  it('trusts a CA given to this client only', async () => {
    const trusting = new Client({ endpoint: base, tls: { ca: cert } })
    expect(await (await trusting.get('/')).json()).toEqual({ secure: true })
    await trusting.close()
    await expect(new Client({ endpoint: base, retry: false }).get('/')).rejects.toBeInstanceOf(NetworkError)
  })

  it('skips verification only when rejectUnauthorized: false is written out', async () => {
    const insecure = new Client({ endpoint: base, tls: { rejectUnauthorized: false } })
    expect((await insecure.get('/')).status).toBe(200)
    await insecure.close()
  })
})
