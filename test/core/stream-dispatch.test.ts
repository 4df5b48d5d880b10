// test/core/stream-dispatch.test.ts — streamed request bodies go through undici's dispatcher to a real local server.
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileBody } from '../../src/core/body.js'
import { Client } from '../../src/core/client.js'
import { AbortError, ServerError } from '../../src/core/errors.js'

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')

describe('streamed bodies through the dispatcher', () => {
  let server: Server
  let base: string
  let file: string
  const bytes = Uint8Array.from({ length: 5 * 1024 * 1024 + 3 }, (_, i) => (i * 13) & 0xff)
  const received: { method: string; md5: string; length: string | undefined; te: string | undefined }[] = []
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const hash = createHash('md5')
      req.on('data', (c: Buffer) => hash.update(c))
      req.on('end', () => {
        received.push({ method: req.method!, md5: hash.digest('hex'), length: req.headers['content-length'], te: req.headers['transfer-encoding'] })
        if (req.url === '/fail') {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('busy')
          return
        }
        if (req.url === '/empty') {
          res.writeHead(204, { 'x-thing': 'a' }).end()
          return
        }
        res.writeHead(201, { 'set-cookie': ['a=1', 'b=2'], 'content-type': 'text/plain' }).end('created')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    file = join(await mkdtemp(join(tmpdir(), 'strato-sd-')), 'f.bin')
    await writeFile(file, bytes)
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('sends a file range with Content-Length and maps the answer to a Response', async () => {
    await using client = new Client({ endpoint: base })
    const res = await client.put('/obj', { body: await fileBody(file) })
    expect(res.status).toBe(201)
    expect(res.headers.get('set-cookie')).toContain('a=1')
    expect(await res.text()).toBe('created')
    expect(received.at(-1)).toMatchObject({ method: 'PUT', md5: md5(bytes), length: String(bytes.length) })
  })

  it('sends a Node stream chunked, never retried; maps 503 and 204', async () => {
    await using client = new Client({ endpoint: base, retry: { backoff: { baseMs: 1, maxMs: 1 } } })
    const before = received.length
    await expect(client.put('/fail', { body: Readable.from([Buffer.from('abc')]) })).rejects.toBeInstanceOf(ServerError)
    expect(received.length - before).toBe(1)
    expect(received.at(-1)).toMatchObject({ te: 'chunked', md5: md5(new TextEncoder().encode('abc')) })
    const empty = await client.put('/empty', { body: Readable.from([Buffer.from('x')]) })
    expect(empty.status).toBe(204)
    expect(empty.headers.get('x-thing')).toBe('a')
  })

  it('an abort while sending rejects with AbortError', async () => {
    await using client = new Client({ endpoint: base })
    const ac = new AbortController()
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 20))
        c.enqueue(new Uint8Array(1024))
      },
    })
    setTimeout(() => ac.abort(), 60)
    await expect(client.put('/obj', { body: slow, signal: ac.signal })).rejects.toBeInstanceOf(AbortError)
  })

  it('a HEAD leaves no attempt timer behind', async () => {
    await using client = new Client({ endpoint: base, timeoutMs: 600_000 })
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    await client.head('/empty')
    expect(timers()).toBeLessThanOrEqual(before)
  })
})
