// compute.server against the fake Nova: boot with cloud-init and wait, the ref recorded while building, rollback after an abort or a failed build.
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { CIRROS_IMAGE_ID } from '../../src/testing/nova-seed.js'
import { useFakeCloud } from './support/cloud.js'
import { INFRA_ID, context, deleteContext, handlers, rejection } from './support/context.js'

const f = useFakeCloud({ nova: { buildDelayMs: 150, actionDelayMs: 50 } })
const server = handlers['compute.server']!
const params = { flavorRef: '1', imageRef: CIRROS_IMAGE_ID }
const live = (): string[] => [...f.cloud.nova.servers.values()].filter((s) => s.vmState !== 'deleted').map((s) => s.id)

describe('compute.server', () => {
  it('boots a server named after the infra and node, records it while it builds, returns its IPv4 address, and deletes it', async () => {
    const seenWhileBuilding: string[] = []
    const userData = '#cloud-config\nruncmd: [echo hi]\n'
    const { ctx, refs } = context({
      params: { ...params, metadata: { role: 'web' } },
      clients: f.clients,
      userData,
      onCreated: (ref) => void seenWhileBuilding.push(f.cloud.nova.servers.get((ref as { id: string }).id)!.vmState),
    })
    const created = await server.create(ctx)
    const id = (created.ref as { id: string }).id
    expect(refs).toEqual([{ id }])
    expect(seenWhileBuilding).toEqual(['building'])
    const fake = f.cloud.nova.servers.get(id)!
    expect(fake.name).toBe(`${INFRA_ID.slice(0, 8)}-web-0`)
    expect(fake.vmState).toBe('active')
    expect(fake.userData).toBe(Buffer.from(userData).toString('base64'))
    expect(fake.metadata).toMatchObject({ role: 'web' })
    expect(created.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    expect(await server.address!(created.ref, ctx)).toBe(created.address)
    expect(await server.status!(created.ref, ctx)).toBe('ready')

    await server.delete(created.ref, deleteContext(f.clients))
    expect(live()).not.toContain(id)
    expect(await server.status!(created.ref, ctx)).toBe('gone')
    await server.delete(created.ref, deleteContext(f.clients)) // already gone: fine
  })

  it('asks for networks "auto" when the client speaks 2.37 or later, and takes params.name', async () => {
    const { ComputeClient } = await import('../../src/compute/index.js')
    const modern = new ComputeClient({ session: f.session, microversion: '2.79' })
    try {
      const mark = f.cloud.requests.length
      const { ctx } = context({ params: { ...params, name: 'given-name' }, clients: { compute: modern } })
      const { ref } = await server.create(ctx)
      expect(f.cloud.nova.servers.get((ref as { id: string }).id)!.name).toBe('given-name')
      expect(f.since(mark)).toContain('POST /compute/v2.1/servers') // from 2.37 the client refuses a create without networks
      await server.delete(ref, deleteContext({ compute: modern }))
      expect(live()).not.toContain((ref as { id: string }).id)
    } finally {
      await modern.close()
    }
  })

  it('an abort after created() leaves a ref that delete removes', async () => {
    const before = live().length
    const { ctx, lastRef } = context({ params, clients: f.clients, abortAfterCreated: 1 })
    const e = await rejection(server.create(ctx))
    expect(e.name).toBe('AbortError')
    const ref = lastRef() as { id: string }
    expect(live()).toContain(ref.id)
    await server.delete(ref, deleteContext(f.clients))
    expect(live()).toHaveLength(before)
  })

  it('a build that ends in ERROR fails create with the fault, and the recorded server is deleted', async () => {
    f.cloud.nova.failNextBuild('No valid host was found.')
    const { ctx, lastRef } = context({ params, clients: f.clients, node: 'db' })
    const e = await rejection(server.create(ctx))
    expect(e.name).toBe('ServerFaultError')
    expect(e.message).toContain('No valid host')
    const ref = lastRef() as { id: string }
    expect(await server.status!(ref, ctx)).toBe('failed')
    await server.delete(ref, deleteContext(f.clients))
    expect(live()).not.toContain(ref.id)
  })

  it('refuses missing or wrong params and a missing client before any request', async () => {
    const mark = f.cloud.requests.length
    await expect(server.create(context({ params: { imageRef: CIRROS_IMAGE_ID }, clients: f.clients }).ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: 'compute.server needs params.flavorRef',
    })
    await expect(server.create(context({ params: { flavor: '1' }, clients: f.clients }).ctx)).rejects.toThrow('compute.server needs params.imageRef')
    await expect(server.create(context({ params: { ...params, metadata: { a: 1 } }, clients: f.clients }).ctx)).rejects.toThrow('params.metadata.a must be a string')
    await expect(server.create(context({ params: { ...params, networks: 'some' }, clients: f.clients }).ctx)).rejects.toThrow('params.networks must be')
    await expect(server.create(context({ params }).ctx)).rejects.toThrow('compute.server needs clients.compute')
    expect(f.since(mark)).toEqual([])
  })

  it('accepts the aliases flavor and image', async () => {
    const { ctx } = context({ params: { flavor: 42, image: CIRROS_IMAGE_ID }, clients: f.clients, node: 'alias' })
    const { ref } = await server.create(ctx)
    expect(f.cloud.nova.servers.get((ref as { id: string }).id)!.flavorId).toBe('42')
    await server.delete(ref, deleteContext(f.clients))
  })
})
