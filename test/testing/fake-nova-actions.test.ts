// test/testing/fake-nova-actions.test.ts — the fake Nova's server actions: each state change over fake time, Nova's 409s, locks, images, consoles, soft delete.
import { describe, expect, it } from 'vitest'
import { ACTION_MS, DEMO_PROJECT, type Fault, type Json, type NovaSetup, type Server, UBUNTU_IMAGE_ID, setupNova } from './support/fake-nova.js'

const state = (s: Server) => [s.status, s['OS-EXT-STS:vm_state'], s['OS-EXT-STS:task_state'], s['OS-EXT-STS:power_state']]
const conflict = (message: string): [number, Fault] => [409, { conflictingRequest: { code: 409, message } }]

/** Runs an action and returns the server's state while its task runs and after it ends. */
async function during(n: NovaSetup, id: string, body: Json, expected = 202) {
  const r = await n.action(id, body)
  expect(r.status).toBe(expected)
  const running = state(await n.show(id))
  n.settle()
  return [running, state(await n.show(id))]
}

describe('fake Nova: power actions', () => {
  it('os-stop and os-start: task, then SHUTOFF (power 4) or ACTIVE (power 1); a bodiless 202', async () => {
    const n = await setupNova()
    const id = await n.active()
    const r = await n.action(id, { 'os-stop': null })
    expect([r.status, await r.text(), r.headers.get('content-type')]).toEqual([202, '', 'application/json'])
    expect(state(await n.show(id))).toEqual(['ACTIVE', 'active', 'powering-off', 1])
    n.settle()
    expect(state(await n.show(id))).toEqual(['SHUTOFF', 'stopped', null, 4])
    expect(await during(n, id, { 'os-start': null })).toEqual([['SHUTOFF', 'stopped', 'powering-on', 4], ['ACTIVE', 'active', null, 1]])
  })

  it('answers 409 conflictingRequest for an action in the wrong vm_state or during a task', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { 'os-start': null } })).toEqual(conflict(`Cannot 'start' instance ${id} while it is in vm_state active`))
    await n.action(id, { 'os-stop': null })
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { pause: null } })).toEqual(conflict(`Cannot 'pause' instance ${id} while it is in task_state powering-off`))
    n.settle()
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { 'os-stop': null } })).toEqual(conflict(`Cannot 'stop' instance ${id} while it is in vm_state stopped`))
    const { id: building } = await n.boot({ name: 'b' })
    expect(await n.fail('POST', `/servers/${building}/action`, { json: { reboot: { type: 'HARD' } } })).toEqual(conflict(`Cannot 'reboot' instance ${building} while it is in vm_state building`))
  })

  it('reboot: SOFT shows REBOOT (active only), HARD shows HARD_REBOOT and also starts a stopped server', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await during(n, id, { reboot: { type: 'SOFT' } })).toEqual([['REBOOT', 'active', 'rebooting', 1], ['ACTIVE', 'active', null, 1]])
    expect(await during(n, id, { reboot: { type: 'hard' } })).toEqual([['HARD_REBOOT', 'active', 'rebooting_hard', 1], ['ACTIVE', 'active', null, 1]])
    await n.action(id, { reboot: { type: 'SOFT' } })
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { reboot: { type: 'SOFT' } } })).toEqual(conflict(`Cannot 'reboot' instance ${id} while it is in task_state rebooting`))
    expect((await n.action(id, { reboot: { type: 'HARD' } })).status).toBe(202) // a hard reboot may interrupt a soft one
    n.settle()
    await n.action(id, { 'os-stop': null })
    n.settle()
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { reboot: { type: 'SOFT' } } })).toEqual(conflict(`Cannot 'reboot' instance ${id} while it is in vm_state stopped`))
    expect(await during(n, id, { reboot: { type: 'HARD' } })).toEqual([['SHUTOFF', 'stopped', 'rebooting_hard', 4], ['ACTIVE', 'active', null, 1]])
    const [status, body] = await n.fail('POST', `/servers/${id}/action`, { json: { reboot: { type: 'FIRM' } } })
    expect([status, body.badRequest!.message]).toEqual([400, "Invalid input for field/attribute type. Value: FIRM. 'FIRM' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']"])
    expect((await n.fail('POST', `/servers/${id}/action`, { json: { reboot: {} } }))[1].badRequest!.message).toBe("Invalid input for field/attribute reboot. Value: {}. 'type' is a required property")
  })

  it('pause/unpause and suspend/resume', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await during(n, id, { pause: null })).toEqual([['ACTIVE', 'active', 'pausing', 1], ['PAUSED', 'paused', null, 3]])
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { suspend: null } })).toEqual(conflict(`Cannot 'suspend' instance ${id} while it is in vm_state paused`))
    expect(await during(n, id, { unpause: null })).toEqual([['PAUSED', 'paused', 'unpausing', 3], ['ACTIVE', 'active', null, 1]])
    expect(await during(n, id, { suspend: null })).toEqual([['ACTIVE', 'active', 'suspending', 1], ['SUSPENDED', 'suspended', null, 7]])
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { unpause: null } })).toEqual(conflict(`Cannot 'unpause' instance ${id} while it is in vm_state suspended`))
    expect(await during(n, id, { resume: null })).toEqual([['SUSPENDED', 'suspended', 'resuming', 7], ['ACTIVE', 'active', null, 1]])
  })

  it('refuses unknown actions, several at once, and actions outside their microversions', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { fly: null } })).toEqual([400, { badRequest: { code: 400, message: 'There is no such action: fly' } }])
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { pause: null, unpause: null } })).toEqual([400, { badRequest: { code: 400, message: 'Malformed request body' } }])
    expect((await n.action(id, { trigger_crash_dump: null }, { mv: '2.16' })).status).toBe(404)
    expect((await n.action(id, { trigger_crash_dump: null }, { mv: '2.17' })).status).toBe(202)
  })
})

