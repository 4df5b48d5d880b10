// test/infra/health.test.ts — checkHealth on real local listeners (open and closed ports, URLs answering 2xx and 5xx,
// timeout, abort, no address), and the manager rendering templated health-check URLs before calling the checker.
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AbortError, InputError, TimeoutError } from '../../src/core/errors.js'
import type { HealthCheck } from '../../src/infra/definition-types.js'
import { checkHealth } from '../../src/infra/health.js'
import { InfraManager } from '../../src/infra/manager.js'
import { MemoryStore } from '../../src/infra/store-memory.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => Promise.all(closers.splice(0).map((c) => c())))

async function listen(server: Server | ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return (server.address() as AddressInfo).port
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise((resolve) => s.close(resolve))
  return port
}

describe('checkHealth', () => {
  it('passes when every port accepts and every URL answers below 400', async () => {
    const tcp = await listen(createServer((c) => c.destroy()))
    const http = await listen(createHttpServer((_, res) => res.writeHead(204).end()))
    await checkHealth({ ports: [tcp], urls: [`http://{{ip}}:${http}/health`], timeout: 5 }, '127.0.0.1', new AbortController().signal)
  })

  it('a refused port times out with a TimeoutError naming it', async () => {
    const port = await closedPort()
    const err = await checkHealth({ ports: [port], timeout: 1 }, '127.0.0.1', new AbortController().signal).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as Error).message).toContain(`port ${port} on 127.0.0.1 refused`)
  })

  it('a URL answering 503 keeps failing; one that recovers passes', async () => {
    let calls = 0
    const http = await listen(createHttpServer((_, res) => res.writeHead(++calls < 3 ? 503 : 200).end()))
    await checkHealth({ urls: [`http://127.0.0.1:${http}/`], timeout: 10 }, undefined, new AbortController().signal)
    expect(calls).toBe(3)
    const down = await listen(createHttpServer((_, res) => res.writeHead(503).end()))
    const err = await checkHealth({ urls: [`http://127.0.0.1:${down}/`], timeout: 1 }, undefined, new AbortController().signal).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as Error).message).toContain('answered 503')
  })

  it('an abort stops the wait with AbortError; ports without an address are an InputError', async () => {
    const port = await closedPort()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await expect(checkHealth({ ports: [port], timeout: 60 }, '127.0.0.1', controller.signal)).rejects.toBeInstanceOf(AbortError)
    await expect(checkHealth({ ports: [22] }, undefined, new AbortController().signal)).rejects.toBeInstanceOf(InputError)
    await checkHealth({}, undefined, new AbortController().signal) // nothing to check
  })
})

describe('InfraManager health checks', () => {
  it('renders templated URLs ({{ip}}, variables) before checking, and a failing check rolls the node back', async () => {
    const seen: { check: HealthCheck; address: string | undefined }[] = []
    const live = new Set<string>()
    const manager = new InfraManager({
      store: new MemoryStore(),
      healthCheck: async (check, address) => {
        seen.push({ check, address })
        if (address === '10.9.9.2') throw new TimeoutError('health check not passed')
      },
      handlers: {
        vm: {
          create: async (ctx) => {
            live.add(ctx.nodeId)
            return { ref: ctx.nodeId, address: `10.9.9.${ctx.index + 1}` }
          },
          delete: async (ref) => void live.delete(ref as string),
        },
      },
      nodeDefinitions: { web: [{ resource: { type: 'vm' }, health_check: { urls: ['http://{{ip}}:{{variables.port}}/up'], timeout: 5 } }] },
    })
    const definition = { infra_name: 'health', user_id: 't', variables: { port: 8080 }, nodes: [{ name: 'web', type: 'web', scaling: { min: 2 } }] }
    const error = await manager.deploy(definition).catch((e: unknown) => e)
    expect(seen.map((s) => s.check.urls)).toEqual([['http://10.9.9.1:8080/up'], ['http://10.9.9.2:8080/up']])
    expect((error as Error).name).toBe('DeployError')
    expect(live.size).toBe(0)
  })
})
