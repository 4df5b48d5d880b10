// test/core/chunk-recycling.test.ts — file bodies reuse a ring of buffers only where the consumer lets go of each chunk.
import { createHash, randomFillSync } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replayable } from '../../src/core/body.js'
import { Client } from '../../src/core/client.js'
import { DigestTap } from '../../src/core/digest-stream.js'
import { fileRangeStream, forwardRecycling, recycleChunks } from '../../src/core/pull-stream.js'

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')

describe('chunk recycling of file bodies', () => {
  let server: Server
  let base: string
  let file: string
  // 16 MiB of noise: 64 chunks of 256 KiB, four times around the ring, so a reused buffer that
  // was still on its way would change the digest the server computes.
  const data = randomFillSync(new Uint8Array(16 * 1024 * 1024 + 4321))
  const received: string[] = []
  beforeAll(async () => {
    // A slow reader: pauses after every piece, so the socket fills and back-pressure is real.
    server = createServer((req, res) => {
      const hash = createHash('md5')
      req.on('data', (c: Buffer) => {
        hash.update(c)
        req.pause()
        setTimeout(() => req.resume(), 1)
      })
      req.on('end', () => {
        received.push(hash.digest('hex'))
        res.writeHead(201).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    file = join(await mkdtemp(join(tmpdir(), 'strato-ring-')), 'f.bin')
    await writeFile(file, data)
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('only file streams (and pass-throughs that forward) can recycle', () => {
    const plain = new ReadableStream<Uint8Array>()
    expect(recycleChunks(plain)).toBe(false)
    const inner = fileRangeStream(file, 0, 10)
    const outer = new ReadableStream<Uint8Array>()
    forwardRecycling(outer, inner)
    expect(recycleChunks(outer)).toBe(true)
    expect(recycleChunks(new DigestTap(['md5']).wrap(fileRangeStream(file, 0, 10)))).toBe(true)
  })

  it('a recycling stream still yields every byte in order when each chunk is consumed before the next pull', async () => {
    const stream = fileRangeStream(file, 0, data.length)
    recycleChunks(stream)
    const hash = createHash('md5')
    let chunks = 0
    for await (const chunk of stream) {
      hash.update(chunk)
      chunks++
    }
    expect(chunks).toBe(Math.ceil(data.length / (256 * 1024)))
    expect(hash.digest('hex')).toBe(md5(data))
  })

  it('through the dispatcher to a slow server, a recycled, tapped file arrives intact', async () => {
    await using client = new Client({ endpoint: base })
    const tap = new DigestTap(['md5'])
    const res = await client.put('/ring', { body: replayable(() => tap.wrap(fileRangeStream(file, 0, data.length)), data.length), timeoutMs: 0 })
    expect(res.status).toBe(201)
    expect(received.at(-1)).toBe(md5(data))
    expect(tap.hex('md5')).toBe(md5(data))
  })

  it('a fetch that reads the whole body first (as msw does) gets fresh buffers, so the bytes stay right', async () => {
    let seen = ''
    const buffering: typeof fetch = async (input, init) => {
      const request = new Request(input, init)
      seen = md5(new Uint8Array(await request.arrayBuffer()))
      return new Response(null, { status: 201 })
    }
    await using client = new Client({ endpoint: base, fetch: buffering })
    await client.put('/buffered', { body: replayable(() => new DigestTap(['md5']).wrap(fileRangeStream(file, 0, data.length)), data.length) })
    expect(seen).toBe(md5(data))
  })
})