describe('fake Nova: resize, rebuild, images', () => {
  it('resize → RESIZE → VERIFY_RESIZE on the new flavor; confirmResize (204) → ACTIVE', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await during(n, id, { resize: { flavorRef: '2' } })).toEqual([['RESIZE', 'active', 'resize_prep', 1], ['VERIFY_RESIZE', 'resized', null, 1]])
    expect((await n.show(id, { mv: '2.47' })).flavor.original_name).toBe('m1.small')
    expect((await n.json<{ limits: { absolute: Json } }>('GET', '/limits', 200)).limits.absolute.totalRAMUsed).toBe(2048)
    const r = await n.action(id, { confirmResize: null })
    expect([r.status, await r.text()]).toEqual([204, ''])
    expect(state(await n.show(id))).toEqual(['ACTIVE', 'active', null, 1])
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { confirmResize: null } })).toEqual(conflict(`Cannot 'confirmResize' instance ${id} while it is in vm_state active`))
  })

  it('revertResize → REVERT_RESIZE → back on the old flavor; a stopped server stays SHUTOFF', async () => {
    const n = await setupNova()
    const id = await n.active()
    await n.action(id, { 'os-stop': null })
    n.settle()
    expect(await during(n, id, { resize: { flavorRef: '2' } })).toEqual([['RESIZE', 'stopped', 'resize_prep', 4], ['VERIFY_RESIZE', 'resized', null, 4]])
    expect(await during(n, id, { revertResize: null })).toEqual([['REVERT_RESIZE', 'resized', 'resize_reverting', 4], ['SHUTOFF', 'stopped', null, 4]])
    expect((await n.show(id)).flavor.id).toBe('1')
  })

  it('refuses a resize to the same or an unknown flavor (400) and over quota (403)', async () => {
    const n = await setupNova()
    const id = await n.active()
    const fail = (flavorRef: string) => n.fail('POST', `/servers/${id}/action`, { json: { resize: { flavorRef } } })
    expect(await fail('1')).toEqual([400, { badRequest: { code: 400, message: 'When resizing, instances must change flavor!' } }])
    expect(await fail('999')).toEqual([400, { badRequest: { code: 400, message: 'Flavor 999 could not be found.' } }])
    n.nova.setQuota(DEMO_PROJECT, { cores: 2, ram: 4096 })
    expect(await fail('4')).toEqual([403, { forbidden: { code: 403, message: 'Quota exceeded for cores, ram: Requested 3, 7680, but already used 1, 512 of 2, 4096 cores, ram' } }])
    expect(state(await n.show(id))).toEqual(['ACTIVE', 'active', null, 1])
  })

  it('rebuild: 202 with the server and a new adminPass, REBUILD, then ACTIVE on the new image', async () => {
    const n = await setupNova()
    const id = await n.active({ flavorRef: '2' })
    const r = await n.action(id, { rebuild: { imageRef: UBUNTU_IMAGE_ID, name: 'rebuilt', adminPass: 'n3w-Pass', metadata: { v: '2' } } })
    expect(r.status).toBe(202)
    expect(r.headers.get('location')).toBe(`http://cloud.strato.test/compute/v2.1/servers/${id}`)
    const { server } = (await r.json()) as { server: Server & { adminPass: string; image: { id: string } } }
    expect([server.id, server.name, server.adminPass, server.image.id, server.metadata, server.status]).toEqual([id, 'rebuilt', 'n3w-Pass', UBUNTU_IMAGE_ID, { v: '2' }, 'REBUILD'])
    n.settle()
    expect(state(await n.show(id))).toEqual(['ACTIVE', 'active', null, 1])
    expect((await n.fail('POST', `/servers/${id}/action`, { json: { rebuild: { imageRef: 'nope' } } }))[1]).toEqual({ badRequest: { code: 400, message: 'Cannot find image for rebuild' } })
  })

  it('createImage adds a snapshot image (queued → saving → active); Location before 2.45, image_id from it', async () => {
    const n = await setupNova()
    const id = await n.active()
    const r = await n.action(id, { createImage: { name: 'snap', metadata: { kind: 'backup' } } })
    expect(r.status).toBe(202)
    const location = r.headers.get('location')!
    expect(location).toMatch(/^http:\/\/cloud\.strato\.test\/image\/images\/[0-9a-f-]{36}$/)
    const imageId = location.split('/').pop()!
    expect(n.nova.images.get(imageId)).toEqual({ id: imageId, name: 'snap', status: 'queued', minDisk: 1, minRam: 0, serverId: id })
    expect(state(await n.show(id))).toEqual(['ACTIVE', 'active', 'image_snapshot', 1])
    n.settle(ACTION_MS / 2)
    expect([(await n.show(id))['OS-EXT-STS:task_state'], n.nova.images.get(imageId)!.status]).toEqual(['image_uploading', 'saving'])
    n.settle(ACTION_MS / 2)
    expect([(await n.show(id))['OS-EXT-STS:task_state'], n.nova.images.get(imageId)!.status]).toEqual([null, 'active'])
    const modern = await n.action(id, { createImage: { name: 'snap2' } }, { mv: '2.45' })
    const body = (await modern.json()) as { image_id: string }
    expect([modern.status, modern.headers.get('location'), n.nova.images.get(body.image_id)?.name]).toEqual([202, null, 'snap2'])
    n.settle()
    expect((await n.active({ name: 'from-snap', imageRef: body.image_id }))).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('refuses createImage of a shelved server (409)', async () => {
    const n = await setupNova()
    const id = await n.active()
    await n.action(id, { shelve: null })
    n.settle()
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { createImage: { name: 's' } } })).toEqual(conflict(`Cannot 'createImage' instance ${id} while it is in vm_state shelved_offloaded`))
  })
})

