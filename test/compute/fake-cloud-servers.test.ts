// test/compute/fake-cloud-servers.test.ts — ComputeClient end to end on the fake cloud: microversions, servers, every action, metadata, tags, failures.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AbortError, BadRequestError, ConflictError, ForbiddenError, InputError, NotFoundError, RateLimitError, ServerError, TimeoutError } from '../../src/core/errors.js'
import { MicroversionError, ServerFaultError, type ComputeClient, type Server } from '../../src/compute/index.js'
import { CIRROS_IMAGE_ID, STEP_MS, UBUNTU_IMAGE_ID, ed25519PublicKey, rejection, startFakeCompute, type FakeCompute } from './support-fake.js'

const USER_DATA = '#cloud-config\npackages: [nginx]\n'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const names = (list: Server[]): (string | undefined)[] => list.map((s) => s.name)

let fx: FakeCompute
let compute: ComputeClient
let web1 = ''
let web2 = ''

beforeAll(async () => {
  fx = await startFakeCompute()
  compute = fx.client()
})
afterEach(() => fx.cloud.nova.faults.clear())
afterAll(() => fx.close())

const base = (): string => `${fx.cloud.baseUrl}/compute/v2.1`
const statusOf = async (id: string): Promise<[string, unknown]> => {
  const s = await compute.servers.get(id)
  return [s.status, s['OS-EXT-STS:task_state']]
}

