// test/compute/microversion.test.ts — microversion parsing, headers, negotiation from the version document, and the InputErrors of the feature table.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import type { AuthProvider } from '../../src/core/options.js'
import {
  ComputeClient,
  MICROVERSION_FEATURES,
  MicroversionError,
  SDK_MAX_MICROVERSION,
  chooseMicroversion,
  compareMicroversions,
  parseMicroversion,
  rangeFromDocument,
  requireFeature,
  supports,
  versionDocumentUrl,
} from '../../src/compute/index.js'
import { SERVER_ID, serverBody, versionDocument } from './fixtures.js'
import { FixtureNova, NOVA, ORIGIN, fault, mvHeaders } from './support.js'

const server = setupServer()
let nova: FixtureNova
const clients: ComputeClient[] = []
const client = (microversion?: string): ComputeClient => {
  const c = new ComputeClient({ endpoint: NOVA, token: 'tok', retry: false, ...(microversion ? { microversion } : {}) })
  clients.push(c)
  return c
}

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
beforeEach(() => {
  nova = new FixtureNova()
  server.use(...nova.handlers)
})
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  server.resetHandlers()
})
afterAll(() => server.close())

describe('microversion helpers', () => {
  it('parses and orders X.Y numerically', () => {
    expect(parseMicroversion('2.26')).toEqual([2, 26])
    expect(parseMicroversion(' 2.1 ')).toEqual([2, 1])
    for (const bad of ['2', '2.', 'v2.1', '2.01', 'latest', '']) expect(parseMicroversion(bad)).toBeUndefined()
    expect(compareMicroversions('2.9', '2.10')).toBeLessThan(0)
    expect(compareMicroversions('2.96', '2.96')).toBe(0)
    expect(compareMicroversions('3.0', '2.96')).toBeGreaterThan(0)
    expect(() => compareMicroversions('x', '2.1')).toThrow(InputError)
  })

  it('chooses the highest common version, capped, and refuses when none fits', () => {
    expect(chooseMicroversion({ min: '2.1', max: '2.104' })).toBe(SDK_MAX_MICROVERSION)
    expect(chooseMicroversion({ min: '2.1', max: '2.60' })).toBe('2.60')
    expect(chooseMicroversion({ min: '2.1', max: '2.96' }, { max: '2.79' })).toBe('2.79')
    expect(() => chooseMicroversion({ min: '2.50', max: '2.96' }, { max: '2.40' })).toThrow(MicroversionError)
    expect(() => chooseMicroversion({ min: '2.1', max: '2.20' }, { min: '2.26' })).toThrow(/2.26 is needed/)
  })

  it('reads both version documents; v2.0 gives 2.1', () => {
    expect(rangeFromDocument(versionDocument('2.96'))).toEqual({ min: '2.1', max: '2.96' })
    const list = { versions: [{ id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' }, { id: 'v2.1', status: 'CURRENT', version: '2.90', min_version: '2.1' }] }
    expect(rangeFromDocument(list)).toEqual({ min: '2.1', max: '2.90' })
    expect(rangeFromDocument({ version: { id: 'v2.0', version: '', min_version: '' } })).toEqual({ min: '2.1', max: '2.1' })
    expect(rangeFromDocument({ error: 'x' })).toBeUndefined()
  })

  it('finds the version document under the catalog URL', () => {
    expect(versionDocumentUrl('http://h:8774/v2.1/6f70656e')).toBe('http://h:8774/v2.1/')
    expect(versionDocumentUrl('http://h:8774/v2.1')).toBe('http://h:8774/v2.1/')
    expect(versionDocumentUrl('http://cloud/compute/v2.1')).toBe('http://cloud/compute/v2.1/')
    expect(versionDocumentUrl('http://h:8774/v2/abc')).toBe('http://h:8774/v2/')
    expect(versionDocumentUrl('http://cloud/compute')).toBe('http://cloud/compute/')
  })

  it('the feature table answers supports() and requireFeature() with the version that would work', () => {
    expect(supports('2.25', 'server.tags')).toBe(false)
    expect(supports('2.26', 'server.tags')).toBe(true)
    expect(supports('2.33', 'networks.tag')).toBe(true)
    expect(supports('2.37', 'networks.tag')).toBe(false)
    expect(supports('2.42', 'networks.tag')).toBe(true)
    expect(supports('2.33', 'bdm.tag')).toBe(false)
    expect(supports('2.91', 'keypair.generate')).toBe(true)
    expect(supports('2.92', 'keypair.generate')).toBe(false)
    expect(() => requireFeature('2.1', 'server.tags')).toThrow(/server tags .* needs microversion 2.26 or later; the client is set to 2.1/)
    expect(() => requireFeature('2.40', 'networks.tag')).toThrow(/2.32 to 2.36 or 2.42 or later/)
    const removed = (() => {
      try {
        requireFeature('2.92', 'keypair.generate')
      } catch (e) {
        return e as InputError
      }
      return undefined
    })()
    expect(removed).toMatchObject({ name: 'InputError', code: 'MicroversionTooHigh' })
    for (const f of Object.values(MICROVERSION_FEATURES)) for (const [since, until] of f.ranges) expect(parseMicroversion(until ?? since)).toBeDefined()
  })
})

describe('microversion headers', () => {
  it('sends both headers with every request when set', async () => {
    nova.on('GET', `/servers/${SERVER_ID}`, { json: { server: serverBody() } })
    const s = await client('2.71').servers.get(SERVER_ID)
    expect(s.server_groups).toEqual(['f3d86fe6-4246-4be8-b87c-eb894626c741'])
    expect(nova.seen[0]!.headers).toMatchObject({ ...mvHeaders('2.71'), 'x-auth-token': 'tok' })
  })

  it('sends none when unset (Nova then serves 2.1), and a call may send its own', async () => {
    nova.on('GET', '/limits', { json: { limits: { absolute: { maxTotalCores: 20 }, rate: [] } } })
    const c = client()
    expect(c.microversion).toBeUndefined()
    expect(c.effectiveMicroversion).toBe('2.1')
    await c.limits()
    expect(nova.seen[0]!.headers['openstack-api-version']).toBeUndefined()
    expect(nova.seen[0]!.headers['x-openstack-nova-api-version']).toBeUndefined()
    const set = client('2.60')
    await set.get('/limits', { headers: { 'X-OpenStack-Nova-API-Version': '2.3' } })
    expect(nova.seen[1]!.headers['x-openstack-nova-api-version']).toBe('2.3')
    expect(nova.seen[1]!.headers['openstack-api-version']).toBeUndefined()
  })

  it('refuses a malformed or symbolic microversion', () => {
    expect(() => new ComputeClient({ endpoint: NOVA, microversion: 'latest' })).toThrow(/negotiateMicroversion/)
    expect(() => new ComputeClient({ endpoint: NOVA, microversion: '2' })).toThrow(InputError)
    expect(() => new ComputeClient({ endpoint: NOVA, microversion: '2.0' })).toThrow(InputError)
    expect(() => client().useMicroversion('v2.5')).toThrow(InputError)
    const c = client('2.5')
    c.useMicroversion(undefined)
    expect(c.microversion).toBeUndefined()
  })

  it("Nova's 406 for an unsupported version is a MicroversionError", async () => {
    nova.on('GET', '/flavors/1', {
      status: 406,
      json: fault('computeFault', 406, 'Version 2.99 is not supported by the API. Minimum is 2.1 and maximum is 2.96.'),
    })
    const err = await client('2.96').flavors.get('1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MicroversionError)
    expect(err).toMatchObject({ name: 'MicroversionError', status: 406, code: 'computeFault', requestId: 'req-fixture-0001' })
    expect((err as Error).message).toContain('maximum is 2.96')
  })
})

describe('negotiateMicroversion', () => {
  it('GETs the version document without a token and switches the client to the highest common version', async () => {
    nova.on('GET', '/v2.1/', { json: versionDocument('2.104') })
    nova.on('GET', '/os-availability-zone', { json: { availabilityZoneInfo: [] } })
    const c = client()
    expect(await c.negotiateMicroversion()).toBe(SDK_MAX_MICROVERSION)
    expect(c.microversion).toBe(SDK_MAX_MICROVERSION)
    expect(nova.seen[0]).toMatchObject({ method: 'GET', path: '/v2.1/', query: '' })
    expect(nova.seen[0]!.headers['x-auth-token']).toBeUndefined()
    await c.availabilityZones()
    expect(nova.seen[1]!.headers).toMatchObject(mvHeaders(SDK_MAX_MICROVERSION))
  })

  it('honours max and min, and an old server', async () => {
    nova.on('GET', '/v2.1/', { json: versionDocument('2.60') })
    const c = client()
    expect(await c.negotiateMicroversion({ max: '2.53' })).toBe('2.53')
    expect(await c.negotiateMicroversion({ max: '2.90' })).toBe('2.60')
    await expect(c.negotiateMicroversion({ min: '2.79' })).rejects.toBeInstanceOf(MicroversionError)
    expect(c.microversion).toBe('2.60') // unchanged by the failed negotiation
    await expect(c.negotiateMicroversion({ max: 'latest' })).rejects.toBeInstanceOf(InputError)
    expect(await c.versionRange()).toEqual({ min: '2.1', max: '2.60' })
  })

  it('a body that is no version document is a MicroversionError', async () => {
    nova.on('GET', '/v2.1/', { json: { hello: 'world' } })
    await expect(client().negotiateMicroversion()).rejects.toMatchObject({ name: 'MicroversionError', code: 'NoVersionDocument' })
  })

  it("finds the 'compute' entry of the session's catalog", async () => {
    const asked: string[] = []
    const session: AuthProvider = {
      token: async () => 'sess-tok',
      invalidate: () => undefined,
      endpointFor: async (type) => {
        asked.push(type)
        return `${NOVA}/`
      },
    }
    nova.on('GET', '/v2.1/', { json: versionDocument('2.96') })
    nova.on('GET', `/servers/${SERVER_ID}`, { json: { server: serverBody() } })
    const c = new ComputeClient({ session, microversion: '2.1' })
    clients.push(c)
    expect(await c.negotiateMicroversion({ max: '2.79' })).toBe('2.79')
    await c.servers.get(SERVER_ID)
    expect(asked).toEqual(['compute'])
    expect(nova.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /v2.1/', `GET /servers/${SERVER_ID}`])
    expect(nova.seen[1]!.headers).toMatchObject({ 'x-auth-token': 'sess-tok', ...mvHeaders('2.79') })
    expect(new URL(await c.endpoint()).origin).toBe(ORIGIN)
  })
})

describe('calls and fields that need a later microversion are InputErrors before any request', () => {
  it('at 2.1', async () => {
    const c = client()
    const base = { name: 'a', imageRef: 'img', flavorRef: '1' }
    const calls: (() => Promise<unknown>)[] = [
      () => c.servers.tags.list(SERVER_ID),
      () => c.servers.tags.add(SERVER_ID, 'x'),
      () => c.servers.tags.check(SERVER_ID, 'x'),
      () => c.servers.list({ tags: ['x'] }).toArray(),
      () => c.servers.list({ 'changes-before': new Date() }).toArray(),
      () => c.servers.list({ locked: true }).toArray(),
      () => c.servers.remoteConsole(SERVER_ID, { protocol: 'vnc', type: 'novnc' }),
      () => c.servers.create({ ...base, networks: 'auto' }),
      () => c.servers.create({ ...base, networks: 'none' }),
      () => c.servers.create({ ...base, description: 'x' }),
      () => c.servers.create({ ...base, tags: ['x'] }),
      () => c.servers.create({ ...base, trusted_image_certificates: ['c1'] }),
      () => c.servers.create({ ...base, hostname: 'web' }),
      () => c.servers.create({ ...base, host: 'compute1' }),
      () => c.servers.create({ ...base, networks: [{ uuid: 'n', tag: 'nic1' }] }),
      () => c.servers.create({ ...base, block_device_mapping_v2: [{ source_type: 'image', uuid: 'img', tag: 'disk1' }] }),
      () => c.servers.create({ ...base, block_device_mapping_v2: [{ source_type: 'blank', volume_type: 'ssd', volume_size: 1 }] }),
      () => c.servers.update(SERVER_ID, { description: 'x' }),
      () => c.servers.update(SERVER_ID, { hostname: 'web' }),
      () => c.servers.rebuild(SERVER_ID, { imageRef: 'img', key_name: 'k' }),
      () => c.servers.rebuild(SERVER_ID, { imageRef: 'img', user_data: 'x' }),
      () => c.servers.rebuild(SERVER_ID, { imageRef: 'img', description: null }),
      () => c.servers.lock(SERVER_ID, { locked_reason: 'why' }),
      () => c.servers.unshelve(SERVER_ID, { availability_zone: 'az' }),
      () => c.keypairs.create({ name: 'k', type: 'x509' }),
      () => c.keypairs.import({ name: 'k', public_key: 'ssh-rsa AAA', user_id: 'u' }),
      () => c.keypairs.list({ limit: 5 }).toArray(),
      () => c.serverGroups.create({ name: 'g', policy: 'soft-affinity' }),
      () => c.serverGroups.create({ name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 2 } }),
    ]
    for (const call of calls) await expect(call()).rejects.toMatchObject({ name: 'InputError', code: 'MicroversionTooLow' })
    expect(nova.seen).toEqual([])
  })

  it('features removed later: keypair generation at 2.92, policies at 2.64, tags on nics at 2.37–2.41, no networks at 2.37', async () => {
    const calls: [ComputeClient, () => Promise<unknown>][] = []
    const c92 = client('2.92')
    calls.push([c92, () => c92.keypairs.create({ name: 'k' })])
    const c64 = client('2.64')
    calls.push([c64, () => c64.serverGroups.create({ name: 'g', policies: ['affinity'] })])
    const c40 = client('2.40')
    calls.push([c40, () => c40.servers.create({ name: 'a', imageRef: 'i', flavorRef: '1', networks: [{ uuid: 'n', tag: 't' }] })])
    calls.push([c40, () => c40.servers.create({ name: 'a', imageRef: 'i', flavorRef: '1' })])
    for (const [, call] of calls) await expect(call()).rejects.toBeInstanceOf(InputError)
    await expect(c92.keypairs.create({ name: 'k' })).rejects.toMatchObject({ code: 'MicroversionTooHigh' })
    await expect(c40.servers.create({ name: 'a', imageRef: 'i', flavorRef: '1' })).rejects.toThrow(/networks is required from microversion 2.37/)
    expect(nova.seen).toEqual([])
  })
})
