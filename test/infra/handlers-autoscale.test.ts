// autoscale.group against the fake Auto Scaling service: launch configuration, group, capacity; force-deleted with its configuration on rollback.
import { describe, expect, it } from 'vitest'
import { useFakeCloud } from './support/cloud.js'
import { INFRA_ID, context, deleteContext, handlers, rejection } from './support/context.js'

const f = useFakeCloud({ autoscale: { launchDelayMs: 50, terminateDelayMs: 80 } })
const asg = handlers['autoscale.group']!
const params = {
  launchConfiguration: { ImageId: 'ami-1', InstanceType: 'm1.small' },
  group: { MinSize: 1, MaxSize: 3, DesiredCapacity: 2, AvailabilityZones: ['us-east-1a'] },
}
const name = (node: string): string => `${INFRA_ID.slice(0, 8)}-${node}-0`
const state = (lc: string, group: string): { lc: boolean; group: boolean; instances: number } => ({
  lc: f.cloud.autoscale.launchConfigurations.has(lc),
  group: f.cloud.autoscale.groups.has(group),
  instances: [...f.cloud.autoscale.instances.values()].filter((i) => i.groupName === group).length,
})

describe('autoscale.group', () => {
  it('creates the launch configuration, then the group, waits for its capacity, and deletes both', async () => {
    const { ctx, refs } = context({ params: { ...params, wait: true }, clients: f.clients, node: 'workers', userData: '#!/bin/sh\necho up\n' })
    const { ref } = await asg.create(ctx)
    const n = name('workers')
    expect(refs).toEqual([{ lc: n }, { lc: n, group: n }])
    expect(ref).toEqual({ lc: n, group: n })
    const lc = f.cloud.autoscale.launchConfigurations.get(n)!
    expect(Buffer.from(lc.userData ?? '', 'base64').toString()).toBe('#!/bin/sh\necho up\n')
    const inService = [...f.cloud.autoscale.instances.values()].filter((i) => i.groupName === n && i.state === 'InService')
    expect(inService).toHaveLength(2)
    expect(await asg.status!(ref, ctx)).toBe('ready')

    await asg.delete(ref, deleteContext(f.clients, 'workers'))
    expect(state(n, n)).toEqual({ lc: false, group: false, instances: 0 })
    expect(await asg.status!(ref, ctx)).toBe('gone')
    await asg.delete(ref, deleteContext(f.clients, 'workers')) // already gone: fine
  })

  it('an abort after the launch configuration was recorded leaves a ref that delete removes', async () => {
    const { ctx, refs } = context({ params, clients: f.clients, node: 'aborted', abortAfterCreated: 1 })
    const e = await rejection(asg.create(ctx))
    expect(e.name).toBe('AbortError')
    const n = name('aborted')
    // The group request may have been sent when the abort came: the ref names it too.
    expect(refs.at(-1)).toEqual({ lc: n, group: n })
    expect(f.cloud.autoscale.launchConfigurations.has(n)).toBe(true)
    await asg.delete(refs.at(-1) as { lc: string }, deleteContext(f.clients, 'aborted'))
    expect(state(n, n)).toEqual({ lc: false, group: false, instances: 0 })
  })

  it('a group the service refuses fails create; the launch configuration recorded before is deleted', async () => {
    const { ctx, refs } = context({ params: { ...params, group: { MinSize: 1, MaxSize: 2 } }, clients: f.clients, node: 'nozone' })
    const e = await rejection(asg.create(ctx))
    expect(e.message).toContain('Availability Zone')
    const n = name('nozone')
    expect(refs).toEqual([{ lc: n }])
    await asg.delete(refs[0] as { lc: string }, deleteContext(f.clients, 'nozone'))
    expect(f.cloud.autoscale.launchConfigurations.has(n)).toBe(false)
  })

  it('rollback of a running group without waiting: force delete, then the configuration once it is no longer in use', async () => {
    const { ctx } = context({ params: { ...params, name: 'given' }, clients: f.clients })
    const { ref } = await asg.create(ctx)
    expect(ref).toEqual({ lc: 'given', group: 'given' })
    expect(await asg.status!(ref, ctx)).toBe('pending')
    await asg.delete(ref, deleteContext(f.clients))
    expect(state('given', 'given')).toEqual({ lc: false, group: false, instances: 0 })
  })

  it('refuses bad params and a missing client before any request', async () => {
    const mark = f.cloud.requests.length
    await expect(asg.create(context({ params: { group: params.group }, clients: f.clients }).ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: 'autoscale.group needs params.launchConfiguration',
    })
    await expect(asg.create(context({ params: { ...params, launchConfiguration: { InstanceType: 'm1.small' } }, clients: f.clients }).ctx)).rejects.toThrow(
      'autoscale.group needs params.launchConfiguration.ImageId',
    )
    await expect(asg.create(context({ params: { ...params, group: { MaxSize: 1 } }, clients: f.clients }).ctx)).rejects.toThrow('autoscale.group needs params.group.MinSize')
    await expect(asg.create(context({ params: { ...params, group: { MinSize: -1, MaxSize: 1 } }, clients: f.clients }).ctx)).rejects.toThrow('params.group.MinSize must be a whole number')
    await expect(asg.create(context({ params: { ...params, wait: 'yes' }, clients: f.clients }).ctx)).rejects.toThrow('params.wait must be true or false')
    await expect(asg.create(context({ params }).ctx)).rejects.toThrow('autoscale.group needs clients.autoscale')
    expect(f.since(mark)).toEqual([])
  })
})