describe('ComputeClient on the fake cloud: servers', () => {
  it('finds Nova in the catalog and negotiates its highest microversion, or the max asked for', async () => {
    expect(await compute.endpoint()).toBe(base())
    expect(compute.microversion).toBeUndefined()
    expect(await compute.versionRange()).toEqual({ min: '2.1', max: '2.96' })
    expect(await compute.negotiateMicroversion()).toBe('2.96')
    expect(compute.microversion).toBe('2.96')
    const older = fx.client()
    expect(await older.negotiateMicroversion({ max: '2.79' })).toBe('2.79')
    expect(older.effectiveMicroversion).toBe('2.79')
    const tooNew = await rejection(fx.client().negotiateMicroversion({ min: '2.97', max: '2.99' }))
    expect(tooNew).toBeInstanceOf(MicroversionError)
    expect(tooNew.message).toBe('microversion 2.97 is needed but the server supports at most 2.96')
  })

  it('creates two servers (auto network, imported key, metadata, tags, user data) and waits for both to be ACTIVE', async () => {
    const key = ed25519PublicKey('ci@strato')
    const kp = await compute.keypairs.import({ name: 'ci-key', public_key: key.publicKey })
    expect(kp).toMatchObject({ name: 'ci-key', public_key: key.publicKey, fingerprint: key.fingerprint, type: 'ssh', user_id: 'demo-user-id' })
    const mark = fx.cloud.requests.length
    const spec = { imageRef: CIRROS_IMAGE_ID, flavorRef: '1', networks: 'auto', key_name: 'ci-key', metadata: { role: 'web', tier: 'front' }, user_data: USER_DATA } as const
    const a = await compute.servers.create({ ...spec, name: 'web-1', tags: ['web', 'blue'] })
    const b = await compute.servers.create({ ...spec, name: 'web-2', tags: ['web', 'green'] })
    web1 = a.id
    web2 = b.id
    expect(web1).toMatch(UUID)
    expect(a.adminPass).toMatch(/^[a-zA-Z0-9]{12}$/)
    expect(a.links[0]).toEqual({ rel: 'self', href: `${base()}/servers/${web1}` })
    const posts = fx.cloud.requests.slice(mark)
    expect(posts.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /compute/v2.1/servers', 'POST /compute/v2.1/servers'])
    expect(posts[0]!.headers).toMatchObject({ 'openstack-api-version': 'compute 2.96', 'x-openstack-nova-api-version': '2.96' })
    expect(await statusOf(web1)).toEqual(['BUILD', 'scheduling'])

    const ready = await Promise.all([web1, web2].map((id) => compute.servers.waitFor(id, 'ACTIVE', fx.fast())))
    expect(ready.map((s) => [s.name, s.status, s['OS-EXT-STS:task_state'], s.key_name, s.tags])).toEqual([
      ['web-1', 'ACTIVE', null, 'ci-key', ['web', 'blue']],
      ['web-2', 'ACTIVE', null, 'ci-key', ['web', 'green']],
    ])
    expect(ready[0]).toMatchObject({
      metadata: { role: 'web', tier: 'front' },
      image: { id: CIRROS_IMAGE_ID },
      flavor: { original_name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1 },
      'OS-EXT-STS:vm_state': 'active',
      'OS-EXT-STS:power_state': 1,
      'OS-EXT-AZ:availability_zone': 'nova',
      tenant_id: 'demo-project-id',
    })
    expect(ready[0]!.addresses).toEqual({
      private: [{ addr: '10.0.0.3', version: 4, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/) }],
    })
    // the client sent the script base64-encoded
    expect(fx.cloud.nova.servers.get(web1)?.userData).toBe(Buffer.from(USER_DATA).toString('base64'))
  })

  it('lists by name, status and tags, and follows every page when limit is below the count', async () => {
    const list = (f: Parameters<typeof compute.servers.list>[0]): Promise<Server[]> => compute.servers.list({ sort_key: 'display_name', sort_dir: 'asc', ...f }).toArray()
    expect(names(await list({ name: '^web-' }))).toEqual(['web-1', 'web-2'])
    expect(names(await list({ name: '-2$' }))).toEqual(['web-2'])
    expect(names(await list({ status: 'ACTIVE', tags: ['web'] }))).toEqual(['web-1', 'web-2'])
    expect(names(await list({ tags: ['web', 'green'] }))).toEqual(['web-2'])
    expect(names(await list({ 'tags-any': ['blue', 'green'], 'not-tags': ['green'] }))).toEqual(['web-1'])
    expect(await list({ status: ['SHUTOFF', 'ERROR'] })).toEqual([])

    const mark = fx.cloud.requests.length
    expect(names(await list({ name: '^web-', limit: 1 }))).toEqual(['web-1', 'web-2'])
    const pages = fx.since(mark).map((r) => {
      const url = new URL(r.path, fx.cloud.baseUrl)
      return [r.method, url.pathname, Object.fromEntries(url.searchParams)]
    })
    const query = { name: '^web-', limit: '1', sort_key: 'display_name', sort_dir: 'asc' }
    const detail = '/compute/v2.1/servers/detail'
    expect(pages).toEqual([
      ['GET', detail, query],
      ['GET', detail, { ...query, marker: web1 }],
      ['GET', detail, { ...query, marker: web2 }],
    ])
  })

  it('a status filter with several values holds on every page (Nova keeps one value per parameter in its next link)', async () => {
    fx.cloud.nova.setServerStatus(web1, 'SHUTOFF')
    try {
      const both = await compute.servers.list({ name: '^web-', status: ['ACTIVE', 'SHUTOFF'], sort_key: 'display_name', sort_dir: 'asc' }).toArray()
      expect(both.map((s) => [s.name, s.status])).toEqual([['web-1', 'SHUTOFF'], ['web-2', 'ACTIVE']])
      const paged = await compute.servers.list({ name: '^web-', status: ['ACTIVE', 'SHUTOFF'], sort_key: 'display_name', sort_dir: 'asc', limit: 1 }).toArray()
      expect(paged.map((s) => [s.name, s.status])).toEqual([['web-1', 'SHUTOFF'], ['web-2', 'ACTIVE']])
    } finally {
      fx.cloud.nova.setServerStatus(web1, 'ACTIVE')
    }
  })

  it('gets and updates a server', async () => {
    expect(await compute.servers.get(web1)).toMatchObject({ id: web1, name: 'web-1', locked: false, description: null, hostId: expect.stringMatching(/^[0-9a-f]{56}$/) })
    const renamed = await compute.servers.update(web1, { name: 'web-1-old', description: 'front end' })
    expect(renamed).toMatchObject({ id: web1, name: 'web-1-old', description: 'front end', status: 'ACTIVE' })
    expect(fx.cloud.nova.servers.get(web1)?.name).toBe('web-1-old')
    expect((await compute.servers.update(web1, { name: 'web-1' })).name).toBe('web-1')
  })

  it('addresses and ips', async () => {
    expect(await compute.servers.addresses(web2)).toEqual({ private: [{ addr: '10.0.0.4', version: 4 }] })
    expect(await compute.servers.ips(web2, 'private')).toEqual([{ addr: '10.0.0.4', version: 4 }])
    expect(await rejection(compute.servers.ips(web2, 'public'))).toBeInstanceOf(NotFoundError)
  })

  it('stop → SHUTOFF, start → ACTIVE, soft and hard reboot', async () => {
    await compute.servers.stop(web1)
    expect(await statusOf(web1)).toEqual(['ACTIVE', 'powering-off'])
    expect(await compute.servers.waitFor(web1, 'SHUTOFF', fx.fast())).toMatchObject({ 'OS-EXT-STS:vm_state': 'stopped', 'OS-EXT-STS:power_state': 4, 'OS-EXT-STS:task_state': null })
    await compute.servers.start(web1)
    expect((await compute.servers.waitFor(web1, 'ACTIVE', fx.fast()))['OS-EXT-STS:power_state']).toBe(1)
    await compute.servers.reboot(web1)
    expect(await statusOf(web1)).toEqual(['REBOOT', 'rebooting'])
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
    await compute.servers.reboot(web1, 'HARD')
    expect(await statusOf(web1)).toEqual(['HARD_REBOOT', 'rebooting_hard'])
    expect((await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())).status).toBe('ACTIVE')
  })

  it('pause/unpause and suspend/resume', async () => {
    await compute.servers.pause(web1)
    expect((await compute.servers.waitFor(web1, 'PAUSED', fx.fast()))['OS-EXT-STS:power_state']).toBe(3)
    await compute.servers.unpause(web1)
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
    await compute.servers.suspend(web1)
    expect((await compute.servers.waitFor(web1, 'SUSPENDED', fx.fast()))['OS-EXT-STS:vm_state']).toBe('suspended')
    await compute.servers.resume(web1)
    expect((await compute.servers.waitFor(web1, 'ACTIVE', fx.fast()))['OS-EXT-STS:power_state']).toBe(1)
  })

  it('resize → VERIFY_RESIZE, then confirmResize keeps the new flavor and revertResize restores the old one', async () => {
    await compute.servers.resize(web1, '2')
    expect(await statusOf(web1)).toEqual(['RESIZE', 'resize_prep'])
    expect((await compute.servers.waitFor(web1, 'VERIFY_RESIZE', fx.fast())).flavor).toMatchObject({ original_name: 'm1.small', ram: 2048 })
    await compute.servers.confirmResize(web1)
    expect((await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())).flavor?.original_name).toBe('m1.small')

    await compute.servers.resize(web1, 3)
    expect((await compute.servers.waitFor(web1, 'VERIFY_RESIZE', fx.fast())).flavor?.original_name).toBe('m1.medium')
    await compute.servers.revertResize(web1)
    expect(await statusOf(web1)).toEqual(['REVERT_RESIZE', 'resize_reverting'])
    expect((await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())).flavor?.original_name).toBe('m1.small')
    const same = await rejection(compute.servers.resize(web1, '2'))
    expect(same).toBeInstanceOf(BadRequestError)
    expect(same.message).toContain('When resizing, instances must change flavor!')
  })

  it('rebuild answers REBUILD with the new password, then ACTIVE on the new image', async () => {
    const r = await compute.servers.rebuild(web1, { imageRef: UBUNTU_IMAGE_ID, adminPass: 'Rebuilt-pass1' })
    expect(r).toMatchObject({ id: web1, status: 'REBUILD', adminPass: 'Rebuilt-pass1', image: { id: UBUNTU_IMAGE_ID }, metadata: { role: 'web', tier: 'front' } })
    expect((await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())).image).toMatchObject({ id: UBUNTU_IMAGE_ID })
  })

  it('createImage returns the image id from the body (2.45+) and from Location before', async () => {
    const imageId = await compute.servers.createImage(web1, { name: 'web-1-snap', metadata: { purpose: 'backup' } })
    expect(imageId).toMatch(UUID)
    expect(fx.cloud.nova.images.get(imageId)).toMatchObject({ name: 'web-1-snap', serverId: web1, status: 'queued' })
    expect(await statusOf(web1)).toEqual(['ACTIVE', 'image_snapshot'])
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
    expect(fx.cloud.nova.images.get(imageId)?.status).toBe('active')

    const legacyId = await fx.client({ microversion: '2.44' }).servers.createImage(web1, { name: 'web-1-snap-2' })
    expect(legacyId).toMatch(UUID)
    expect(fx.cloud.nova.images.get(legacyId)?.name).toBe('web-1-snap-2')
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
  })

  it('rescue → RESCUE with the given or a generated password, unrescue → ACTIVE', async () => {
    expect(await compute.servers.rescue(web1, { adminPass: 'Rescue-pass1' })).toBe('Rescue-pass1')
    expect((await compute.servers.waitFor(web1, 'RESCUE', fx.fast()))['OS-EXT-STS:vm_state']).toBe('rescued')
    await compute.servers.unrescue(web1)
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
    expect(await compute.servers.rescue(web1)).toMatch(/^[a-zA-Z0-9]{12}$/)
    await compute.servers.waitFor(web1, 'RESCUE', fx.fast())
    await compute.servers.unrescue(web1)
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
  })

  it('lock (with a reason) refuses actions and delete with ConflictError until unlock', async () => {
    await compute.servers.lock(web1, { locked_reason: 'maintenance' })
    expect(await compute.servers.get(web1)).toMatchObject({ locked: true, locked_reason: 'maintenance' })
    const stop = await rejection(compute.servers.stop(web1))
    expect(stop).toBeInstanceOf(ConflictError)
    expect(stop).toMatchObject({ status: 409, code: 'conflictingRequest' })
    expect(stop.message).toContain(`Instance ${web1} is locked`)
    expect(await rejection(compute.servers.delete(web1))).toBeInstanceOf(ConflictError)
    await compute.servers.unlock(web1)
    expect(await compute.servers.get(web1)).toMatchObject({ locked: false, locked_reason: null })
  })

  it('shelve → SHELVED_OFFLOADED, unshelve → ACTIVE; changePassword; remoteConsole', async () => {
    await compute.servers.shelve(web1)
    expect((await compute.servers.waitFor(web1, 'SHELVED_OFFLOADED', fx.fast()))['OS-EXT-STS:vm_state']).toBe('shelved_offloaded')
    expect(fx.cloud.nova.servers.get(web1)?.host).toBeNull()
    await compute.servers.unshelve(web1)
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
    expect(fx.cloud.nova.servers.get(web1)?.host).toBe('fake-compute-1')

    await compute.servers.changePassword(web1, 'N3w-s3cret')
    expect(await statusOf(web1)).toEqual(['PASSWORD', 'updating_password'])
    await compute.servers.waitFor(web1, 'ACTIVE', fx.fast())
    expect(fx.cloud.nova.servers.get(web1)?.adminPass).toBe('N3w-s3cret')

    const vnc = await compute.servers.remoteConsole(web1, { protocol: 'vnc', type: 'novnc' })
    expect(vnc).toEqual({ protocol: 'vnc', type: 'novnc', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:6080\/vnc_lite\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/) })
    const spice = await rejection(compute.servers.remoteConsole(web1, { protocol: 'spice', type: 'spice-html5' }))
    expect(spice).toBeInstanceOf(BadRequestError)
    expect(spice.message).toContain('Unavailable console type spice-html5.')
  })

  it('metadata: get, set (replace), update (merge), getItem, setItem, delete', async () => {
    const meta = compute.servers.metadata
    expect(await meta.get(web2)).toEqual({ role: 'web', tier: 'front' })
    expect(await meta.set(web2, { role: 'db' })).toEqual({ role: 'db' })
    expect(await meta.update(web2, { owner: 'team-a' })).toEqual({ role: 'db', owner: 'team-a' })
    expect(await meta.getItem(web2, 'owner')).toBe('team-a')
    expect(await meta.setItem(web2, 'owner', 'team-b')).toBe('team-b')
    await meta.delete(web2, 'owner')
    expect(await meta.get(web2)).toEqual({ role: 'db' })
    expect(fx.cloud.nova.servers.get(web2)?.metadata).toEqual({ role: 'db' })
    expect(await rejection(meta.getItem(web2, 'owner'))).toBeInstanceOf(NotFoundError)
    expect(await rejection(meta.delete(web2, 'owner'))).toBeInstanceOf(NotFoundError)
  })

  it('tags: list, add, check, remove, replace, clear', async () => {
    const tags = compute.servers.tags
    expect(await tags.list(web2)).toEqual(['web', 'green'])
    await tags.add(web2, 'prod')
    await tags.add(web2, 'prod') // already there: 204
    expect(await tags.list(web2)).toEqual(['web', 'green', 'prod'])
    expect(await tags.check(web2, 'prod')).toBe(true)
    expect(await tags.check(web2, 'nope')).toBe(false)
    await tags.remove(web2, 'prod')
    expect(await rejection(tags.remove(web2, 'prod'))).toBeInstanceOf(NotFoundError)
    expect(await tags.replace(web2, ['db', 'blue'])).toEqual(['db', 'blue'])
    expect(names(await compute.servers.list({ tags: ['blue'], sort_key: 'display_name', sort_dir: 'asc' }).toArray())).toEqual(['web-1', 'web-2'])
    await tags.clear(web2)
    expect(await tags.list(web2)).toEqual([])
  })

  it('a failed build rejects waitFor with ServerFaultError carrying the fault; the server can be deleted', async () => {
    fx.cloud.nova.failNextBuild('No valid host was found.', { name: 'doomed' })
    const { id } = await compute.servers.create({ name: 'doomed', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', networks: 'none' })
    const e = await rejection(compute.servers.waitFor(id, 'ACTIVE', fx.fast()))
    expect(e).toBeInstanceOf(ServerFaultError)
    const fault = e as ServerFaultError
    expect(fault.fault).toMatchObject({ code: 500, message: 'No valid host was found.' })
    expect(fault.code).toBe('FailureState')
    expect(fault.message).toBe(`waiting for server ${id} to be ACTIVE: failed in state ERROR: fault 500: No valid host was found.`)
    expect((fault.server as Server).status).toBe('ERROR')
    expect((await compute.servers.waitFor(id, 'ERROR', fx.fast())).fault?.message).toBe('No valid host was found.')
    await compute.servers.delete(id)
    await compute.servers.waitForDelete(id, fx.fast())
    expect(await rejection(compute.servers.get(id))).toBeInstanceOf(NotFoundError)
  })

  it('an action the state does not allow is a ConflictError; an unknown id a NotFoundError', async () => {
    const start = await rejection(compute.servers.start(web2))
    expect(start).toBeInstanceOf(ConflictError)
    expect(start.message).toContain(`Cannot 'start' instance ${web2} while it is in vm_state active`)
    await compute.servers.stop(web2)
    const busy = await rejection(compute.servers.pause(web2))
    expect(busy).toBeInstanceOf(ConflictError)
    expect(busy.message).toContain(`Cannot 'pause' instance ${web2} while it is in task_state powering-off`)
    await compute.servers.waitFor(web2, 'SHUTOFF', fx.fast())
    await compute.servers.start(web2)
    await compute.servers.waitFor(web2, 'ACTIVE', fx.fast())

    const missing = await rejection(compute.servers.get('no-such-server'))
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing).toMatchObject({ status: 404, code: 'itemNotFound', requestId: expect.stringMatching(/^req-/) })
    expect(missing.message).toContain('Instance no-such-server could not be found.')
    expect(await rejection(compute.servers.reboot('no-such-server'))).toBeInstanceOf(NotFoundError)
  })

  it("an exceeded quota (Nova's 403) is a RateLimitError, not retried", async () => {
    expect((await compute.limits()).absolute.totalInstancesUsed).toBe(2)
    fx.cloud.nova.quotas.instances = 2
    try {
      const mark = fx.cloud.requests.length
      const e = await rejection(compute.servers.create({ name: 'one-too-many', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', networks: 'auto' }))
      expect(e).toBeInstanceOf(RateLimitError)
      expect(e).toMatchObject({ status: 403, code: 'forbidden' })
      expect(e.message).toContain('Quota exceeded for instances: Requested 1, but already used 2 of 2 instances')
      expect(e.cause).toBeInstanceOf(ForbiddenError)
      expect(fx.since(mark)).toEqual([{ method: 'POST', path: '/compute/v2.1/servers' }])
    } finally {
      fx.cloud.nova.quotas.instances = 10
    }
  })

  it('injected faults are mapped: 500 (retried, then ServerError), 503 once (retried away), 413 overLimit, 406', async () => {
    const broken = fx.cloud.nova.faults.add({ method: 'GET', path: /\/servers\/detail/, status: 500, message: 'Unexpected API Error.', times: Infinity })
    const e500 = await rejection(compute.servers.list().toArray())
    expect(e500).toBeInstanceOf(ServerError)
    expect(e500).toMatchObject({ status: 500, code: 'computeFault', retryable: true })
    expect(broken.hits).toBe(4)
    broken.remove()

    const blip = fx.cloud.nova.faults.add({ method: 'GET', path: `/servers/${web2}`, status: 503 })
    expect((await compute.servers.get(web2)).id).toBe(web2)
    expect(blip.hits).toBe(1)

    const limited = fx.cloud.nova.faults.add({ method: 'POST', path: /\/action$/, status: 413, message: 'This request was rate-limited.', headers: { 'Retry-After': '7' } })
    const e413 = await rejection(compute.servers.reboot(web2))
    expect(e413).toBeInstanceOf(RateLimitError)
    expect(e413).toMatchObject({ status: 413, code: 'overLimit', retryAfterMs: 7000 })
    expect(limited.hits).toBe(1)
    expect(await statusOf(web2)).toEqual(['ACTIVE', null]) // the reboot never reached the server

    fx.cloud.nova.faults.add({ method: 'GET', path: /\/servers\/[^/]+$/, status: 406, message: 'Version 2.96 is not supported by the API.' })
    const e406 = await rejection(compute.servers.get(web2))
    expect(e406).toBeInstanceOf(MicroversionError)
    expect(e406).toMatchObject({ status: 406, code: 'computeFault' })
  })

  it('calls needing a higher microversion are InputErrors at 2.1, with no request sent', async () => {
    const legacy = fx.client()
    const plain = await legacy.servers.get(web2)
    expect(plain.tags).toBeUndefined()
    expect(plain.flavor).toEqual({ id: '1', links: [{ rel: 'bookmark', href: `${fx.cloud.baseUrl}/compute/flavors/1` }] })
    const mark = fx.cloud.requests.length
    const tags = await rejection(legacy.servers.tags.list(web2))
    expect(tags).toBeInstanceOf(InputError)
    expect(tags.code).toBe('MicroversionTooLow')
    expect(tags.message).toBe(
      'server tags (and the tags, tags-any, not-tags, not-tags-any filters) needs microversion 2.26 or later; the client is set to 2.1: set { microversion } on the ComputeClient or call negotiateMicroversion()',
    )
    const gated = [
      legacy.servers.tags.add(web2, 'x'),
      legacy.servers.list({ tags: ['web'] }).toArray(),
      legacy.servers.create({ name: 'x', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', networks: 'auto' }),
      legacy.servers.create({ name: 'x', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', tags: ['a'] }),
      legacy.servers.remoteConsole(web2, { protocol: 'vnc', type: 'novnc' }),
      legacy.servers.lock(web2, { locked_reason: 'x' }),
      legacy.servers.update(web2, { description: 'x' }),
    ]
    for (const p of gated) expect(await rejection(p)).toMatchObject({ name: 'InputError', code: 'MicroversionTooLow' })
    expect(fx.since(mark)).toEqual([])
  })

  it('an AbortSignal stops waitFor (after the poll it fired in, or before any); timeoutMs gives a TimeoutError', async () => {
    const ac = new AbortController()
    let polls = 0
    const onProgress = (): void => {
      polls++
      ac.abort(new Error('user gave up'))
    }
    const aborted = await rejection(compute.servers.waitFor(web2, 'SHUTOFF', { intervalMs: 5000, signal: ac.signal, onProgress }))
    expect(aborted).toBeInstanceOf(AbortError)
    expect(aborted.message).toBe(`waiting for server ${web2} to be SHUTOFF aborted`)
    expect((aborted.cause as Error).message).toBe('user gave up')
    expect(polls).toBe(1)
    const mark = fx.cloud.requests.length
    expect(await rejection(compute.servers.waitFor(web2, 'SHUTOFF', { signal: ac.signal }))).toBeInstanceOf(AbortError)
    expect(fx.since(mark)).toEqual([])

    const late = await rejection(compute.servers.waitFor(web2, 'SHUTOFF', { intervalMs: 5, maxIntervalMs: 5, timeoutMs: 60 }))
    expect(late).toBeInstanceOf(TimeoutError)
    expect(late.message).toBe(`waiting for server ${web2} to be SHUTOFF: timed out after 60 ms (last state: ACTIVE)`)
  })

  it('delete, then waitForDelete until the server is gone (404); it stays listable as DELETED with changes-since', async () => {
    await compute.servers.delete(web2)
    expect(await statusOf(web2)).toEqual(['ACTIVE', 'deleting'])
    const seen: (string | null)[] = []
    const onProgress = (s: Server | null): void => {
      seen.push(s?.status ?? null)
      fx.cloud.clock.advance(STEP_MS)
    }
    await compute.servers.waitForDelete(web2, fx.fast({ onProgress }))
    expect(seen.at(-1)).toBeNull()
    expect(seen.slice(0, -1).every((s) => s === 'ACTIVE')).toBe(true)
    expect(await rejection(compute.servers.get(web2))).toBeInstanceOf(NotFoundError)
    expect(fx.cloud.nova.servers.get(web2)?.vmState).toBe('deleted')
    const gone = await compute.servers.list({ name: '^web-2$', 'changes-since': new Date(0) }).toArray()
    expect(gone.map((s) => [s.id, s.status])).toEqual([[web2, 'DELETED']])
    expect(names(await compute.servers.list({ name: '^web-' }).toArray())).toEqual(['web-1'])
  })
})
