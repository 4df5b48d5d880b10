// test/compute/actions.test.ts — every server action: the exact POST /servers/{id}/action body, its status and its result.
import { describe, expect, it } from 'vitest'
import { ConflictError, InputError, ResponseError } from '../../src/core/errors.js'
import type { ComputeClient } from '../../src/compute/index.js'
import { IMAGE_ID, SERVER_ID, serverBody } from './fixtures.js'
import { type FixtureNova, useFixtureNova, fault, mvHeaders } from './support.js'

let nova: FixtureNova
let compute: ComputeClient
const ACTION = `/servers/${SERVER_ID}/action`
useFixtureNova({}, (n, c) => {
  nova = n
  compute = c
})

/** The one action body sent, after checking method, path and headers. */
function sentBody(i = 0): unknown {
  const seen = nova.seen[i]!
  expect(seen).toMatchObject({ method: 'POST', path: ACTION, headers: { 'content-type': expect.stringContaining('application/json'), ...mvHeaders(compute.effectiveMicroversion) } })
  return seen.body
}

describe('bodiless actions (202)', () => {
  const cases: [string, (c: ComputeClient) => Promise<void>, unknown][] = [
    ['reboot SOFT', (c) => c.servers.reboot(SERVER_ID), { reboot: { type: 'SOFT' } }],
    ['reboot HARD', (c) => c.servers.reboot(SERVER_ID, 'HARD'), { reboot: { type: 'HARD' } }],
    ['start', (c) => c.servers.start(SERVER_ID), { 'os-start': null }],
    ['stop', (c) => c.servers.stop(SERVER_ID), { 'os-stop': null }],
    ['pause', (c) => c.servers.pause(SERVER_ID), { pause: null }],
    ['unpause', (c) => c.servers.unpause(SERVER_ID), { unpause: null }],
    ['suspend', (c) => c.servers.suspend(SERVER_ID), { suspend: null }],
    ['resume', (c) => c.servers.resume(SERVER_ID), { resume: null }],
    ['resize', (c) => c.servers.resize(SERVER_ID, '2', { 'OS-DCF:diskConfig': 'AUTO' }), { resize: { flavorRef: '2', 'OS-DCF:diskConfig': 'AUTO' } }],
    ['resize by number', (c) => c.servers.resize(SERVER_ID, 3), { resize: { flavorRef: '3' } }],
    ['revertResize', (c) => c.servers.revertResize(SERVER_ID), { revertResize: null }],
    ['changePassword', (c) => c.servers.changePassword(SERVER_ID, 'foo'), { changePassword: { adminPass: 'foo' } }],
    ['unrescue', (c) => c.servers.unrescue(SERVER_ID), { unrescue: null }],
    ['lock', (c) => c.servers.lock(SERVER_ID), { lock: null }],
    ['lock with a reason (2.73)', (c) => c.servers.lock(SERVER_ID, { locked_reason: "I don't want to work" }), { lock: { locked_reason: "I don't want to work" } }],
    ['unlock', (c) => c.servers.unlock(SERVER_ID), { unlock: null }],
    ['shelve', (c) => c.servers.shelve(SERVER_ID), { shelve: null }],
    ['unshelve', (c) => c.servers.unshelve(SERVER_ID), { unshelve: null }],
    ['unshelve to a zone (2.77)', (c) => c.servers.unshelve(SERVER_ID, { availability_zone: 'us-west' }), { unshelve: { availability_zone: 'us-west' } }],
  ]
  for (const [name, call, body] of cases) {
    it(name, async () => {
      nova.on('POST', ACTION, { status: 202 })
      await call(compute)
      expect(sentBody()).toEqual(body)
      expect(nova.seen.length).toBe(1)
    })
  }

  it('confirmResize answers 204', async () => {
    nova.on('POST', ACTION, { status: 204 })
    await compute.servers.confirmResize(SERVER_ID)
    expect(sentBody()).toEqual({ confirmResize: null })
  })

  it('action() sends any other action', async () => {
    nova.on('POST', ACTION, { status: 202 })
    const res = await compute.servers.action(SERVER_ID, { trigger_crash_dump: null })
    expect(res.status).toBe(202)
    expect(sentBody()).toEqual({ trigger_crash_dump: null })
    await expect(compute.servers.action(SERVER_ID, { a: 1, b: 2 })).rejects.toBeInstanceOf(InputError)
  })
})

