// test/testing/fake-nova-resources.test.ts — the fake Nova's server metadata and tags, flavors and extra specs, keypairs, limits, availability zones and server groups.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEMO_PROJECT, type Fault, type Json, type Link, setupNova } from './support/fake-nova.js'

const BASE = 'http://cloud.strato.test/compute'
const badRequest = (message: string): [number, Fault] => [400, { badRequest: { code: 400, message } }]
const notFound = (message: string): [number, Fault] => [404, { itemNotFound: { code: 404, message } }]

describe('fake Nova: server metadata', () => {
  it('lists, merges (POST), replaces (PUT) and answers 200 with the result', async () => {
    const { active, json } = await setupNova()
    const id = await active({ metadata: { role: 'web', tier: 'front' } })
    expect(await json('GET', `/servers/${id}/metadata`, 200)).toEqual({ metadata: { role: 'web', tier: 'front' } })
    expect(await json('POST', `/servers/${id}/metadata`, 200, { json: { metadata: { tier: 'back', owner: 'ops' } } })).toEqual({ metadata: { role: 'web', tier: 'back', owner: 'ops' } })
    expect(await json('PUT', `/servers/${id}/metadata`, 200, { json: { metadata: { only: 'this' } } })).toEqual({ metadata: { only: 'this' } })
    expect(await json('GET', `/servers/${id}/metadata`, 200)).toEqual({ metadata: { only: 'this' } })
  })

  it('shows, sets and deletes one item; 404 for a missing key; 400 for a body that does not fit the URI', async () => {
    const { active, json, call, fail } = await setupNova()
    const id = await active({ metadata: { role: 'web' } })
    expect(await json('GET', `/servers/${id}/metadata/role`, 200)).toEqual({ meta: { role: 'web' } })
    expect(await json('PUT', `/servers/${id}/metadata/owner`, 200, { json: { meta: { owner: 'ops' } } })).toEqual({ meta: { owner: 'ops' } })
    expect(await fail('PUT', `/servers/${id}/metadata/owner`, { json: { meta: { other: 'x' } } })).toEqual(badRequest('Request body and URI mismatch'))
    expect(await fail('PUT', `/servers/${id}/metadata/a`, { json: { meta: { a: '1', b: '2' } } })).toEqual(badRequest("Invalid input for field/attribute meta. Value: {'a': '1', 'b': '2'}. {'a': '1', 'b': '2'} has too many properties"))
    const r = await call('DELETE', `/servers/${id}/metadata/role`)
    expect([r.status, await r.text()]).toEqual([204, ''])
    expect(await fail('GET', `/servers/${id}/metadata/role`)).toEqual(notFound('Metadata item was not found'))
    expect(await fail('DELETE', `/servers/${id}/metadata/role`)).toEqual(notFound('Metadata item was not found'))
    expect(await json('GET', `/servers/${id}/metadata`, 200)).toEqual({ metadata: { owner: 'ops' } })
  })

  it('validates keys and values as Nova’s schema does, and counts the metadata_items quota (403)', async () => {
    const { active, fail, nova } = await setupNova()
    const id = await active()
    expect(await fail('POST', `/servers/${id}/metadata`, { json: { metadata: { 'a/b': 'x' } } })).toEqual(badRequest("Invalid input for field/attribute metadata. Value: {'a/b': 'x'}. Additional properties are not allowed ('a/b' was unexpected)"))
    expect(await fail('POST', `/servers/${id}/metadata`, { json: { metadata: { n: 1 } } })).toEqual(badRequest("Invalid input for field/attribute n. Value: 1. 1 is not of type 'string'"))
    expect(await fail('POST', `/servers/${id}/metadata`, { json: {} })).toEqual(badRequest("'metadata' is a required property"))
    nova.setQuota(DEMO_PROJECT, { metadata_items: 2 })
    expect(await fail('POST', `/servers/${id}/metadata`, { json: { metadata: { a: '1', b: '2', c: '3' } } })).toEqual([403, { forbidden: { code: 403, message: 'Maximum number of metadata items exceeds 2' } }])
  })

  it('refuses changes while building (409 in vm_state building)', async () => {
    const { boot, fail } = await setupNova()
    const { id } = await boot()
    expect(await fail('POST', `/servers/${id}/metadata`, { json: { metadata: { a: '1' } } })).toEqual([409, { conflictingRequest: { code: 409, message: `Cannot 'update metadata' instance ${id} while it is in vm_state building` } }])
  })
})

