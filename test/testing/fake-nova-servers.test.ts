// test/testing/fake-nova-servers.test.ts — the fake Nova's servers: create and build, bodies, lists with filters and paging, update, delete, quotas, isolation and the test knobs.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ACTION_MS, BUILD_MS, CIRROS_IMAGE_ID, DEMO_PROJECT, OTHER_PROJECT, type Link, type Server, setupNova } from './support/fake-nova.js'

const BASE = 'http://cloud.strato.test/compute'
type Summary = { id: string; name: string; links: Link[] }
type Page = { servers: Summary[]; servers_links?: Link[] }

describe('fake Nova: creating servers', () => {
  it('answers 202 with id, links, disk config, security groups and a generated adminPass, and Location', async () => {
    const { call } = await setupNova()
    const r = await call('POST', '/servers', { json: { server: { name: 'web', imageRef: CIRROS_IMAGE_ID, flavorRef: '1' } } })
    expect(r.status).toBe(202)
    const { server } = (await r.json()) as { server: { id: string; adminPass: string } }
    expect(server).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      links: [
        { rel: 'self', href: `${BASE}/v2.1/servers/${server.id}` },
        { rel: 'bookmark', href: `${BASE}/servers/${server.id}` },
      ],
      'OS-DCF:diskConfig': 'AUTO',
      security_groups: [{ name: 'default' }],
      adminPass: expect.stringMatching(/^[a-km-zA-HJ-NP-Z2-9]{12}$/),
    })
    expect(r.headers.get('location')).toBe(`${BASE}/v2.1/servers/${server.id}`)
  })

  it('builds for buildDelayMs of fake time: BUILD through its task states, then ACTIVE and running on a host', async () => {
    const { boot, show, cloud } = await setupNova()
    const { id } = await boot({ adminPass: 'Secret123', 'OS-DCF:diskConfig': 'MANUAL' })
    const task = async () => {
      const s = await show(id)
      return [s.status, s['OS-EXT-STS:vm_state'], s['OS-EXT-STS:task_state'], s['OS-EXT-STS:power_state']]
    }
    expect(await task()).toEqual(['BUILD', 'building', 'scheduling', 0])
    cloud.clock.advance(BUILD_MS / 4)
    expect(await task()).toEqual(['BUILD', 'building', 'networking', 0])
    cloud.clock.advance(BUILD_MS / 2)
    expect(await task()).toEqual(['BUILD', 'building', 'spawning', 0])
    cloud.clock.advance(BUILD_MS / 4)
    expect(await task()).toEqual(['ACTIVE', 'active', null, 1])
    const s = await show(id)
    expect(s['OS-DCF:diskConfig']).toBe('MANUAL')
    expect(s.hostId).toBe(createHash('sha224').update(`${DEMO_PROJECT}fake-compute-1`).digest('hex'))
    expect(s['OS-SRV-USG:launched_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/)
  })

  it('shows a member the full server body of 2.1, and an admin the extended attributes too', async () => {
    const { active, show, admin } = await setupNova()
    const id = await active({ metadata: { role: 'web' } })
    const s = await show(id)
    expect(s).toEqual({
      id,
      name: 'web',
      status: 'ACTIVE',
      tenant_id: DEMO_PROJECT,
      user_id: 'demo-user-id',
      metadata: { role: 'web' },
      hostId: expect.stringMatching(/^[0-9a-f]{56}$/),
      image: { id: CIRROS_IMAGE_ID, links: [{ rel: 'bookmark', href: `${BASE}/images/${CIRROS_IMAGE_ID}` }] },
      flavor: { id: '1', links: [{ rel: 'bookmark', href: `${BASE}/flavors/1` }] },
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      addresses: { private: [{ addr: '10.0.0.3', version: 4, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/) }] },
      accessIPv4: '',
      accessIPv6: '',
      links: [
        { rel: 'self', href: `${BASE}/v2.1/servers/${id}` },
        { rel: 'bookmark', href: `${BASE}/servers/${id}` },
      ],
      'OS-DCF:diskConfig': 'AUTO',
      progress: 0,
      'OS-EXT-AZ:availability_zone': 'nova',
      config_drive: '',
      key_name: null,
      'OS-SRV-USG:launched_at': expect.any(String),
      'OS-SRV-USG:terminated_at': null,
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:vm_state': 'active',
      'OS-EXT-STS:power_state': 1,
      'os-extended-volumes:volumes_attached': [],
      security_groups: [{ name: 'default' }],
    })
    const asAdmin = await show(id, { token: admin, mv: '2.16' })
    expect(asAdmin).toMatchObject({
      'OS-EXT-SRV-ATTR:host': 'fake-compute-1',
      'OS-EXT-SRV-ATTR:hypervisor_hostname': 'fake-compute-1',
      'OS-EXT-SRV-ATTR:instance_name': 'instance-00000001',
      'OS-EXT-SRV-ATTR:launch_index': 0,
      'OS-EXT-SRV-ATTR:hostname': 'web',
      'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
      host_status: 'UP',
    })
  })

  it('validates as Nova does', async () => {
    const { fail, call } = await setupNova()
    const post = (server: Record<string, unknown>) => fail('POST', '/servers', { json: { server: { name: 'x', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', ...server } } })
    const message = async (p: ReturnType<typeof post>) => {
      const [status, body] = await p
      return [status, body.badRequest?.message]
    }
    expect(await message(post({ imageRef: undefined }))).toEqual([400, 'Missing imageRef attribute'])
    expect(await message(post({ flavorRef: '999' }))).toEqual([400, 'Invalid flavorRef provided.'])
    expect(await message(post({ imageRef: 'no-such-image' }))).toEqual([400, 'Can not find requested image'])
    expect(await message(post({ imageRef: 'a6e2c1f4-1d0e-4c6b-8a5a-7f3e2b9d8c21', flavorRef: '42' }))).toEqual([400, "Flavor's memory is too small for requested image."])
    expect(await message(post({ name: ' web' }))).toEqual([400, "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."])
    expect(await message(post({ key_name: 'nope' }))).toEqual([400, 'Invalid key_name provided.'])
    expect(await message(post({ availability_zone: 'mars' }))).toEqual([400, 'The requested availability zone is not available'])
    expect(await message(post({ min_count: 3, max_count: 2 }))).toEqual([400, 'min_count must be <= max_count'])
    expect(await message(post({ bogus: 1 }))).toEqual([400, expect.stringMatching(/^Invalid input for field\/attribute server\. Value: \{.*\}\. Additional properties are not allowed \('bogus' was unexpected\)$/)])
    const server = { name: 'x', imageRef: CIRROS_IMAGE_ID, flavorRef: '1' }
    expect(await message(fail('POST', '/servers', { json: { server, extra: 1 } }))).toEqual([400, "Additional properties are not allowed ('extra' was unexpected)"])
    expect(await message(fail('POST', '/servers', { json: { notServer: {} } }))).toEqual([400, "'server' is a required property"])
    expect(await message(fail('POST', '/servers', { json: [1, 2] }))).toEqual([400, "[1, 2] is not of type 'object'"])
    const malformed = await call('POST', '/servers', { body: '{nope', headers: { 'content-type': 'application/json' } })
    expect([malformed.status, await malformed.json()]).toEqual([400, { badRequest: { code: 400, message: 'Malformed request body' } }])
  })

  it('creates min_count..max_count servers named name-N under one reservation, or answers the reservation id', async () => {
    const { json, call } = await setupNova()
    await json('POST', '/servers', 202, { json: { server: { name: 'pool', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', max_count: 3 } } })
    const names = (await json<Page>('GET', '/servers', 200)).servers.map((s) => s.name)
    expect(names).toEqual(['pool-3', 'pool-2', 'pool-1'])
    const r = await call('POST', '/servers', { json: { server: { name: 'res', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', return_reservation_id: true, min_count: 2 } } })
    expect(r.status).toBe(202)
    expect(await r.json()).toEqual({ reservation_id: expect.stringMatching(/^r-[0-9a-f]{8}$/) })
  })
})

describe('fake Nova: quotas on create (403 forbidden, as Nova ≥2.1 answers OverQuota)', () => {
  it('refuses the server over the instances quota with Nova’s message', async () => {
    const { nova, boot, fail } = await setupNova()
    nova.setQuota(DEMO_PROJECT, { instances: 2 })
    await boot({ name: 'a' })
    await boot({ name: 'b' })
    const [status, body] = await fail('POST', '/servers', { json: { server: { name: 'c', imageRef: CIRROS_IMAGE_ID, flavorRef: '1' } } })
    expect([status, body]).toEqual([403, { forbidden: { code: 403, message: 'Quota exceeded for instances: Requested 1, but already used 2 of 2 instances' } }])
  })

  it('names every resource over quota, with max_count’s request', async () => {
    const { nova, boot, fail } = await setupNova()
    nova.setQuota(DEMO_PROJECT, { cores: 4, ram: 8192 })
    await boot({ flavorRef: '3' })
    const [status, body] = await fail('POST', '/servers', { json: { server: { name: 'more', imageRef: CIRROS_IMAGE_ID, flavorRef: '3', min_count: 2, max_count: 2 } } })
    expect(status).toBe(403)
    expect(body.forbidden!.message).toBe('Quota exceeded for cores, ram: Requested 4, 8192, but already used 2, 4096 of 4, 8192 cores, ram')
    const [, range] = await fail('POST', '/servers', { json: { server: { name: 'more', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', min_count: 3, max_count: 5 } } })
    expect(range.forbidden!.message).toBe('Quota exceeded for cores: Requested 5, but already used 2 of 4 cores')
  })

  it('creates as many as fit between min_count and max_count; the global defaults apply to every project', async () => {
    const { nova, json } = await setupNova()
    nova.quotas.instances = 3
    await json('POST', '/servers', 202, { json: { server: { name: 'n', imageRef: CIRROS_IMAGE_ID, flavorRef: '1', min_count: 1, max_count: 5 } } })
    expect((await json<Page>('GET', '/servers', 200)).servers).toHaveLength(3)
  })
})

describe('fake Nova: listing servers', () => {
  async function three() {
    const setup = await setupNova()
    const a = await setup.active({ name: 'web-1' })
    setup.cloud.clock.advance(1000)
    const b = await setup.active({ name: 'web-2' })
    setup.cloud.clock.advance(1000)
    const c = await setup.active({ name: 'db-1' })
    return { ...setup, a, b, c }
  }

  it('lists id, links and name, newest first; /detail lists full bodies', async () => {
    const { json, a, b, c } = await three()
    const { servers } = await json<Page>('GET', '/servers', 200)
    expect(servers.map((s) => s.id)).toEqual([c, b, a])
    expect(servers[0]).toEqual({ id: c, name: 'db-1', links: [{ rel: 'self', href: `${BASE}/v2.1/servers/${c}` }, { rel: 'bookmark', href: `${BASE}/servers/${c}` }] })
    const detail = await json<{ servers: Server[] }>('GET', '/servers/detail', 200)
    expect(detail.servers.map((s) => [s.name, s.status])).toEqual([['db-1', 'ACTIVE'], ['web-2', 'ACTIVE'], ['web-1', 'ACTIVE']])
  })

  it('filters by name as a regular expression, and by image and flavor', async () => {
    const { json } = await three()
    const names = async (q: string) => (await json<Page>('GET', `/servers${q}`, 200)).servers.map((s) => s.name)
    expect(await names('?name=web')).toEqual(['web-2', 'web-1'])
    expect(await names('?name=^web-1$')).toEqual(['web-1'])
    expect(await names('?name=-1')).toEqual(['db-1', 'web-1'])
    expect(await names(`?image=${CIRROS_IMAGE_ID}&flavor=1`)).toHaveLength(3)
    expect(await names('?flavor=2')).toEqual([])
  })

  it('filters by status as Nova maps it to vm_state (and task_state); unknown statuses are 400 from 2.38', async () => {
    const { json, fail, action, a, b } = await three()
    expect((await action(a, { 'os-stop': null })).status).toBe(202)
    expect((await action(b, { reboot: { type: 'SOFT' } })).status).toBe(202)
    const names = async (q: string, mv = '2.1') => (await json<Page>('GET', `/servers${q}`, 200, { mv })).servers.map((s) => s.name)
    // web-1 is still powering off (ACTIVE) and web-2 rebooting (REBOOT, but vm_state active)
    expect(await names('?status=ACTIVE')).toEqual(['db-1', 'web-2', 'web-1'])
    expect(await names('?status=REBOOT')).toEqual(['web-2'])
    expect(await names('?status=active&status=reboot')).toEqual(['db-1', 'web-2', 'web-1'])
    expect(await names('?status=ACTIVE,SHUTOFF')).toEqual([]) // a comma is not a separator
    expect(await names('?status=BOGUS', '2.37')).toEqual([])
    expect(await fail('GET', '/servers?status=BOGUS', { mv: '2.38' })).toEqual([400, { badRequest: { code: 400, message: 'Invalid status value' } }])
  })

  it('shows stopped servers as SHUTOFF once the task is done; DELETED is for admins only', async () => {
    const { json, fail, action, admin, call, settle, a, c } = await three()
    await action(a, { 'os-stop': null })
    expect((await call('DELETE', `/servers/${c}`)).status).toBe(204)
    settle()
    const names = async (q: string, token?: string) => (await json<Page>('GET', `/servers${q}`, 200, token ? { token } : {})).servers.map((s) => s.name)
    expect(await names('?status=SHUTOFF')).toEqual(['web-1'])
    expect(await fail('GET', '/servers?status=DELETED')).toEqual([403, { forbidden: { code: 403, message: 'Only administrators may list deleted instances' } }])
    expect(await names('?status=DELETED&all_tenants=1', admin)).toEqual(['db-1'])
    expect(await names('?deleted=true&all_tenants=1', admin)).toEqual(['db-1'])
    expect(await names('?deleted=true')).toEqual(['web-2', 'web-1']) // ignored for non-admins
  })

  it('lists what changed since a time, deleted servers included', async () => {
    const { json, call, fail, cloud, a, b } = await three()
    const since = new Date(cloud.clock.now() + 5_000).toISOString().slice(0, 19) + 'Z'
    cloud.clock.advance(10_000)
    await call('PUT', `/servers/${a}`, { json: { server: { name: 'web-1b' } } })
    await call('DELETE', `/servers/${b}`)
    cloud.clock.advance(ACTION_MS)
    const detail = await json<{ servers: Server[] }>('GET', `/servers/detail?changes-since=${since}`, 200)
    expect(detail.servers.map((s) => [s.name, s.status])).toEqual([['web-2', 'DELETED'], ['web-1b', 'ACTIVE']])
    expect(await fail('GET', '/servers?changes-since=yesterday')).toEqual([400, { badRequest: { code: 400, message: "Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'" } }])
  })

  it('filters by tags, tags-any, not-tags and not-tags-any from 2.26 only', async () => {
    const { json, active } = await setupNova()
    const tagged = async (name: string, tags: string[]) => active({ name, tags, networks: 'auto' }, { mv: '2.52' })
    await tagged('ab', ['a', 'b'])
    await tagged('a', ['a'])
    await tagged('c', ['c'])
    const names = async (q: string, mv = '2.26') => (await json<Page>('GET', `/servers${q}`, 200, { mv })).servers.map((s) => s.name)
    expect(await names('?tags=a,b')).toEqual(['ab'])
    expect(await names('?tags-any=a,c')).toEqual(['c', 'a', 'ab'])
    expect(await names('?not-tags=a,b')).toEqual(['c', 'a'])
    expect(await names('?not-tags-any=b,c')).toEqual(['a'])
    expect(await names('?tags=a,b', '2.25')).toEqual(['c', 'a', 'ab'])
  })

  it('pages with limit and marker; servers_links carries the sorted query and the last id', async () => {
    const { json, fail, a, b, c } = await three()
    const first = await json<Page>('GET', '/servers?name=-&limit=2', 200)
    expect(first.servers.map((s) => s.id)).toEqual([c, b])
    expect(first.servers_links).toEqual([{ rel: 'next', href: `${BASE}/v2.1/servers?limit=2&name=-&marker=${b}` }])
    const second = await json<Page>('GET', `/servers?name=-&limit=2&marker=${b}`, 200)
    expect(second.servers.map((s) => s.id)).toEqual([a])
    expect(second.servers_links).toBeUndefined()
    const detail = await json<Page>('GET', '/servers/detail?limit=1', 200)
    expect(detail.servers_links![0]!.href).toBe(`${BASE}/v2.1/servers/detail?limit=1&marker=${c}`)
    expect(await fail('GET', '/servers?marker=nope')).toEqual([400, { badRequest: { code: 400, message: 'marker [nope] not found' } }])
    expect(await fail('GET', '/servers?limit=x')).toEqual([400, { badRequest: { code: 400, message: "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'" } }])
    expect((await json<Page>('GET', '/servers?sort_key=display_name&sort_dir=asc', 200)).servers.map((s) => s.name)).toEqual(['db-1', 'web-1', 'web-2'])
  })
})

describe('fake Nova: show, update, delete', () => {
  it('updates name, access IPs and (2.19) description; 200 with the server', async () => {
    const { active, json, fail } = await setupNova()
    const id = await active()
    const { server } = await json<{ server: Server }>('PUT', `/servers/${id}`, 200, { mv: '2.19', json: { server: { name: 'renamed', description: 'the web box', accessIPv4: '192.0.2.7' } } })
    expect([server.name, server.description, server.accessIPv4, server.status]).toEqual(['renamed', 'the web box', '192.0.2.7', 'ACTIVE'])
    const [status, body] = await fail('PUT', `/servers/${id}`, { json: { server: { description: 'x' } } })
    expect([status, body.badRequest!.message]).toEqual([400, "Invalid input for field/attribute server. Value: {'description': 'x'}. Additional properties are not allowed ('description' was unexpected)"])
  })

  it('deletes: 204, task deleting for actionDelayMs, then 404 everywhere', async () => {
    const { active, call, show, fail, settle } = await setupNova()
    const id = await active()
    expect((await call('DELETE', `/servers/${id}`)).status).toBe(204)
    const s = await show(id)
    expect([s.status, s['OS-EXT-STS:task_state']]).toEqual(['ACTIVE', 'deleting'])
    expect((await call('DELETE', `/servers/${id}`)).status).toBe(204)
    settle()
    const notFound = [404, { itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } }]
    expect(await fail('GET', `/servers/${id}`)).toEqual(notFound)
    expect(await fail('DELETE', `/servers/${id}`)).toEqual(notFound)
    expect(await fail('POST', `/servers/${id}/action`, { json: { 'os-stop': null } })).toEqual(notFound)
  })

  it('serves /ips and /ips/{network}', async () => {
    const { active, json, fail } = await setupNova()
    const id = await active()
    expect(await json('GET', `/servers/${id}/ips`, 200)).toEqual({ addresses: { private: [{ addr: '10.0.0.3', version: 4 }] } })
    expect(await json('GET', `/servers/${id}/ips/private`, 200)).toEqual({ private: [{ addr: '10.0.0.3', version: 4 }] })
    expect(await fail('GET', `/servers/${id}/ips/public`)).toEqual([404, { itemNotFound: { code: 404, message: 'Instance is not a member of specified network' } }])
  })
})

describe('fake Nova: projects and admins', () => {
  it('hides another project’s servers (404), and lists only the caller’s project', async () => {
    const { active, bob, fail, json, call } = await setupNova()
    const id = await active()
    const other = await active({ name: 'bobs' }, { token: bob })
    expect(await fail('GET', `/servers/${id}`, { token: bob })).toEqual([404, { itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } }])
    expect((await call('DELETE', `/servers/${id}`, { token: bob })).status).toBe(404)
    expect((await json<Page>('GET', '/servers', 200, { token: bob })).servers.map((s) => s.id)).toEqual([other])
    expect((await json<Page>('GET', '/servers?project_id=other-project-id', 200)).servers.map((s) => s.id)).toEqual([id])
  })

  it('lets admins see everything with all_tenants (optionally of one project); others get 403', async () => {
    const { active, admin, bob, fail, json, show } = await setupNova()
    const mine = await active()
    const bobs = await active({ name: 'bobs' }, { token: bob })
    const ids = async (q: string) => (await json<Page>('GET', `/servers${q}`, 200, { token: admin })).servers.map((s) => s.id)
    expect(await ids('')).toEqual([])
    expect(await ids('?project_id=demo-project-id')).toEqual([]) // ignored without all_tenants
    expect(await ids('?all_tenants=1')).toEqual([bobs, mine])
    expect(await ids('?all_tenants')).toEqual([bobs, mine])
    expect(await ids(`?all_tenants=1&project_id=${OTHER_PROJECT}`)).toEqual([bobs])
    expect(await ids('?all_tenants=0')).toEqual([])
    expect((await show(mine, { token: admin })).tenant_id).toBe(DEMO_PROJECT)
    expect(await fail('GET', '/servers?all_tenants=1')).toEqual([403, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed." } }])
    expect((await fail('GET', '/servers/detail?all_tenants=1'))[1].forbidden!.message).toBe("Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed.")
  })
})

describe('fake Nova: test knobs', () => {
  it('failNextBuild ends the next build in ERROR with a fault; details only for admins when the code is 500', async () => {
    const { nova, boot, show, status, admin, cloud } = await setupNova()
    nova.failNextBuild('No valid host was found. There are not enough hosts available.', { details: 'Exceeded maximum number of retries.' })
    const { id } = await boot()
    expect(await status(id)).toBe('BUILD')
    cloud.clock.advance(BUILD_MS)
    const s = await show(id)
    expect([s.status, s['OS-EXT-STS:vm_state'], s['OS-EXT-STS:power_state'], s.hostId]).toEqual(['ERROR', 'error', 0, ''])
    expect(s.fault).toEqual({ code: 500, message: 'No valid host was found. There are not enough hosts available.', created: expect.stringMatching(/Z$/) })
    expect('progress' in s).toBe(false)
    expect((await show(id, { token: admin })).fault!.details).toBe('Exceeded maximum number of retries.')
    const next = await boot({ name: 'fine' })
    cloud.clock.advance(BUILD_MS)
    expect((await show(next.id)).status).toBe('ACTIVE')
  })

  it('failNextBuild can target a name, several builds and another code', async () => {
    const { nova, boot, show, cloud } = await setupNova()
    nova.failNextBuild('disk full', { name: /^db-/, times: 2, code: 507 })
    const ids = [await boot({ name: 'web' }), await boot({ name: 'db-1' }), await boot({ name: 'db-2' }), await boot({ name: 'db-3' })].map((s) => s.id)
    cloud.clock.advance(BUILD_MS)
    const states = await Promise.all(ids.map(async (id) => (await show(id)).status))
    expect(states).toEqual(['ACTIVE', 'ERROR', 'ERROR', 'ACTIVE'])
    expect((await show(ids[1]!)).fault).toMatchObject({ code: 507, message: 'disk full' })
  })

  it('setServerStatus puts a server in a state at once, cancelling its transition', async () => {
    const { nova, boot, show, active, cloud } = await setupNova()
    const { id } = await boot()
    nova.setServerStatus(id, 'SHUTOFF')
    cloud.clock.advance(BUILD_MS)
    const s = await show(id)
    expect([s.status, s['OS-EXT-STS:vm_state'], s['OS-EXT-STS:task_state'], s['OS-EXT-STS:power_state']]).toEqual(['SHUTOFF', 'stopped', null, 4])
    const other = await active()
    nova.setServerStatus(other, 'ERROR', { fault: 'disk failure' })
    expect((await show(other)).fault).toMatchObject({ code: 500, message: 'disk failure' })
    nova.setServerStatus(other, 'ACTIVE', { taskState: 'migrating' })
    expect((await show(other)).status).toBe('MIGRATING')
    expect(nova.servers.get(other)?.vmState).toBe('active')
    expect(() => nova.setServerStatus('nope', 'ACTIVE')).toThrow('no server nope in the fake Nova')
  })
})