describe('actions with results', () => {
  it('rebuild sends the fields and returns the server with its new adminPass', async () => {
    nova.on('POST', ACTION, { status: 202, json: { server: serverBody(SERVER_ID, { status: 'REBUILD', name: 'foobar', adminPass: 'seekr3t', 'OS-EXT-STS:task_state': 'rebuilding' }) } })
    compute.useMicroversion('2.90')
    const s = await compute.servers.rebuild(SERVER_ID, {
      imageRef: IMAGE_ID,
      name: 'foobar',
      adminPass: 'seekr3t',
      metadata: { meta_var: 'meta_val' },
      accessIPv4: '1.2.3.4',
      accessIPv6: '80fe::',
      'OS-DCF:diskConfig': 'AUTO',
      preserve_ephemeral: false,
      description: null,
      key_name: null,
      user_data: 'hello',
      hostname: 'foobar',
    })
    expect(s).toMatchObject({ id: SERVER_ID, status: 'REBUILD', adminPass: 'seekr3t' })
    expect(sentBody()).toEqual({
      rebuild: {
        imageRef: IMAGE_ID,
        name: 'foobar',
        adminPass: 'seekr3t',
        metadata: { meta_var: 'meta_val' },
        accessIPv4: '1.2.3.4',
        accessIPv6: '80fe::',
        'OS-DCF:diskConfig': 'AUTO',
        preserve_ephemeral: false,
        description: null,
        key_name: null,
        user_data: 'aGVsbG8=',
        hostname: 'foobar',
      },
    })
  })

  it('createImage reads image_id from the body at 2.45 and later', async () => {
    nova.on('POST', ACTION, { status: 202, json: { image_id: '0e7761dd-ee98-41f0-ba35-05994e446431' } })
    const id = await compute.servers.createImage(SERVER_ID, { name: 'foo-image', metadata: { meta_var: 'meta_val' } })
    expect(id).toBe('0e7761dd-ee98-41f0-ba35-05994e446431')
    expect(sentBody()).toEqual({ createImage: { name: 'foo-image', metadata: { meta_var: 'meta_val' } } })
  })

  it('createImage reads the Location header before 2.45', async () => {
    nova.on('POST', ACTION, { status: 202, headers: { Location: 'http://glance.example.com/images/0e7761dd-ee98-41f0-ba35-05994e446431' } }, 1)
    compute.useMicroversion('2.44')
    expect(await compute.servers.createImage(SERVER_ID, { name: 'foo-image' })).toBe('0e7761dd-ee98-41f0-ba35-05994e446431')
    expect(sentBody()).toEqual({ createImage: { name: 'foo-image' } })
    nova.on('POST', ACTION, { status: 202 })
    await expect(compute.servers.createImage(SERVER_ID, { name: 'no-location' })).rejects.toBeInstanceOf(ResponseError)
  })

  it('rescue sends its options (or null) and returns the password', async () => {
    nova.on('POST', ACTION, { status: 200, json: { adminPass: 'MySecretPass' } })
    expect(await compute.servers.rescue(SERVER_ID, { adminPass: 'MySecretPass', rescue_image_ref: IMAGE_ID })).toBe('MySecretPass')
    expect(sentBody(0)).toEqual({ rescue: { adminPass: 'MySecretPass', rescue_image_ref: IMAGE_ID } })
    expect(await compute.servers.rescue(SERVER_ID)).toBe('MySecretPass')
    expect(sentBody(1)).toEqual({ rescue: null })
  })

  it('remoteConsole POSTs remote-consoles (2.6) and returns the console', async () => {
    const url = 'http://example.com:6080/vnc_auto.html?path=%3Ftoken%3Db60bcfc3-5fd4-4d21-986c-e83379107819'
    nova.on('POST', `/servers/${SERVER_ID}/remote-consoles`, { json: { remote_console: { protocol: 'vnc', type: 'novnc', url } } })
    const c = await compute.servers.remoteConsole(SERVER_ID, { protocol: 'vnc', type: 'novnc' })
    expect(c).toEqual({ protocol: 'vnc', type: 'novnc', url })
    expect(nova.seen[0]).toMatchObject({ method: 'POST', path: `/servers/${SERVER_ID}/remote-consoles`, headers: mvHeaders('2.79'), body: { remote_console: { protocol: 'vnc', type: 'novnc' } } })
    await expect(compute.servers.remoteConsole(SERVER_ID, { protocol: 'vnc', type: 'spice-html5' })).rejects.toBeInstanceOf(InputError)
    await expect(compute.servers.remoteConsole(SERVER_ID, { protocol: 'telnet' as 'vnc', type: 'x' })).rejects.toBeInstanceOf(InputError)
    compute.useMicroversion('2.7')
    await expect(compute.servers.remoteConsole(SERVER_ID, { protocol: 'mks', type: 'webmks' })).rejects.toThrow(/2.8/)
    expect(nova.seen.length).toBe(1)
  })
})

describe('action failures and bad input', () => {
  it("Nova's 409 conflictingRequest for a refused state is a ConflictError", async () => {
    nova.on('POST', ACTION, {
      status: 409,
      json: fault('conflictingRequest', 409, `Cannot 'stop' instance ${SERVER_ID} while it is in vm_state stopped`),
    })
    const err = await compute.servers.stop(SERVER_ID).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConflictError)
    expect(err).toMatchObject({ status: 409, code: 'conflictingRequest', requestId: 'req-fixture-0001', method: 'POST' })
    expect((err as Error).message).toContain('vm_state stopped')
    expect(nova.seen.length).toBe(1) // a POST is not retried
  })

  it('bad arguments are InputErrors before any request', async () => {
    const s = compute.servers
    const bad: (() => Promise<unknown>)[] = [
      () => s.reboot(SERVER_ID, 'soft' as 'SOFT'),
      () => s.start(''),
      () => s.resize(SERVER_ID, ''),
      () => s.resize(SERVER_ID, '2', { 'OS-DCF:diskConfig': 'auto' as 'AUTO' }),
      () => s.rebuild(SERVER_ID, { imageRef: '' }),
      () => s.rebuild(SERVER_ID, { imageRef: IMAGE_ID, personality: [] } as never),
      () => s.rebuild(SERVER_ID, { imageRef: IMAGE_ID, metadata: { k: 5 } } as never),
      () => s.createImage(SERVER_ID, { name: '' }),
      () => s.createImage(SERVER_ID, { name: 'x', metadata: 'y' } as never),
      () => s.changePassword(SERVER_ID, ''),
      () => s.rescue(SERVER_ID, { adminPass: '' }),
      () => s.rescue(SERVER_ID, { image: 'x' } as never),
      () => s.lock(SERVER_ID, { reason: 'x' } as never),
      () => s.unshelve(SERVER_ID, { availability_zone: '' }),
      () => s.remoteConsole('', { protocol: 'vnc', type: 'novnc' }),
    ]
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InputError)
    expect(nova.seen).toEqual([])
  })
})
