// test/compute/fake-cloud-resources.test.ts — ComputeClient end to end on the fake cloud: limits, zones, flavors, keypairs, server groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BadRequestError, ConflictError, ForbiddenError, InputError, NotFoundError, RateLimitError } from '../../src/core/errors.js'
import { ServerFaultError, type ComputeClient, type Flavor } from '../../src/compute/index.js'
import { CIRROS_IMAGE_ID, ed25519PublicKey, rejection, startFakeCompute, type FakeCompute } from './support-fake.js'

let fx: FakeCompute
let compute: ComputeClient

beforeAll(async () => {
  fx = await startFakeCompute()
  compute = fx.client()
  await compute.negotiateMicroversion()
})
afterAll(() => fx.close())

const ids = (list: Flavor[]): string[] => list.map((f) => f.id)
const boot = { imageRef: CIRROS_IMAGE_ID, flavorRef: '1', networks: 'auto' } as const

describe('ComputeClient on the fake cloud: limits and availability zones', () => {
  it('limits() shows quotas and usage, per microversion', async () => {
    expect(await compute.limits()).toEqual({
      absolute: {
        maxServerMeta: 128,
        maxTotalCores: 20,
        maxTotalInstances: 10,
        maxTotalKeypairs: 100,
        maxTotalRAMSize: 51200,
        maxServerGroups: 10,
        maxServerGroupMembers: 10,
        totalCoresUsed: 0,
        totalInstancesUsed: 0,
        totalRAMUsed: 0,
        totalServerGroupsUsed: 0,
      },
      rate: [],
    })
    fx.cloud.nova.setQuota('demo-project-id', { cores: 4 })
    const legacy = await fx.client().limits()
    expect(legacy.absolute).toMatchObject({ maxTotalCores: 4, maxSecurityGroups: 10, maxTotalFloatingIps: 10, maxImageMeta: 128, maxPersonality: 5 })
    fx.cloud.nova.setQuota('demo-project-id', { cores: 20 })
  })

  it('availabilityZones() lists nova; the admin-only detail is a plain ForbiddenError', async () => {
    expect(await compute.availabilityZones()).toEqual([{ zoneName: 'nova', zoneState: { available: true }, hosts: null }])
    const denied = await rejection(compute.availabilityZones({ detail: true }))
    expect(denied).toBeInstanceOf(ForbiddenError)
    expect(denied).toMatchObject({ name: 'ForbiddenError', status: 403, code: 'forbidden' })
  })
})

describe('ComputeClient on the fake cloud: flavors', () => {
  it('list, with minRam / minDisk, sorting and pages', async () => {
    expect(ids(await compute.flavors.list().toArray())).toEqual(['1', '2', '3', '4', '42', '5', '84'])
    expect(ids(await compute.flavors.list({ minRam: 2048 }).toArray())).toEqual(['2', '3', '4', '5'])
    expect(ids(await compute.flavors.list({ minDisk: 40 }).toArray())).toEqual(['3', '4', '5'])
    expect(ids(await compute.flavors.list({ minRam: 4096, minDisk: 80 }).toArray())).toEqual(['4', '5'])
    const byRam = await compute.flavors.list({ minRam: 192, sort_key: 'memory_mb', sort_dir: 'asc' }).toArray()
    expect(byRam.map((f) => f.name)).toEqual(['m1.micro', 'm1.tiny', 'm1.small', 'm1.medium', 'm1.large', 'm1.xlarge'])
    const mark = fx.cloud.requests.length
    expect(ids(await compute.flavors.list({ limit: 3 }).toArray())).toEqual(['1', '2', '3', '4', '42', '5', '84'])
    expect(fx.since(mark).map((r) => r.path)).toEqual([
      '/compute/v2.1/flavors/detail?limit=3',
      '/compute/v2.1/flavors/detail?limit=3&marker=3',
      '/compute/v2.1/flavors/detail?limit=3&marker=5',
    ])
  })

  it('get, extraSpecs and extraSpec; unknown ones are NotFoundError', async () => {
    expect(await compute.flavors.get('3')).toEqual({
      id: '3',
      name: 'm1.medium',
      ram: 4096,
      disk: 40,
      vcpus: 2,
      links: [
        { rel: 'self', href: `${fx.cloud.baseUrl}/compute/v2.1/flavors/3` },
        { rel: 'bookmark', href: `${fx.cloud.baseUrl}/compute/flavors/3` },
      ],
      'OS-FLV-EXT-DATA:ephemeral': 0,
      'OS-FLV-DISABLED:disabled': false,
      swap: 0,
      rxtx_factor: 1,
      'os-flavor-access:is_public': true,
      description: null,
      extra_specs: { 'hw:cpu_policy': 'shared' },
    })
    expect(await compute.flavors.extraSpecs('4')).toEqual({ 'hw:cpu_policy': 'shared', 'hw:mem_page_size': 'any' })
    expect(await compute.flavors.extraSpecs('1')).toEqual({})
    expect(await compute.flavors.extraSpec('42', 'hw_rng:allowed')).toBe('True')
    const noSpec = await rejection(compute.flavors.extraSpec('1', 'hw:cpu_policy'))
    expect(noSpec).toBeInstanceOf(NotFoundError)
    expect(noSpec.message).toContain('Flavor 1 has no extra specs with key hw:cpu_policy.')
    const noFlavor = await rejection(compute.flavors.get('999'))
    expect(noFlavor).toBeInstanceOf(NotFoundError)
    expect(noFlavor.message).toContain('Flavor 999 could not be found.')
  })
})

