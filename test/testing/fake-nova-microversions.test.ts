// test/testing/fake-nova-microversions.test.ts — the fake Nova's version documents, auth, microversion negotiation and per-version shapes, routing errors and the fault knob.
import { describe, expect, it } from 'vitest'
import { type Fault, type Json, setupNova } from './support/fake-nova.js'

const BASE = 'http://cloud.strato.test/compute'
const VARY = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version'
const versionHeaders = (r: Response) => [r.headers.get('openstack-api-version'), r.headers.get('x-openstack-nova-api-version'), r.headers.get('vary')]

describe('fake Nova: version documents and authentication', () => {
  it('lists both API versions at the root, unauthenticated, with 200', async () => {
    const { raw } = await setupNova()
    for (const path of ['', '/']) {
      const r = await raw('GET', path, { token: null })
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual({
        versions: [
          { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z', links: [{ rel: 'self', href: `${BASE}/v2/` }] },
          { id: 'v2.1', status: 'CURRENT', version: '2.96', min_version: '2.1', updated: '2013-07-23T11:33:21Z', links: [{ rel: 'self', href: `${BASE}/v2.1/` }] },
        ],
      })
    }
  })

  it('serves the v2.1 document with and without the slash; the maximum follows maxMicroversion', async () => {
    const { raw } = await setupNova()
    const expected = {
      version: {
        id: 'v2.1',
        status: 'CURRENT',
        version: '2.96',
        min_version: '2.1',
        updated: '2013-07-23T11:33:21Z',
        links: [
          { rel: 'self', href: `${BASE}/v2.1/` },
          { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
        ],
        'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
      },
    }
    for (const path of ['/v2.1', '/v2.1/']) {
      const r = await raw('GET', path, { token: null })
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual(expected)
    }
    const old = await setupNova({ maxMicroversion: '2.79' })
    const doc = (await (await old.raw('GET', '/v2.1/', { token: null })).json()) as { version: { version: string; min_version: string } }
    expect([doc.version.version, doc.version.min_version]).toEqual(['2.79', '2.1'])
    expect(old.nova.maxMicroversion).toBe('2.79')
  })

  it('refuses a malformed maxMicroversion', async () => {
    await expect(setupNova({ maxMicroversion: '3' })).rejects.toThrow("maxMicroversion must be a version like '2.96', got '3'")
  })

  it('answers 401 as keystonemiddleware does, before any microversion handling', async () => {
    const { call, cloud } = await setupNova()
    const r = await call('GET', '/servers', { token: null, mv: '9.9' })
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe('Keystone uri="http://cloud.strato.test/identity/v3"')
    expect(versionHeaders(r)).toEqual([null, null, null])
    expect(await r.json()).toEqual({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } })
    expect((await call('GET', '/servers', { token: 'not-a-token' })).status).toBe(401)
    cloud.keystone.expireAll()
    expect((await call('GET', '/flavors')).status).toBe(401)
  })

  it('tags every answer with the same request id in both headers', async () => {
    const { call } = await setupNova()
    const r = await call('GET', '/flavors')
    const id = r.headers.get('x-openstack-request-id')
    expect(id).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(r.headers.get('x-compute-request-id')).toBe(id)
    expect((await call('GET', '/flavors')).headers.get('x-openstack-request-id')).not.toBe(id)
  })
})

describe('fake Nova: microversion negotiation', () => {
  it('defaults to 2.1 and says so in OpenStack-API-Version, the legacy header and Vary', async () => {
    const { call } = await setupNova()
    const r = await call('GET', '/flavors')
    expect(r.status).toBe(200)
    expect(versionHeaders(r)).toEqual(['compute 2.1', '2.1', VARY])
  })

  it('takes either header; OpenStack-API-Version wins; another service’s entry is ignored', async () => {
    const { call } = await setupNova()
    const version = async (headers: Record<string, string>) => (await call('GET', '/flavors', { headers })).headers.get('openstack-api-version')
    expect(await version({ 'openstack-api-version': 'compute 2.26' })).toBe('compute 2.26')
    expect(await version({ 'x-openstack-nova-api-version': '2.10' })).toBe('compute 2.10')
    expect(await version({ 'openstack-api-version': 'compute 2.60', 'x-openstack-nova-api-version': '2.10' })).toBe('compute 2.60')
    expect(await version({ 'openstack-api-version': 'volume 3.5, compute 2.53' })).toBe('compute 2.53')
    expect(await version({ 'openstack-api-version': 'volume 3.5' })).toBe('compute 2.1')
    const legacy = await call('GET', '/flavors', { legacyMv: '2.42' })
    expect(versionHeaders(legacy)).toEqual(['compute 2.42', '2.42', VARY])
  })

  it("maps 'latest' to the maximum served", async () => {
    const { call } = await setupNova()
    expect((await call('GET', '/flavors', { mv: 'latest' })).headers.get('openstack-api-version')).toBe('compute 2.96')
    const old = await setupNova({ maxMicroversion: '2.79' })
    expect((await old.call('GET', '/flavors', { legacyMv: 'latest' })).headers.get('x-openstack-nova-api-version')).toBe('2.79')
  })

  it('answers 406 outside [2.1, max] and 400 for a malformed version, without version headers', async () => {
    const { call } = await setupNova()
    const high = await call('GET', '/servers', { mv: '2.97' })
    expect(high.status).toBe(406)
    expect(versionHeaders(high)).toEqual([null, null, null])
    expect(await high.json()).toEqual({ computeFault: { code: 406, message: 'Version 2.97 is not supported by the API. Minimum is 2.1 and maximum is 2.96.' } })
    const low = await call('GET', '/servers', { legacyMv: '2.0' })
    expect(low.status).toBe(406)
    expect(((await low.json()) as Fault).computeFault!.message).toBe('Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is 2.96.')
    expect((await call('GET', '/servers', { mv: '3.0' })).status).toBe(406)
    const bad = await call('GET', '/servers', { mv: '2' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ badRequest: { code: 400, message: 'API Version String 2 is of invalid format. Must be of format MajorNum.MinorNum.' } })
  })

  it('puts version headers on Nova faults too', async () => {
    const { call } = await setupNova()
    const r = await call('GET', '/servers/nope', { mv: '2.26' })
    expect(r.status).toBe(404)
    expect(versionHeaders(r)).toEqual(['compute 2.26', '2.26', VARY])
    expect(await r.json()).toEqual({ itemNotFound: { code: 404, message: 'Instance nope could not be found.' } })
  })
})

describe('fake Nova: routing', () => {
  it('answers unknown paths and methods with the router’s webob 404, not a Nova fault', async () => {
    const { call, raw } = await setupNova()
    for (const r of [await call('GET', '/no-such-thing'), await call('POST', '/flavors/1'), await raw('GET', '/v3/servers')]) {
      expect(r.status).toBe(404)
      expect(r.headers.get('openstack-api-version')).toBeNull()
      expect(await r.text()).toBe('{"message": "The resource could not be found.<br /><br />\\n\\n\\n", "code": "404 Not Found", "title": "Not Found"}')
    }
  })

  it('answers itemNotFound for a route its microversion does not have yet', async () => {
    const { call, active } = await setupNova()
    const id = await active()
    for (const [path, init] of [
      [`/servers/${id}/tags`, { mv: '2.25' }],
      [`/servers/${id}/tags/x`, {}],
    ] as const) {
      const r = await call('GET', path, init)
      expect([r.status, await r.json()]).toEqual([404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } }])
    }
    const consoles = await call('POST', `/servers/${id}/remote-consoles`, { mv: '2.5', json: { remote_console: { protocol: 'vnc', type: 'novnc' } } })
    expect(consoles.status).toBe(404)
    expect((await call('GET', `/servers/${id}/tags`, { mv: '2.26' })).status).toBe(200)
  })

  it('accepts the legacy project id in the path', async () => {
    const { call } = await setupNova()
    const r = await call('GET', '/demo-project-id/flavors/1')
    expect(r.status).toBe(200)
    expect(((await r.json()) as { flavor: { name: string } }).flavor.name).toBe('m1.tiny')
  })
})

