// test/compute/resources.test.ts — flavors, keypairs, server groups, limits and availability zones against fixtures.
import { describe, expect, it } from 'vitest'
import { InputError, NotFoundError } from '../../src/core/errors.js'
import type { ComputeClient } from '../../src/compute/index.js'
import { GROUP_ID, PUBLIC_KEY, flavorBody, keypairBody } from './fixtures.js'
import { type FixtureNova, useFixtureNova, NOVA, PROJECT, fault, mvHeaders } from './support.js'

let nova: FixtureNova
let compute: ComputeClient
useFixtureNova({}, (n, c) => {
  nova = n
  compute = c
})

describe('flavors', () => {
  it('list sends the filters and follows flavors_links', async () => {
    const tiny = flavorBody('1', 'm1.tiny', 512, 1, 1)
    const small = flavorBody('2', 'm1.small', 2048, 20, 1)
    nova.on('GET', '/flavors/detail', { json: { flavors: [tiny], flavors_links: [{ rel: 'next', href: `${NOVA}/flavors/detail?limit=1&minRam=256&marker=1` }] } })
    nova.on('GET', '/flavors/detail?minDisk=1&minRam=256&limit=1&is_public=none&sort_key=memory_mb&sort_dir=asc&marker=1', { json: { flavors: [small] } })
    const list = await compute.flavors.list({ minRam: 256, minDisk: 1, is_public: 'none', sort_key: 'memory_mb', sort_dir: 'asc', limit: 1 }).toArray()
    expect(list.map((f) => f.name)).toEqual(['m1.tiny', 'm1.small'])
    expect(list[1]).toMatchObject({ id: '2', ram: 2048, disk: 20, vcpus: 1, 'os-flavor-access:is_public': true, 'OS-FLV-EXT-DATA:ephemeral': 0 })
    expect(nova.seen[0]).toMatchObject({ method: 'GET', path: '/flavors/detail', query: 'minDisk=1&minRam=256&limit=1&is_public=none&sort_key=memory_mb&sort_dir=asc', headers: mvHeaders('2.79') })
    expect(nova.seen[1]!.query).toBe('minDisk=1&minRam=256&limit=1&is_public=none&sort_key=memory_mb&sort_dir=asc&marker=1')
  })

  it('get, extraSpecs, extraSpec', async () => {
    nova.on('GET', '/flavors/1', { json: { flavor: flavorBody('1', 'm1.tiny', 512, 1, 1) } })
    nova.on('GET', '/flavors/1/os-extra_specs', { json: { extra_specs: { 'hw:cpu_policy': 'dedicated', 'hw:numa_nodes': '1' } } })
    nova.on('GET', '/flavors/1/os-extra_specs/hw%3Anuma_nodes', { json: { 'hw:numa_nodes': '1' } })
    nova.on('GET', '/flavors/1/os-extra_specs/nope', { status: 404, json: fault('itemNotFound', 404, 'Flavor 1 has no extra specs with key nope.') })
    expect(await compute.flavors.get('1')).toMatchObject({ id: '1', name: 'm1.tiny', ram: 512 })
    expect(await compute.flavors.extraSpecs('1')).toEqual({ 'hw:cpu_policy': 'dedicated', 'hw:numa_nodes': '1' })
    expect(await compute.flavors.extraSpec('1', 'hw:numa_nodes')).toBe('1')
    await expect(compute.flavors.extraSpec('1', 'nope')).rejects.toBeInstanceOf(NotFoundError)
    expect(nova.seen.map((s) => s.path)).toEqual(['/flavors/1', '/flavors/1/os-extra_specs', '/flavors/1/os-extra_specs/hw%3Anuma_nodes', '/flavors/1/os-extra_specs/nope'])
  })

  it('bad filters and ids are InputErrors', async () => {
    for (const f of [{ minRam: -1 }, { limit: 0 }, { is_public: 'yes' }, { sort_key: 'ram' }, { sort_dir: 'up' }, { colour: 'red' }]) {
      await expect(compute.flavors.list(f as never).toArray()).rejects.toBeInstanceOf(InputError)
    }
    await expect(compute.flavors.get('')).rejects.toBeInstanceOf(InputError)
    await expect(compute.flavors.extraSpec('1', '')).rejects.toBeInstanceOf(InputError)
    expect(nova.seen).toEqual([])
  })
})