describe('ComputeClient on the fake cloud: keypairs', () => {
  it('create lets Nova generate a key below 2.92; at 2.92+ it is an InputError before any request', async () => {
    const gen = fx.client()
    expect(await gen.negotiateMicroversion({ max: '2.91' })).toBe('2.91')
    const made = await gen.keypairs.create({ name: 'generated', type: 'ssh' })
    expect(made).toMatchObject({ name: 'generated', type: 'ssh', user_id: 'demo-user-id', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) })
    expect(made.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect(made.public_key).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/]+=* Generated-by-Nova$/)
    const mark = fx.cloud.requests.length
    const refused = await rejection(compute.keypairs.create({ name: 'too-late' }))
    expect(refused).toBeInstanceOf(InputError)
    expect(refused.code).toBe('MicroversionTooHigh')
    expect(fx.since(mark)).toEqual([])
  })

  it('import, list (one page and many), get, delete; a duplicate is a ConflictError', async () => {
    const laptop = ed25519PublicKey('me@laptop')
    const desk = ed25519PublicKey('me@desk')
    expect((await compute.keypairs.import({ name: 'laptop', public_key: laptop.publicKey })).fingerprint).toBe(laptop.fingerprint)
    await compute.keypairs.import({ name: 'me@desk.example', public_key: desk.publicKey })
    const dup = await rejection(compute.keypairs.import({ name: 'laptop', public_key: desk.publicKey }))
    expect(dup).toBeInstanceOf(ConflictError)
    expect(dup.message).toContain("Key pair 'laptop' already exists.")

    const all = ['generated', 'laptop', 'me@desk.example']
    expect((await compute.keypairs.list().toArray()).map((k) => k.name)).toEqual(all)
    const mark = fx.cloud.requests.length
    expect((await compute.keypairs.list({ limit: 1 }).toArray()).map((k) => k.name)).toEqual(all)
    expect(fx.since(mark)).toHaveLength(4)

    expect(await compute.keypairs.get('laptop')).toMatchObject({
      name: 'laptop',
      public_key: laptop.publicKey,
      fingerprint: laptop.fingerprint,
      type: 'ssh',
      user_id: 'demo-user-id',
      id: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/),
    })
    await compute.keypairs.delete('me@desk.example')
    expect((await compute.keypairs.list().toArray()).map((k) => k.name)).toEqual(['generated', 'laptop'])
    const gone = await rejection(compute.keypairs.get('me@desk.example'))
    expect(gone).toBeInstanceOf(NotFoundError)
    expect(gone.message).toContain('Keypair me@desk.example not found for user demo-user-id')
    expect(await rejection(compute.keypairs.delete('me@desk.example'))).toBeInstanceOf(NotFoundError)
  })

  it('the key_pairs quota is a RateLimitError', async () => {
    fx.cloud.nova.quotas.key_pairs = 2
    try {
      const e = await rejection(compute.keypairs.import({ name: 'third', public_key: ed25519PublicKey('x').publicKey }))
      expect(e).toBeInstanceOf(RateLimitError)
      expect(e).toMatchObject({ status: 403, code: 'forbidden' })
      expect(e.message).toContain('Quota exceeded, too many key pairs.')
    } finally {
      fx.cloud.nova.quotas.key_pairs = 100
    }
  })
})

