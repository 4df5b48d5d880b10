// storage.container against the fake Swift: created with metadata, emptied and deleted on rollback even when later steps wrote objects.
import { describe, expect, it } from 'vitest'
import { useFakeCloud } from './support/cloud.js'
import { INFRA_ID, context, deleteContext, handlers, rejection } from './support/context.js'

const f = useFakeCloud()
const container = handlers['storage.container']!
const account = (): string => f.cloud.swift.accountFor('demo-project-id')
const containers = (): string[] => f.cloud.swift.containerNames(account())

describe('storage.container', () => {
  it('creates the container named after the infra and node, with metadata, and deletes it with the objects written into it', async () => {
    const { ctx, refs } = context({ params: { metadata: { owner: 'ops' } }, clients: f.clients, node: 'data' })
    const { ref } = await container.create(ctx)
    const name = `${INFRA_ID.slice(0, 8)}-data-0`
    expect(ref).toEqual({ name })
    expect(refs).toEqual([{ name }])
    expect(containers()).toContain(name)
    expect((await f.storage.containers.info(name)).metadata).toMatchObject({ owner: 'ops' })
    expect(await container.status!(ref, ctx)).toBe('ready')

    // A later step of the deployment wrote objects; the rollback must still remove the container.
    for (let i = 0; i < 25; i++) f.cloud.swift.putObject(account(), name, `logs/${i}.txt`, new TextEncoder().encode(`line ${i}`))
    await f.storage.objects.put(name, 'via-api.bin', new Uint8Array(10))
    expect(f.cloud.swift.objectNames(account(), name)).toHaveLength(26)

    await container.delete(ref, deleteContext(f.clients, 'data'))
    expect(containers()).not.toContain(name)
    expect(await container.status!(ref, ctx)).toBe('gone')
    await container.delete(ref, deleteContext(f.clients, 'data')) // already gone: fine
  })

  it('takes params.name; an abort after created() leaves a ref that delete removes', async () => {
    const { ctx, lastRef, controller } = context({ params: { name: 'given-bucket' }, clients: f.clients, abortAfterCreated: 1 })
    await container.create(ctx) // nothing left to wait for after created(): create still resolves
    expect(controller.signal.aborted).toBe(true)
    expect(lastRef()).toEqual({ name: 'given-bucket' })
    expect(containers()).toContain('given-bucket')
    await container.delete(lastRef() as { name: string }, deleteContext(f.clients))
    expect(containers()).not.toContain('given-bucket')
  })

  it('an aborted deployment stops before the container is made', async () => {
    const { ctx, controller, refs } = context({ params: { name: 'never-made' }, clients: f.clients })
    controller.abort(new Error('stop'))
    const e = await rejection(container.create(ctx))
    expect(e.name).toBe('AbortError')
    expect(refs).toEqual([])
    expect(containers()).not.toContain('never-made')
  })

  it('refuses bad params and a missing client before any request', async () => {
    const mark = f.cloud.requests.length
    await expect(container.create(context({ params: { metadata: 'x' }, clients: f.clients }).ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: 'storage.container: params.metadata must be an object of strings, got "x"',
    })
    await expect(container.create(context({ params: { name: 'a/b' }, clients: f.clients }).ctx)).rejects.toThrow('params.name must be a container name')
    await expect(container.create(context({ params: { name: 7 } }).ctx)).rejects.toThrow('params.name must be a non-empty string')
    await expect(container.create(context({}).ctx)).rejects.toThrow('storage.container needs clients.storage')
    expect(f.since(mark)).toEqual([])
  })
})