describe('keypairs', () => {
  it('list unwraps the entries and follows keypairs_links (2.35)', async () => {
    nova.on('GET', '/os-keypairs', { json: { keypairs: [{ keypair: keypairBody('a') }], keypairs_links: [{ rel: 'next', href: `${NOVA}/os-keypairs?limit=1&marker=a` }] } })
    nova.on('GET', '/os-keypairs?user_id=fake&limit=1&marker=a', { json: { keypairs: [{ keypair: keypairBody('b') }] } })
    const list = await compute.keypairs.list({ limit: 1, user_id: 'fake' }).toArray()
    expect(list.map((k) => k.name)).toEqual(['a', 'b'])
    expect(list[0]).toMatchObject({ public_key: PUBLIC_KEY, type: 'ssh' })
    expect(nova.seen.map((q) => q.query)).toEqual(['user_id=fake&limit=1', 'user_id=fake&limit=1&marker=a'])
  })

  it('get, create (private_key once), import, delete', async () => {
    nova.on('GET', '/os-keypairs/ci', { json: { keypair: keypairBody('ci', { id: 1, created_at: '2014-05-07T12:06:13.681238', deleted: false, deleted_at: null, updated_at: null }) } })
    nova.on('POST', '/os-keypairs', (s) => {
      const kp = (s.body as { keypair: Record<string, unknown> }).keypair
      return { status: 201, json: { keypair: keypairBody(kp.name as string, kp.public_key ? {} : { private_key: '-----BEGIN RSA PRIVATE KEY-----\nMIIE…\n-----END RSA PRIVATE KEY-----\n' }) } }
    })
    nova.on('DELETE', '/os-keypairs/ci', { status: 204 })
    expect(await compute.keypairs.get('ci')).toMatchObject({ name: 'ci', id: 1, created_at: '2014-05-07T12:06:13.681238' })
    const made = await compute.keypairs.create({ name: 'keypair-1', type: 'ssh' })
    expect(made.private_key).toContain('BEGIN RSA PRIVATE KEY')
    const imported = await compute.keypairs.import({ name: 'keypair-2', type: 'ssh', public_key: PUBLIC_KEY })
    expect(imported.private_key).toBeUndefined()
    await compute.keypairs.delete('ci')
    expect(nova.seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ['GET', '/os-keypairs/ci', undefined],
      ['POST', '/os-keypairs', { keypair: { name: 'keypair-1', type: 'ssh' } }],
      ['POST', '/os-keypairs', { keypair: { name: 'keypair-2', type: 'ssh', public_key: PUBLIC_KEY } }],
      ['DELETE', '/os-keypairs/ci', undefined],
    ])
  })

  it('names are checked by microversion; create takes no public_key', async () => {
    await expect(compute.keypairs.create({ name: 'me@host' })).rejects.toThrow(/2.92 also allows/)
    await expect(compute.keypairs.create({ name: '' })).rejects.toBeInstanceOf(InputError)
    await expect(compute.keypairs.create({ name: 'k', public_key: PUBLIC_KEY } as never)).rejects.toThrow(/keypairs.import/)
    await expect(compute.keypairs.import({ name: 'k', public_key: '' })).rejects.toBeInstanceOf(InputError)
    await expect(compute.keypairs.create({ name: 'k', type: 'rsa' as 'ssh' })).rejects.toBeInstanceOf(InputError)
    expect(nova.seen).toEqual([])
    compute.useMicroversion('2.92')
    nova.on('POST', '/os-keypairs', { status: 201, json: { keypair: keypairBody('me.and.myself@this.nice.domain.com mooh.') } })
    await compute.keypairs.import({ name: 'me.and.myself@this.nice.domain.com mooh.', public_key: PUBLIC_KEY })
    expect(nova.seen.length).toBe(1)
  })
})