describe('fake Nova: server tags (2.26)', () => {
  it('lists, replaces, checks, adds (201 + Location, or 204 when present) and deletes tags', async () => {
    const { active, json, call, fail } = await setupNova()
    const id = await active()
    const mv = { mv: '2.26' }
    expect(await json('GET', `/servers/${id}/tags`, 200, mv)).toEqual({ tags: [] })
    expect(await json('PUT', `/servers/${id}/tags`, 200, { ...mv, json: { tags: ['a', 'b'] } })).toEqual({ tags: ['a', 'b'] })
    expect((await call('GET', `/servers/${id}/tags/a`, mv)).status).toBe(204)
    expect(await fail('GET', `/servers/${id}/tags/zz`, mv)).toEqual(notFound(`Server ${id} has no tag 'zz'`))
    const added = await call('PUT', `/servers/${id}/tags/c`, mv)
    expect([added.status, added.headers.get('location')]).toEqual([201, `${BASE}/v2.1/servers/${id}/tags/c`])
    expect((await call('PUT', `/servers/${id}/tags/c`, mv)).status).toBe(204)
    expect((await call('DELETE', `/servers/${id}/tags/a`, mv)).status).toBe(204)
    expect(await fail('DELETE', `/servers/${id}/tags/a`, mv)).toEqual(notFound(`Instance ${id} has no tag 'a'`))
    expect(await json('GET', `/servers/${id}/tags`, 200, mv)).toEqual({ tags: ['b', 'c'] })
    expect((await call('DELETE', `/servers/${id}/tags`, mv)).status).toBe(204)
    expect(await json('GET', `/servers/${id}/tags`, 200, mv)).toEqual({ tags: [] })
  })

  it('validates tags, caps them at 50, ignores locks and refuses shelved servers', async () => {
    const { active, call, fail, action, settle } = await setupNova()
    const id = await active()
    const mv = { mv: '2.26' }
    expect(await fail('PUT', `/servers/${id}/tags/a,b`, mv)).toEqual(badRequest("Tag 'a,b' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: 'a,b' does not match '^[^,/]*$'"))
    expect(await fail('PUT', `/servers/${id}/tags`, { ...mv, json: { tags: ['x', 'x'] } })).toEqual(badRequest("Invalid input for field/attribute tags. Value: ['x', 'x']. ['x', 'x'] has non-unique elements"))
    const fifty = Array.from({ length: 50 }, (_, i) => `t${i}`)
    expect((await call('PUT', `/servers/${id}/tags`, { ...mv, json: { tags: fifty } })).status).toBe(200)
    expect(await fail('PUT', `/servers/${id}/tags/t0`, mv)).toEqual(badRequest('The number of tags exceeded the per-server limit 50'))
    await action(id, { lock: null })
    expect((await call('DELETE', `/servers/${id}/tags/t0`, mv)).status).toBe(204)
    await action(id, { unlock: null })
    await action(id, { shelve: null })
    settle()
    expect(await fail('PUT', `/servers/${id}/tags/new`, mv)).toEqual([409, { conflictingRequest: { code: 409, message: `Cannot 'update tag' instance ${id} while it is in vm_state shelved_offloaded` } }])
  })
})

