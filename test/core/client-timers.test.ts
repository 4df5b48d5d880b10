// test/core/client-timers.test.ts — a response nobody reads must not keep its attempt timer (and the process) alive.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Client } from '../../src/core/client.js'

let server: Server
let url = ''
beforeAll(async () => {
  // Nova answers server actions with 202 and an empty body of Content-Length 0.
  server = createServer((_req, res) => res.writeHead(202, { 'content-length': '0' }).end())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

it('an empty 202 that is never read ends its attempt timer at once', async () => {
  const client = new Client({ endpoint: url, timeoutMs: 600_000 })
  await client.post('/action') // warm the dispatcher
  const before = timers()
  for (let i = 0; i < 5; i++) await client.post('/action', { json: { 'os-stop': null } })
  expect(timers()).toBeLessThanOrEqual(before) // other timers may end meanwhile; five leaked ones would not
  await client.close()
})