describe('server groups', () => {
  it('create sends policy and rules from 2.64', async () => {
    nova.on('POST', '/os-server-groups', {
      json: { server_group: { id: GROUP_ID, name: 'test', policy: 'anti-affinity', rules: { max_server_per_host: 3 }, members: [], project_id: PROJECT, user_id: 'fake' } },
    })
    const g = await compute.serverGroups.create({ name: 'test', policy: 'anti-affinity', rules: { max_server_per_host: 3 } })
    expect(g).toMatchObject({ id: GROUP_ID, policy: 'anti-affinity', rules: { max_server_per_host: 3 }, members: [] })
    expect(nova.seen[0]!.body).toEqual({ server_group: { name: 'test', policy: 'anti-affinity', rules: { max_server_per_host: 3 } } })
  })

  it('create sends policies before 2.64, whichever form is given', async () => {
    compute.useMicroversion('2.63')
    nova.on('POST', '/os-server-groups', { json: { server_group: { id: GROUP_ID, name: 'test', policies: ['anti-affinity'], members: [], metadata: {} } } })
    expect(await compute.serverGroups.create({ name: 'test', policy: 'anti-affinity' })).toMatchObject({ policies: ['anti-affinity'] })
    await compute.serverGroups.create({ name: 'test', policies: ['anti-affinity'] })
    expect(nova.seen.map((s) => s.body)).toEqual([
      { server_group: { name: 'test', policies: ['anti-affinity'] } },
      { server_group: { name: 'test', policies: ['anti-affinity'] } },
    ])
  })

  it('list pages by offset; get; delete', async () => {
    const group = (i: number): Record<string, unknown> => ({ id: `g${i}`, name: `group-${i}`, policy: 'affinity', rules: {}, members: [] })
    nova.on('GET', '/os-server-groups?all_projects=True&limit=2', { json: { server_groups: [group(1), group(2)] } })
    nova.on('GET', '/os-server-groups?all_projects=True&limit=2&offset=2', { json: { server_groups: [group(3)] } })
    nova.on('GET', '/os-server-groups?all_projects=True&limit=2&offset=3', { json: { server_groups: [] } })
    nova.on('GET', `/os-server-groups/${GROUP_ID}`, { json: { server_group: { ...group(9), id: GROUP_ID } } })
    nova.on('DELETE', `/os-server-groups/${GROUP_ID}`, { status: 204 })
    expect((await compute.serverGroups.list({ all_projects: true, limit: 2 }).toArray()).map((g) => g.id)).toEqual(['g1', 'g2', 'g3'])
    expect(await compute.serverGroups.get(GROUP_ID)).toMatchObject({ id: GROUP_ID, name: 'group-9' })
    await compute.serverGroups.delete(GROUP_ID)
    expect(nova.seen.map((s) => `${s.method} ${s.path}?${s.query}`)).toEqual([
      'GET /os-server-groups?all_projects=True&limit=2',
      'GET /os-server-groups?all_projects=True&limit=2&offset=2',
      'GET /os-server-groups?all_projects=True&limit=2&offset=3', // a short page is not the end (a lower max_limit)
      `GET /os-server-groups/${GROUP_ID}?`,
      `DELETE /os-server-groups/${GROUP_ID}?`,
    ])
  })

  it('follows every page when the cloud caps pages below what was asked (max_limit)', async () => {
    const group = (i: number): Record<string, unknown> => ({ id: `g${i}`, name: `group-${i}`, policy: 'affinity', rules: {}, members: [] })
    nova.on('GET', '/os-server-groups', { json: { server_groups: [group(1), group(2)] } })
    nova.on('GET', '/os-server-groups?offset=2', { json: { server_groups: [group(3), group(4)] } })
    nova.on('GET', '/os-server-groups?offset=4', { json: { server_groups: [] } })
    expect((await compute.serverGroups.list().toArray()).map((g) => g.id)).toEqual(['g1', 'g2', 'g3', 'g4'])
  })

  it('bad input is an InputError', async () => {
    const bad = [
      { name: 'g' },
      { name: 'g', policy: 'affinity', policies: ['affinity'] },
      { name: 'g', policy: 'spread' },
      { name: '', policy: 'affinity' },
      { name: 'g', policy: 'affinity', rules: { max_server_per_host: 2 } },
      { name: 'g', policy: 'anti-affinity', rules: { max_server_per_host: 0 } },
      { name: 'g', policy: 'anti-affinity', rules: { other: 1 } },
    ]
    for (const input of bad) await expect(compute.serverGroups.create(input as never)).rejects.toBeInstanceOf(InputError)
    await expect(compute.serverGroups.list({ limit: 0 }).toArray()).rejects.toBeInstanceOf(InputError)
    expect(nova.seen).toEqual([])
  })
})

describe('limits and availability zones', () => {
  it('limits reads absolute and rate', async () => {
    const absolute = {
      maxServerMeta: 128, maxTotalCores: 20, maxTotalInstances: 10, maxTotalKeypairs: 100, maxTotalRAMSize: 51200, maxServerGroups: 10,
      maxServerGroupMembers: 10, totalCoresUsed: 0, totalInstancesUsed: 0, totalRAMUsed: 0, totalServerGroupsUsed: 0,
    }
    nova.on('GET', '/limits', { json: { limits: { absolute, rate: [] } } })
    expect(await compute.limits()).toEqual({ absolute, rate: [] })
    await compute.limits({ tenant_id: 'other' })
    expect(nova.seen.map((s) => s.query)).toEqual(['', 'tenant_id=other'])
  })

  it('availability zones, plain and detailed', async () => {
    nova.on('GET', '/os-availability-zone', { json: { availabilityZoneInfo: [{ hosts: null, zoneName: 'nova', zoneState: { available: true } }] } })
    const hosts = { conductor: { 'nova-conductor': { active: true, available: true, updated_at: null } } }
    nova.on('GET', '/os-availability-zone/detail', { json: { availabilityZoneInfo: [{ hosts, zoneName: 'internal', zoneState: { available: true } }] } })
    expect(await compute.availabilityZones()).toEqual([{ zoneName: 'nova', zoneState: { available: true }, hosts: null }])
    expect(await compute.availabilityZones({ detail: true })).toEqual([{ zoneName: 'internal', zoneState: { available: true }, hosts }])
  })
})