describe('fake Nova: rescue, shelve, passwords, consoles', () => {
  it('rescue answers 200 with adminPass and shows RESCUE; unrescue → ACTIVE; stop is refused while rescued', async () => {
    const n = await setupNova()
    const id = await n.active()
    const r = await n.action(id, { rescue: { adminPass: 'rescue-me' } })
    expect([r.status, await r.json()]).toEqual([200, { adminPass: 'rescue-me' }])
    n.settle()
    expect(state(await n.show(id))).toEqual(['RESCUE', 'rescued', null, 1])
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { 'os-stop': null } })).toEqual(conflict(`Cannot 'stop' instance ${id} while it is in vm_state rescued`))
    expect(await during(n, id, { unrescue: null })).toEqual([['RESCUE', 'rescued', 'unrescuing', 1], ['ACTIVE', 'active', null, 1]])
    const generated = (await (await n.action(id, { rescue: null })).json()) as { adminPass: string }
    expect(generated.adminPass).toMatch(/^[a-zA-Z2-9]{12}$/)
  })

  it('shelve offloads (SHELVED_OFFLOADED, no host); unshelve → ACTIVE on a host again', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await during(n, id, { shelve: null })).toEqual([['ACTIVE', 'active', 'shelving', 1], ['SHELVED_OFFLOADED', 'shelved_offloaded', null, 4]])
    expect((await n.show(id)).hostId).toBe('')
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { shelve: null } })).toEqual(conflict(`Cannot 'shelve' instance ${id} while it is in vm_state shelved_offloaded`))
    expect(await during(n, id, { unshelve: null })).toEqual([['SHELVED_OFFLOADED', 'shelved_offloaded', 'unshelving', 4], ['ACTIVE', 'active', null, 1]])
    expect((await n.show(id)).hostId).toMatch(/^[0-9a-f]{56}$/)
  })

  it('changePassword shows PASSWORD, then sets the password; only on an active server', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect(await during(n, id, { changePassword: { adminPass: 'changed-1' } })).toEqual([['PASSWORD', 'active', 'updating_password', 1], ['ACTIVE', 'active', null, 1]])
    expect(n.nova.servers.get(id)!.adminPass).toBe('changed-1')
    await n.action(id, { pause: null })
    n.settle()
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { changePassword: { adminPass: 'x' } } })).toEqual(conflict(`Cannot 'changePassword' instance ${id} while it is in vm_state paused`))
  })

  it('remote-consoles (2.6) hands out a noVNC URL for a running server only; os-getVNCConsole until 2.5', async () => {
    const n = await setupNova()
    const id = await n.active()
    const rc = (remote_console: Json) => n.call('POST', `/servers/${id}/remote-consoles`, { mv: '2.6', json: { remote_console } })
    const ok = await rc({ protocol: 'vnc', type: 'novnc' })
    expect([ok.status, await ok.json()]).toEqual([200, { remote_console: { protocol: 'vnc', type: 'novnc', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:6080\/vnc_lite\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/) } }])
    const spice = await rc({ protocol: 'spice', type: 'spice-html5' })
    expect([spice.status, await spice.json()]).toEqual([400, { badRequest: { code: 400, message: 'Unavailable console type spice-html5.' } }])
    const legacy = await n.action(id, { 'os-getVNCConsole': { type: 'novnc' } }, { mv: '2.5' })
    expect([legacy.status, ((await legacy.json()) as { console: { type: string } }).console.type]).toEqual([200, 'novnc'])
    expect((await n.action(id, { 'os-getVNCConsole': { type: 'novnc' } }, { mv: '2.6' })).status).toBe(404)
    await n.action(id, { 'os-stop': null })
    n.settle()
    const stopped = await rc({ protocol: 'vnc', type: 'novnc' })
    expect([stopped.status, await stopped.json()]).toEqual(conflict(`Instance ${id} is not ready`))
  })
})