describe('ComputeClient on the fake cloud: server groups', () => {
  it('create, list, boot into the group with a scheduler hint, get its members, delete', async () => {
    expect(await compute.serverGroups.list().toArray()).toEqual([])
    const group = await compute.serverGroups.create({ name: 'web-group', policy: 'anti-affinity' })
    expect(group).toMatchObject({ name: 'web-group', policy: 'anti-affinity', rules: {}, members: [], project_id: 'demo-project-id', user_id: 'demo-user-id' })
    expect((await compute.serverGroups.list().toArray()).map((g) => g.id)).toEqual([group.id])

    const { id } = await compute.servers.create({ ...boot, name: 'grouped-1', 'os:scheduler_hints': { group: group.id } })
    expect((await compute.servers.waitFor(id, 'ACTIVE', fx.fast())).server_groups).toEqual([group.id])
    expect((await compute.serverGroups.get(group.id)).members).toEqual([id])

    // anti-affinity with one compute host: the second member finds no host
    const second = await compute.servers.create({ ...boot, name: 'grouped-2', 'os:scheduler_hints': { group: group.id } })
    const e = await rejection(compute.servers.waitFor(second.id, 'ACTIVE', fx.fast()))
    expect(e).toBeInstanceOf(ServerFaultError)
    expect((e as ServerFaultError).fault?.message).toBe('No valid host was found. There are not enough hosts available.')

    const unknown = await rejection(compute.servers.create({ ...boot, name: 'lost', 'os:scheduler_hints': { group: 'no-such-group' } }))
    expect(unknown).toBeInstanceOf(BadRequestError)
    expect(unknown.message).toContain('Instance group no-such-group could not be found.')

    await compute.serverGroups.delete(group.id)
    expect(await compute.serverGroups.list().toArray()).toEqual([])
    expect(await rejection(compute.serverGroups.get(group.id))).toBeInstanceOf(NotFoundError)
    for (const s of [id, second.id]) await compute.servers.delete(s)
    await Promise.all([id, second.id].map((s) => compute.servers.waitForDelete(s, fx.fast())))
    expect((await compute.limits()).absolute.totalInstancesUsed).toBe(0)
  })

  it('at 2.1 a policy is sent as policies and read back as policies', async () => {
    const legacy = fx.client()
    const g = await legacy.serverGroups.create({ name: 'old-style', policy: 'affinity' })
    expect(g).toMatchObject({ name: 'old-style', policies: ['affinity'], members: [], metadata: {} })
    expect(g.policy).toBeUndefined()
    const soft = await rejection(legacy.serverGroups.create({ name: 'soft', policy: 'soft-affinity' }))
    expect(soft).toMatchObject({ name: 'InputError', code: 'MicroversionTooLow' })
    await legacy.serverGroups.delete(g.id)
  })
})

describe('ComputeClient on the fake cloud: fake time', () => {
  it('a token that expired in fake time is refused with 401, renewed once, and the call goes through', async () => {
    fx.cloud.clock.advance(2 * 3_600_000)
    const mark = fx.cloud.requests.length
    expect((await compute.flavors.get('1')).name).toBe('m1.tiny')
    expect(fx.since(mark)).toEqual([
      { method: 'GET', path: '/compute/v2.1/flavors/1' },
      { method: 'POST', path: '/identity/v3/auth/tokens' },
      { method: 'GET', path: '/compute/v2.1/flavors/1' },
    ])
  })
})
