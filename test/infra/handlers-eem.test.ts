// eem.node against the fake Valence/ExpEther: compose, attach free devices by type, record them; detach and delete on rollback.
import { describe, expect, it } from 'vitest'
import { useFakeCloud } from './support/cloud.js'
import { INFRA_ID, context, deleteContext, handlers, rejection } from './support/context.js'

const f = useFakeCloud()
const eemNode = handlers['eem.node']!
const nodes = (): string[] => [...f.cloud.valence.nodes.keys()]
const device = (uuid: string): { state: string; node_id: string | null } => f.cloud.valence.devices.get(uuid)!
const free = (): string[] => [...f.cloud.valence.devices.values()].filter((d) => d.state === 'free').map((d) => d.uuid).sort()

describe('eem.node', () => {
  it('composes a node on the only pod manager, attaches a free GPU, records both, and releases everything on delete', async () => {
    const freeBefore = free()
    const { ctx, refs } = context({ params: { properties: { pci_device: { type: ['NIC'] } }, devices: [{ type: 'GPU' }] }, clients: f.clients, node: 'gpu' })
    const { ref } = await eemNode.create(ctx)
    const r = ref as { node: string; podmId: string; devices: string[] }
    expect(r.podmId).toBe(f.cloud.valence.seedPodmId)
    expect(f.cloud.valence.nodes.get(r.node)?.name).toBe(`${INFRA_ID.slice(0, 8)}-gpu-0`)
    expect(r.devices).toHaveLength(1)
    expect(refs).toEqual([{ ...r, devices: [] }, r])
    const index = f.cloud.valence.nodes.get(r.node)!.index
    expect(device(r.devices[0]!)).toMatchObject({ state: 'allocated', node_id: index })
    expect([...f.cloud.valence.devices.values()].filter((d) => d.node_id === index).map((d) => d.type).sort()).toEqual(['GPU', 'NIC'])
    expect(await eemNode.status!(ref, ctx)).toBe('ready')

    await eemNode.delete(ref, deleteContext(f.clients, 'gpu'))
    expect(nodes()).not.toContain(r.node)
    expect(free()).toEqual(freeBefore)
    expect(await eemNode.status!(ref, ctx)).toBe('gone')
    await eemNode.delete(ref, deleteContext(f.clients, 'gpu')) // already gone: fine
  })

  it('runs out of free devices: create fails, the node and what was attached are recorded and released', async () => {
    const freeBefore = free()
    const { ctx, refs } = context({ params: { podmId: f.cloud.valence.seedPodmId, devices: [{ type: 'NIC', count: 5 }] }, clients: f.clients, node: 'greedy' })
    const e = await rejection(eemNode.create(ctx))
    expect(e).toMatchObject({ name: 'ConflictError', code: 'DeviceNotAvailable' })
    const last = refs.at(-1) as { node: string; devices: string[] }
    expect(last.devices).toHaveLength(2) // the seed has two NICs
    await eemNode.delete(last, deleteContext(f.clients, 'greedy'))
    expect(nodes()).not.toContain(last.node)
    expect(free()).toEqual(freeBefore)
  })

  it('an abort after created() stops before attaching and leaves a ref that delete removes', async () => {
    const { ctx, lastRef } = context({ params: { devices: ['SSD'] }, clients: f.clients, abortAfterCreated: 1 })
    const e = await rejection(eemNode.create(ctx))
    expect(e.name).toBe('AbortError')
    const ref = lastRef() as { node: string; devices: string[] }
    expect(ref.devices).toEqual([])
    expect(nodes()).toContain(ref.node)
    await eemNode.delete(ref, deleteContext(f.clients))
    expect(nodes()).not.toContain(ref.node)
  })

  it('refuses bad params and a missing client before any request', async () => {
    const mark = f.cloud.requests.length
    await expect(eemNode.create(context({ params: { flavorId: 'f', properties: {} }, clients: f.clients }).ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: 'eem.node: give params.flavorId or params.properties, not both',
    })
    await expect(eemNode.create(context({ params: { devices: [{ count: 1 }] }, clients: f.clients }).ctx)).rejects.toThrow('eem.node needs params.devices[0].type')
    await expect(eemNode.create(context({ params: { devices: [{ type: 'GPU', count: 0 }] }, clients: f.clients }).ctx)).rejects.toThrow('params.devices[0].count must be a whole number ≥ 1')
    await expect(eemNode.create(context({ params: { devices: 'GPU' }, clients: f.clients }).ctx)).rejects.toThrow('params.devices must be a list')
    await expect(eemNode.create(context({}).ctx)).rejects.toThrow('eem.node needs clients.eem')
    expect(f.since(mark)).toEqual([])
  })
})