describe('fake Nova: locks', () => {
  it('a locked server refuses its owner’s actions, deletes and metadata changes with 409, not an admin’s', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect((await n.action(id, { lock: null })).status).toBe(202)
    expect((await n.show(id, { mv: '2.9' })).locked).toBe(true)
    const locked = conflict(`Instance ${id} is locked`)
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { 'os-stop': null } })).toEqual(locked)
    expect(await n.fail('DELETE', `/servers/${id}`)).toEqual(locked)
    expect(await n.fail('PUT', `/servers/${id}/metadata`, { json: { metadata: { a: 'b' } } })).toEqual(locked)
    expect((await n.action(id, { createImage: { name: 'allowed' } })).status).toBe(202) // snapshots ignore locks
    n.settle()
    expect((await n.action(id, { 'os-stop': null }, { token: n.admin })).status).toBe(202)
    n.settle()
    expect((await n.action(id, { unlock: null })).status).toBe(202)
    expect((await n.action(id, { 'os-start': null })).status).toBe(202)
  })

  it('keeps a reason from 2.73; an admin’s lock cannot be lifted by the owner', async () => {
    const n = await setupNova()
    const id = await n.active()
    expect((await n.action(id, { lock: { locked_reason: 'maintenance' } }, { mv: '2.73' })).status).toBe(202)
    expect((await n.show(id, { mv: '2.73' })).locked_reason).toBe('maintenance')
    expect((await n.fail('POST', `/servers/${id}/action`, { mv: '2.72', json: { lock: { locked_reason: 'x' } } }))[0]).toBe(400)
    await n.action(id, { unlock: null })
    expect((await n.action(id, { lock: null }, { token: n.admin })).status).toBe(202)
    expect(await n.fail('POST', `/servers/${id}/action`, { json: { unlock: null } })).toEqual([403, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed." } }])
    expect((await n.action(id, { unlock: null }, { token: n.admin })).status).toBe(202)
    expect((await n.show(id, { mv: '2.73' })).locked_reason).toBeNull()
  })
})

describe('fake Nova: soft delete (reclaimDelayMs)', () => {
  it('DELETE soft-deletes; restore brings the server back; it is purged after the interval', async () => {
    const n = await setupNova({ reclaimDelayMs: 600_000 })
    const id = await n.active()
    expect((await n.call('DELETE', `/servers/${id}`)).status).toBe(204)
    n.settle()
    expect(state(await n.show(id))).toEqual(['SOFT_DELETED', 'soft-delete', null, 4])
    expect((await n.json<{ servers: unknown[] }>('GET', '/servers', 200)).servers).toEqual([])
    expect(await during(n, id, { restore: null })).toEqual([['SOFT_DELETED', 'soft-delete', 'restoring', 4], ['ACTIVE', 'active', null, 1]])
    await n.call('DELETE', `/servers/${id}`)
    n.cloud.clock.advance(ACTION_MS + 600_000)
    expect((await n.call('GET', `/servers/${id}`)).status).toBe(404)
  })

  it('forceDelete removes a soft-deleted server at once (after its task)', async () => {
    const n = await setupNova({ reclaimDelayMs: 600_000 })
    const id = await n.active()
    await n.call('DELETE', `/servers/${id}`)
    n.settle()
    expect((await n.action(id, { forceDelete: null })).status).toBe(202)
    n.settle()
    expect((await n.call('GET', `/servers/${id}`)).status).toBe(404)
    expect(n.nova.servers.get(id)?.vmState).toBe('deleted')
  })
})