describe('fake Nova: what changes with the microversion', () => {
  it('2.37 makes networks required and allows "auto" and "none"', async () => {
    const { fail, json } = await setupNova()
    const server = { name: 'x', imageRef: '4bd6b5b8-7a9a-4a1c-9d0b-3c1e0f6f2a10', flavorRef: '1' }
    const [status, body] = await fail('POST', '/servers', { json: { server: { ...server, networks: 'auto' } } })
    expect(status).toBe(400)
    expect(body).toEqual({ badRequest: { code: 400, message: "Invalid input for field/attribute networks. Value: auto. 'auto' is not of type 'array'" } })
    const [missing, missingBody] = await fail('POST', '/servers', { mv: '2.37', json: { server } })
    expect(missing).toBe(400)
    expect(missingBody.badRequest!.message).toMatch(/^Invalid input for field\/attribute server\. Value: \{'name': 'x', .*\}\. 'networks' is a required property$/)
    const auto = await json<{ server: { id: string } }>('POST', '/servers', 202, { mv: '2.37', json: { server: { ...server, networks: 'auto' } } })
    const none = await json<{ server: { id: string } }>('POST', '/servers', 202, { mv: '2.37', json: { server: { ...server, name: 'y', networks: 'none' } } })
    const addresses = async (id: string) => (await json<{ addresses: Record<string, unknown[]> }>('GET', `/servers/${id}/ips`, 200)).addresses
    expect(Object.keys(await addresses(auto.server.id))).toEqual(['private'])
    expect(await addresses(none.server.id)).toEqual({})
  })

  it('shows the flavor as a link before 2.47 and embedded (with extra specs) from it', async () => {
    const { show, active } = await setupNova()
    const id = await active({ flavorRef: '3' })
    expect((await show(id)).flavor).toEqual({ id: '3', links: [{ rel: 'bookmark', href: `${BASE}/flavors/3` }] })
    expect((await show(id, { mv: '2.47' })).flavor).toEqual({ vcpus: 2, ram: 4096, disk: 40, ephemeral: 0, swap: 0, original_name: 'm1.medium', extra_specs: { 'hw:cpu_policy': 'shared' } })
  })

  it('adds server fields with their microversions', async () => {
    const { show, active } = await setupNova()
    const id = await active()
    const keys = async (mv: string) => Object.keys(await show(id, { mv }))
    const v21 = await keys('2.1')
    for (const k of ['locked', 'description', 'tags', 'locked_reason', 'server_groups', 'trusted_image_certificates', 'pinned_availability_zone', 'OS-EXT-SRV-ATTR:hostname']) expect(v21).not.toContain(k)
    expect(await keys('2.9')).toContain('locked')
    expect(await keys('2.19')).toContain('description')
    expect(await keys('2.26')).toContain('tags')
    expect(await keys('2.73')).toContain('locked_reason')
    expect(await keys('2.71')).toContain('server_groups')
    const latest = await show(id, { mv: 'latest' })
    expect(latest).toMatchObject({ locked: false, locked_reason: null, description: null, tags: [], server_groups: [], trusted_image_certificates: null, pinned_availability_zone: null, 'OS-EXT-SRV-ATTR:hostname': 'web' })
  })

  it('changes flavor bodies at 2.55 (description), 2.61 (extra_specs) and 2.75 (swap 0 instead of "")', async () => {
    const { json } = await setupNova()
    const flavor = async (mv: string) => (await json<{ flavor: Json }>('GET', '/flavors/3', 200, { mv })).flavor
    const v21 = await flavor('2.1')
    expect(v21).toEqual({
      id: '3',
      name: 'm1.medium',
      ram: 4096,
      disk: 40,
      vcpus: 2,
      links: [
        { rel: 'self', href: `${BASE}/v2.1/flavors/3` },
        { rel: 'bookmark', href: `${BASE}/flavors/3` },
      ],
      'OS-FLV-EXT-DATA:ephemeral': 0,
      'OS-FLV-DISABLED:disabled': false,
      swap: '',
      rxtx_factor: 1,
      'os-flavor-access:is_public': true,
    })
    expect(await flavor('2.55')).toEqual({ ...v21, description: null })
    expect(await flavor('2.61')).toEqual({ ...v21, description: null, extra_specs: { 'hw:cpu_policy': 'shared' } })
    expect((await flavor('2.75')).swap).toBe(0)
  })

  it('drops limits fields at 2.36, 2.39 and 2.57', async () => {
    const { json } = await setupNova()
    const absolute = async (mv: string) => Object.keys((await json<{ limits: { absolute: Json } }>('GET', '/limits', 200, { mv })).limits.absolute).sort()
    const modern = ['maxServerGroupMembers', 'maxServerGroups', 'maxServerMeta', 'maxTotalCores', 'maxTotalInstances', 'maxTotalKeypairs', 'maxTotalRAMSize', 'totalCoresUsed', 'totalInstancesUsed', 'totalRAMUsed', 'totalServerGroupsUsed']
    const network = ['maxSecurityGroupRules', 'maxSecurityGroups', 'maxTotalFloatingIps', 'totalFloatingIpsUsed', 'totalSecurityGroupsUsed']
    expect(await absolute('2.1')).toEqual([...modern, ...network, 'maxImageMeta', 'maxPersonality', 'maxPersonalitySize'].sort())
    expect(await absolute('2.36')).toEqual([...modern, 'maxImageMeta', 'maxPersonality', 'maxPersonalitySize'].sort())
    expect(await absolute('2.39')).toEqual([...modern, 'maxPersonality', 'maxPersonalitySize'].sort())
    expect(await absolute('2.57')).toEqual(modern)
  })

  it('refuses unknown list query parameters from 2.75 only', async () => {
    const { fail, json } = await setupNova()
    expect((await json<{ servers: unknown[] }>('GET', '/servers?bogus=1', 200, { mv: '2.74' })).servers).toEqual([])
    const [status, body] = await fail('GET', '/servers?bogus=1', { mv: '2.75' })
    expect([status, body]).toEqual([400, { badRequest: { code: 400, message: "Invalid input for query parameters bogus. Value: 1. Additional properties are not allowed ('bogus' was unexpected)" } }])
  })
})