describe('fake Nova: flavors', () => {
  type FlavorSummary = { id: string; name: string; links: Link[]; description?: string | null }

  it('lists devstack’s flavors by flavorid (as strings) with id, links and name', async () => {
    const { json } = await setupNova()
    const { flavors } = await json<{ flavors: FlavorSummary[] }>('GET', '/flavors', 200)
    expect(flavors.map((f) => [f.id, f.name])).toEqual([['1', 'm1.tiny'], ['2', 'm1.small'], ['3', 'm1.medium'], ['4', 'm1.large'], ['42', 'm1.nano'], ['5', 'm1.xlarge'], ['84', 'm1.micro']])
    expect(flavors[0]).toEqual({ id: '1', name: 'm1.tiny', links: [{ rel: 'self', href: `${BASE}/v2.1/flavors/1` }, { rel: 'bookmark', href: `${BASE}/flavors/1` }] })
    expect((await json<{ flavors: FlavorSummary[] }>('GET', '/flavors', 200, { mv: '2.55' })).flavors[0]!.description).toBeNull()
  })

  it('filters by minDisk and minRam, sorts and pages', async () => {
    const { json, fail } = await setupNova()
    const names = async (q: string) => (await json<{ flavors: FlavorSummary[] }>('GET', `/flavors/detail${q}`, 200)).flavors.map((f) => f.name)
    expect(await names('?minRam=4096')).toEqual(['m1.medium', 'm1.large', 'm1.xlarge'])
    expect(await names('?minDisk=40&minRam=8192')).toEqual(['m1.large', 'm1.xlarge'])
    expect(await names('?sort_key=memory_mb&sort_dir=desc&limit=2')).toEqual(['m1.xlarge', 'm1.large'])
    const page = await json<{ flavors: FlavorSummary[]; flavors_links: Link[] }>('GET', '/flavors?limit=2', 200)
    expect(page.flavors_links).toEqual([{ rel: 'next', href: `${BASE}/v2.1/flavors?limit=2&marker=2` }])
    expect(await names('?marker=42')).toEqual(['m1.xlarge', 'm1.micro'])
    expect(await fail('GET', '/flavors?minRam=lots')).toEqual(badRequest('Invalid minRam filter [lots]'))
  })

  it('shows one flavor; 404 for an unknown one', async () => {
    const { json, fail } = await setupNova()
    expect((await json<{ flavor: Json }>('GET', '/flavors/42', 200)).flavor).toMatchObject({ id: '42', name: 'm1.nano', ram: 128, disk: 1, vcpus: 1, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0 })
    expect(await fail('GET', '/flavors/999')).toEqual(notFound('Flavor 999 could not be found.'))
  })

  it('serves extra specs (all, one) to everyone and changes them for admins only', async () => {
    const { json, fail, call, admin } = await setupNova()
    expect(await json('GET', '/flavors/4/os-extra_specs', 200)).toEqual({ extra_specs: { 'hw:cpu_policy': 'shared', 'hw:mem_page_size': 'any' } })
    expect(await json('GET', '/flavors/4/os-extra_specs/hw:cpu_policy', 200)).toEqual({ 'hw:cpu_policy': 'shared' })
    expect(await fail('GET', '/flavors/4/os-extra_specs/nope')).toEqual(notFound('Flavor 4 has no extra specs with key nope.'))
    expect(await fail('POST', '/flavors/1/os-extra_specs', { json: { extra_specs: { 'hw:numa_nodes': '1' } } })).toEqual([403, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-flavor-extra-specs:create to be performed." } }])
    expect(await json('POST', '/flavors/1/os-extra_specs', 200, { token: admin, json: { extra_specs: { 'hw:numa_nodes': 1 } } })).toEqual({ extra_specs: { 'hw:numa_nodes': '1' } })
    expect((await call('DELETE', '/flavors/1/os-extra_specs/hw:numa_nodes', { token: admin })).status).toBe(202)
    expect(await json('GET', '/flavors/1/os-extra_specs', 200)).toEqual({ extra_specs: {} })
  })

  it('lets admins create (200, 409 on duplicates) and delete (202) flavors', async () => {
    const { json, fail, call, admin, active, show } = await setupNova()
    const created = await json<{ flavor: Json }>('POST', '/flavors', 200, { token: admin, mv: '2.55', json: { flavor: { name: 'gpu.large', id: 'gpu', ram: 16384, vcpus: 8, disk: 100, description: 'A100' } } })
    expect(created.flavor).toMatchObject({ id: 'gpu', name: 'gpu.large', ram: 16384, vcpus: 8, disk: 100, description: 'A100', 'os-flavor-access:is_public': true })
    expect(await fail('POST', '/flavors', { token: admin, json: { flavor: { name: 'gpu.large', ram: 1, vcpus: 1, disk: 0 } } })).toEqual([409, { conflictingRequest: { code: 409, message: 'Flavor with name gpu.large already exists.' } }])
    expect(await fail('POST', '/flavors', { json: { flavor: { name: 'x', ram: 1, vcpus: 1, disk: 0 } } })).toEqual([403, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed." } }])
    const id = await active({ flavorRef: 'gpu' })
    expect((await show(id)).flavor).toEqual({ id: 'gpu', links: [{ rel: 'bookmark', href: `${BASE}/flavors/gpu` }] })
    expect((await call('DELETE', '/flavors/gpu', { token: admin })).status).toBe(202)
    expect((await call('GET', '/flavors/gpu')).status).toBe(404)
  })
})

describe('fake Nova: keypairs', () => {
  type Keypair = { name: string; public_key: string; fingerprint: string; type?: string; user_id?: string; private_key?: string }
  const importable = () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b])
    return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} me@laptop`
  }

  it('generates a keypair before 2.92 (200 at 2.1, 201 with type from 2.2) and returns its private key once', async () => {
    const { json } = await setupNova()
    const v21 = (await json<{ keypair: Keypair }>('POST', '/os-keypairs', 200, { json: { keypair: { name: 'gen' } } })).keypair
    expect(Object.keys(v21).sort()).toEqual(['fingerprint', 'name', 'private_key', 'public_key', 'user_id'])
    expect(v21.public_key).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ Generated-by-Nova$/)
    expect(v21.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect(v21.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/)
    const v22 = (await json<{ keypair: Keypair }>('POST', '/os-keypairs', 201, { mv: '2.2', json: { keypair: { name: 'gen2' } } })).keypair
    expect([v22.type, v22.user_id]).toEqual(['ssh', 'demo-user-id'])
    const shown = (await json<{ keypair: Json }>('GET', '/os-keypairs/gen', 200)).keypair
    expect(shown).toEqual({ name: 'gen', public_key: v21.public_key, fingerprint: v21.fingerprint, user_id: 'demo-user-id', id: 1, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/), updated_at: null, deleted: false, deleted_at: null })
  })

  it('needs public_key from 2.92 and imports one, with its MD5 fingerprint', async () => {
    const { json, fail } = await setupNova()
    const [status, body] = await fail('POST', '/os-keypairs', { mv: '2.92', json: { keypair: { name: 'k' } } })
    expect([status, body.badRequest!.message]).toEqual([400, "Invalid input for field/attribute keypair. Value: {'name': 'k'}. 'public_key' is a required property"])
    const key = importable()
    const imported = (await json<{ keypair: Keypair }>('POST', '/os-keypairs', 201, { mv: '2.92', json: { keypair: { name: 'laptop@home', public_key: key } } })).keypair
    const blob = Buffer.from(key.split(' ')[1]!, 'base64')
    const md5 = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':')
    expect(imported).toEqual({ name: 'laptop@home', public_key: key, fingerprint: md5, type: 'ssh', user_id: 'demo-user-id' })
    expect(await fail('POST', '/os-keypairs', { mv: '2.92', json: { keypair: { name: 'bad', public_key: 'ssh-rsa nope' } } })).toEqual(badRequest('Keypair data is invalid: failed to generate fingerprint'))
  })

  it('lists the caller’s own keypairs; 409 on a duplicate; delete is 202 at 2.1 and 204 from 2.2; 404 after', async () => {
    const { json, fail, call, bob } = await setupNova()
    await json('POST', '/os-keypairs', 200, { json: { keypair: { name: 'a', public_key: importable() } } })
    await json('POST', '/os-keypairs', 200, { json: { keypair: { name: 'b', public_key: importable() } } })
    const list = await json<{ keypairs: { keypair: Keypair }[] }>('GET', '/os-keypairs', 200, { mv: '2.2' })
    expect(list.keypairs.map((k) => Object.keys(k.keypair).sort())).toEqual([['fingerprint', 'name', 'public_key', 'type'], ['fingerprint', 'name', 'public_key', 'type']])
    expect((await json<{ keypairs: unknown[] }>('GET', '/os-keypairs', 200, { token: bob })).keypairs).toEqual([])
    expect(await fail('POST', '/os-keypairs', { json: { keypair: { name: 'a' } } })).toEqual([409, { conflictingRequest: { code: 409, message: "Key pair 'a' already exists." } }])
    const paged = await json<{ keypairs: { keypair: Keypair }[]; keypairs_links: Link[] }>('GET', '/os-keypairs?limit=1', 200, { mv: '2.35' })
    expect([paged.keypairs.map((k) => k.keypair.name), paged.keypairs_links]).toEqual([['a'], [{ rel: 'next', href: `${BASE}/v2.1/os-keypairs?limit=1&marker=a` }]])
    expect((await call('DELETE', '/os-keypairs/a')).status).toBe(202)
    expect((await call('DELETE', '/os-keypairs/b', { mv: '2.2' })).status).toBe(204)
    expect(await fail('GET', '/os-keypairs/a')).toEqual(notFound('Keypair a not found for user demo-user-id'))
  })

  it('enforces the key_pairs quota (403) and the pre-2.92 name rules; servers need a known key_name', async () => {
    const { json, fail, nova, active, show } = await setupNova()
    expect(await fail('POST', '/os-keypairs', { json: { keypair: { name: 'a@b' } } })).toEqual(badRequest('Keypair data is invalid: Keypair name contains unsafe characters'))
    nova.quotas.key_pairs = 1
    await json('POST', '/os-keypairs', 200, { json: { keypair: { name: 'only', public_key: importable() } } })
    expect(await fail('POST', '/os-keypairs', { json: { keypair: { name: 'second', public_key: importable() } } })).toEqual([403, { forbidden: { code: 403, message: 'Quota exceeded, too many key pairs.' } }])
    const id = await active({ key_name: 'only' })
    expect((await show(id)).key_name).toBe('only')
  })
})

describe('fake Nova: limits, availability zones, server groups', () => {
  it('reports quotas and usage in /limits; admins may ask for another project', async () => {
    const { json, active, nova, admin } = await setupNova()
    await active({ flavorRef: '3' })
    nova.setQuota(DEMO_PROJECT, { instances: 5 })
    const { limits } = await json<{ limits: { absolute: Json; rate: unknown[] } }>('GET', '/limits', 200, { mv: '2.57' })
    expect(limits).toEqual({
      absolute: { maxServerMeta: 128, maxTotalCores: 20, maxTotalInstances: 5, maxTotalKeypairs: 100, maxTotalRAMSize: 51200, maxServerGroups: 10, maxServerGroupMembers: 10, totalCoresUsed: 2, totalInstancesUsed: 1, totalRAMUsed: 4096, totalServerGroupsUsed: 0 },
      rate: [],
    })
    const other = await json<{ limits: { absolute: Json } }>('GET', `/limits?tenant_id=${DEMO_PROJECT}`, 200, { token: admin })
    expect(other.limits.absolute.totalInstancesUsed).toBe(1)
  })

  it('lists the nova zone; the detailed view is for admins', async () => {
    const { json, fail, admin } = await setupNova()
    expect(await json('GET', '/os-availability-zone', 200)).toEqual({ availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true }, hosts: null }] })
    expect((await fail('GET', '/os-availability-zone/detail'))[0]).toBe(403)
    const detail = await json<{ availabilityZoneInfo: { zoneName: string; hosts: Record<string, unknown> }[] }>('GET', '/os-availability-zone/detail', 200, { token: admin })
    expect(detail.availabilityZoneInfo.map((z) => [z.zoneName, Object.keys(z.hosts)])).toEqual([['internal', ['controller']], ['nova', ['fake-compute-1']]])
  })

  it('creates server groups with policies before 2.64 and policy/rules from it; members follow hints; 404 for others', async () => {
    const { json, fail, call, bob } = await setupNova()
    const legacy = (await json<{ server_group: Json & { id: string } }>('POST', '/os-server-groups', 200, { json: { server_group: { name: 'g', policies: ['anti-affinity'] } } })).server_group
    expect(legacy).toEqual({ id: legacy.id, name: 'g', policies: ['anti-affinity'], members: [], metadata: {} })
    const modern = (await json<{ server_group: Json & { id: string } }>('POST', '/os-server-groups', 200, { mv: '2.64', json: { server_group: { name: 'h', policy: 'anti-affinity', rules: { max_server_per_host: 2 } } } })).server_group
    expect(modern).toEqual({ id: modern.id, name: 'h', policy: 'anti-affinity', rules: { max_server_per_host: 2 }, members: [], project_id: DEMO_PROJECT, user_id: 'demo-user-id' })
    const server = await json<{ server: { id: string } }>('POST', '/servers', 202, { json: { server: { name: 'm', imageRef: '4bd6b5b8-7a9a-4a1c-9d0b-3c1e0f6f2a10', flavorRef: '1' }, 'os:scheduler_hints': { group: modern.id } } })
    expect((await json<{ server_group: { members: string[] } }>('GET', `/os-server-groups/${modern.id}`, 200)).server_group.members).toEqual([server.server.id])
    expect(await fail('POST', '/os-server-groups', { mv: '2.64', json: { server_group: { name: 'x', policy: 'affinity', rules: { max_server_per_host: 1 } } } })).toEqual(badRequest('Only anti-affinity policy supports rules.'))
    expect(await fail('GET', `/os-server-groups/${modern.id}`, { token: bob })).toEqual(notFound(`Instance group ${modern.id} could not be found.`))
    expect((await json<{ server_groups: unknown[] }>('GET', '/os-server-groups', 200)).server_groups).toHaveLength(2)
    expect((await call('DELETE', `/os-server-groups/${legacy.id}`)).status).toBe(204)
    expect((await call('GET', `/os-server-groups/${legacy.id}`)).status).toBe(404)
  })

  it('enforces the server_groups quota (403)', async () => {
    const { json, fail, nova } = await setupNova()
    nova.setQuota(DEMO_PROJECT, { server_groups: 1 })
    await json('POST', '/os-server-groups', 200, { json: { server_group: { name: 'one', policies: ['affinity'] } } })
    expect(await fail('POST', '/os-server-groups', { json: { server_group: { name: 'two', policies: ['affinity'] } } })).toEqual([403, { forbidden: { code: 403, message: 'Quota exceeded, too many server groups.' } }])
  })
})