describe('fake Nova: injected faults', () => {
  it('answers a matching request with the status and Nova’s fault body, as many times as asked', async () => {
    const { nova, call, json } = await setupNova()
    const f = nova.faults.add({ method: 'POST', path: '/v2.1/servers', status: 503, times: 2 })
    expect(nova.faults.pending).toBe(1)
    const body = { server: { name: 'x', imageRef: '4bd6b5b8-7a9a-4a1c-9d0b-3c1e0f6f2a10', flavorRef: '1' } }
    for (let i = 0; i < 2; i++) {
      const r = await call('POST', '/servers', { json: body, mv: '2.30' })
      expect([r.status, await r.json()]).toEqual([503, { serviceUnavailable: { code: 503, message: 'The server is currently unavailable. Please try again at a later time.' } }])
      expect(r.headers.get('openstack-api-version')).toBe('compute 2.30')
    }
    expect(f.hits).toBe(2)
    expect(nova.faults.pending).toBe(0)
    expect(nova.servers.size).toBe(0) // no state was touched
    await json('POST', '/servers', 202, { json: body })
    expect((await call('GET', '/servers')).status).toBe(200) // another method and path never matched
  })

  it('matches a RegExp against path and query; takes a message, headers or a verbatim body', async () => {
    const { nova, call } = await setupNova()
    nova.faults.add({ method: 'GET', path: /\/servers\/detail\?.*limit=1/, status: 500, message: 'Unexpected API Error.' })
    expect((await call('GET', '/servers/detail')).status).toBe(200)
    const r = await call('GET', '/servers/detail?limit=1')
    expect([r.status, await r.json()]).toEqual([500, { computeFault: { code: 500, message: 'Unexpected API Error.' } }])
    nova.faults.add({ path: '/os-keypairs', status: 429, headers: { 'Retry-After': '7' } })
    const limited = await call('GET', '/os-keypairs')
    expect(limited.headers.get('retry-after')).toBe('7')
    expect(await limited.json()).toEqual({ overLimit: { code: 429, message: 'Unknown error', retryAfter: '7' } })
    nova.faults.add({ status: 502, body: '<html>bad gateway</html>' })
    const raw = await call('GET', '/flavors')
    expect([raw.status, await raw.text()]).toEqual([502, '<html>bad gateway</html>'])
  })

  it('comes after authentication, and can be removed or cleared', async () => {
    const { nova, call } = await setupNova()
    const f = nova.faults.add({ status: 500, times: Infinity })
    expect((await call('GET', '/flavors', { token: null })).status).toBe(401)
    expect(f.hits).toBe(0)
    expect((await call('GET', '/flavors')).status).toBe(500)
    f.remove()
    expect((await call('GET', '/flavors')).status).toBe(200)
    nova.faults.add({ status: 500 })
    nova.faults.clear()
    expect((await call('GET', '/flavors')).status).toBe(200)
  })
})
