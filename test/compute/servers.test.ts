// test/compute/servers.test.ts — servers: list (filters, next links), get, create, update, delete, addresses, metadata and tags, against fixtures.
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { InputError, NotFoundError } from '../../src/core/errors.js'
import type { ComputeClient } from '../../src/compute/index.js'
import { GROUP_ID, IMAGE_ID, SERVER_ID, createdBody, serverBody } from './fixtures.js'
import { type FixtureNova, useFixtureNova, NOVA, fault, mvHeaders, type Reply } from './support.js'

let nova: FixtureNova
let compute: ComputeClient
useFixtureNova({ retry: { backoff: { baseMs: 1, maxMs: 2 } } }, (n, c) => {
  nova = n
  compute = c
})

describe('servers.list', () => {
  it('sends the filters as Nova names them and follows servers_links to the end', async () => {
    const next = (marker: string): { rel: string; href: string }[] => [
      { rel: 'next', href: `${NOVA}/servers/detail?limit=2&status=ACTIVE&marker=${marker}` },
    ]
    // Nova's next link keeps one value per parameter: later pages repeat the client's own query with the link's marker.
    const pages: Record<string, Reply> = {
      '': { json: { servers: [serverBody('a'), serverBody('b')], servers_links: next('b') } },
      b: { json: { servers: [serverBody('c'), serverBody('d')], servers_links: next('d') } },
      d: { json: { servers: [] } },
    }
    nova.on('GET', '/servers/detail', (seen) => pages[new URLSearchParams(seen.query).get('marker') ?? ''] ?? { status: 500 })
    const since = new Date('2026-03-01T10:00:00Z')
    const all = await compute.servers
      .list({
        status: 'ACTIVE',
        name: '^web',
        image: IMAGE_ID,
        flavor: '1',
        'changes-since': since,
        tags: ['prod', 'web'],
        'tags-any': 'a',
        'not-tags': ['old'],
        all_tenants: true,
        ip: '10\\.0\\.',
        host: 'compute1',
        reservation_id: 'r-3fhpjulh',
        limit: 2,
        sort_key: ['display_name', 'created_at'],
        sort_dir: ['asc', 'desc'],
      })
      .toArray()
    expect(all.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd'])
    expect(all[0]).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null, addresses: { private: [{ addr: '192.168.1.30', version: 4 }] } })
    const first = new URLSearchParams(nova.seen[0]!.query)
    expect(nova.seen[0]).toMatchObject({ method: 'GET', path: '/servers/detail', headers: mvHeaders('2.79') })
    expect(Object.fromEntries(first)).toEqual({
      status: 'ACTIVE',
      name: '^web',
      image: IMAGE_ID,
      flavor: '1',
      'changes-since': '2026-03-01T10:00:00.000Z',
      tags: 'prod,web',
      'tags-any': 'a',
      'not-tags': 'old',
      all_tenants: 'True',
      ip: '10\\.0\\.',
      host: 'compute1',
      reservation_id: 'r-3fhpjulh',
      limit: '2',
      sort_key: 'created_at',
      sort_dir: 'desc',
    })
    expect(first.getAll('sort_key')).toEqual(['display_name', 'created_at'])
    expect(first.getAll('sort_dir')).toEqual(['asc', 'desc'])
    for (const [i, marker] of [[1, 'b'], [2, 'd']] as const) {
      const later = new URLSearchParams(nova.seen[i]!.query)
      expect(later.get('marker')).toBe(marker)
      later.delete('marker')
      expect(later.toString()).toBe(nova.seen[0]!.query)
    }
  })

  it('stops at a page without a next link; first() fetches one page', async () => {
    nova.on('GET', '/servers/detail', { json: { servers: [serverBody('a')] } })
    expect(await compute.servers.list().first()).toMatchObject({ id: 'a' })
    expect((await compute.servers.list().toArray()).length).toBe(1)
    expect(nova.seen.map((s) => s.query)).toEqual(['', ''])
  })

  it('a bad filter rejects the iteration before any request', async () => {
    const bad = [
      { status: 'RUNNING' },
      { status: [] },
      { limit: 0 },
      { 'changes-since': 'yesterday' },
      { 'changes-since': new Date(Number.NaN) },
      { tags: ['a,b'] },
      { sort_key: 'name' },
      { sort_dir: 'up' },
      { all_tenants: 'yes' },
      { name: '' },
      { bogus: 1 },
    ]
    for (const f of bad) await expect(compute.servers.list(f as never).toArray()).rejects.toBeInstanceOf(InputError)
    expect(nova.seen).toEqual([])
  })
})

describe('servers.get / update / delete / addresses', () => {
  it('get parses the server and encodes the id as one segment', async () => {
    nova.on('GET', `/servers/${SERVER_ID}`, { json: { server: serverBody() } })
    nova.on('GET', '/servers/a%2Fb', { status: 404, json: fault('itemNotFound', 404, 'Instance a/b could not be found.') })
    const s = await compute.servers.get(SERVER_ID)
    expect(s).toMatchObject({ id: SERVER_ID, name: 'new-server-test', flavor: { original_name: 'm1.tiny' }, 'OS-EXT-SRV-ATTR:host': 'compute', server_groups: [GROUP_ID] })
    await expect(compute.servers.get('a/b')).rejects.toBeInstanceOf(NotFoundError)
    expect(nova.seen[1]!.path).toBe('/servers/a%2Fb')
  })

  it('update PUTs only the fields given and returns the server', async () => {
    nova.on('PUT', `/servers/${SERVER_ID}`, (seen) => ({ json: { server: serverBody(SERVER_ID, (seen.body as { server: Record<string, unknown> }).server) } }))
    const s = await compute.servers.update(SERVER_ID, { name: 'new-name', description: 'front end', accessIPv4: '4.3.2.1', 'OS-DCF:diskConfig': 'MANUAL' })
    expect(s).toMatchObject({ name: 'new-name', description: 'front end', accessIPv4: '4.3.2.1' })
    expect(nova.seen[0]).toMatchObject({ method: 'PUT', headers: { 'content-type': expect.stringContaining('application/json'), ...mvHeaders('2.79') } })
    expect(nova.seen[0]!.body).toEqual({ server: { name: 'new-name', description: 'front end', accessIPv4: '4.3.2.1', 'OS-DCF:diskConfig': 'MANUAL' } })
    await expect(compute.servers.update(SERVER_ID, {})).rejects.toThrow(/nothing to change/)
    await expect(compute.servers.update(SERVER_ID, { name: ' padded ' })).rejects.toBeInstanceOf(InputError)
  })

  it('delete expects 204', async () => {
    nova.on('DELETE', `/servers/${SERVER_ID}`, { status: 204 })
    await compute.servers.delete(SERVER_ID)
    expect(nova.seen).toMatchObject([{ method: 'DELETE', path: `/servers/${SERVER_ID}`, body: undefined }])
  })

  it('addresses and ips', async () => {
    const priv = [{ addr: '192.168.1.30', version: 4 }]
    nova.on('GET', `/servers/${SERVER_ID}/ips`, { json: { addresses: { private: priv } } })
    nova.on('GET', `/servers/${SERVER_ID}/ips/private`, { json: { private: priv } })
    nova.on('GET', `/servers/${SERVER_ID}/ips/public`, { status: 404, json: fault('itemNotFound', 404, 'Instance is not a member of specified network') })
    expect(await compute.servers.addresses(SERVER_ID)).toEqual({ private: priv })
    expect(await compute.servers.ips(SERVER_ID, 'private')).toEqual(priv)
    await expect(compute.servers.ips(SERVER_ID, 'public')).rejects.toMatchObject({ name: 'NotFoundError', code: 'itemNotFound' })
  })
})

describe('servers.create', () => {
  it('sends every field under server, scheduler hints beside it, user_data base64-encoded', async () => {
    nova.on('POST', '/servers', { status: 202, json: createdBody(), headers: { Location: `${NOVA}/servers/${SERVER_ID}` } })
    compute.useMicroversion('2.90')
    const created = await compute.servers.create({
      name: 'new-server-test',
      imageRef: IMAGE_ID,
      flavorRef: 1,
      networks: [{ uuid: 'ff608d40-75e9-48cb-b745-77bb55b5eaf2', fixed_ip: '10.0.0.5', tag: 'nic1' }, { port: 'ce531f90-199f-48c0-816c-13e38010b442' }],
      key_name: 'ci',
      user_data: '#!/bin/bash\n/bin/su\necho "I am in you!"\n',
      metadata: { 'My Server Name': 'Apache1' },
      security_groups: ['default', 'web'],
      availability_zone: 'us-west',
      block_device_mapping_v2: [{ boot_index: 0, uuid: IMAGE_ID, source_type: 'image', destination_type: 'volume', volume_size: 10, tag: 'root', volume_type: 'ssd' }],
      tags: ['prod'],
      min_count: 1,
      max_count: 1,
      config_drive: true,
      'os:scheduler_hints': { group: GROUP_ID, same_host: ['48e6a9f6-30af-47e0-bc04-acaed113bb4e'] },
      description: 'new server',
      adminPass: 'seekr3t',
      accessIPv4: '1.2.3.4',
      accessIPv6: '80fe::',
      'OS-DCF:diskConfig': 'AUTO',
      trusted_image_certificates: ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8'],
      hostname: 'web-1',
    })
    expect(created).toEqual(createdBody().server)
    expect(nova.seen[0]).toMatchObject({ method: 'POST', path: '/servers', headers: mvHeaders('2.90') })
    expect(nova.seen[0]!.body).toEqual({
      server: {
        name: 'new-server-test',
        imageRef: IMAGE_ID,
        flavorRef: '1',
        networks: [{ uuid: 'ff608d40-75e9-48cb-b745-77bb55b5eaf2', fixed_ip: '10.0.0.5', tag: 'nic1' }, { port: 'ce531f90-199f-48c0-816c-13e38010b442' }],
        key_name: 'ci',
        user_data: 'IyEvYmluL2Jhc2gKL2Jpbi9zdQplY2hvICJJIGFtIGluIHlvdSEiCg==',
        metadata: { 'My Server Name': 'Apache1' },
        security_groups: [{ name: 'default' }, { name: 'web' }],
        availability_zone: 'us-west',
        block_device_mapping_v2: [{ boot_index: 0, uuid: IMAGE_ID, source_type: 'image', destination_type: 'volume', volume_size: 10, tag: 'root', volume_type: 'ssd' }],
        tags: ['prod'],
        min_count: 1,
        max_count: 1,
        config_drive: true,
        description: 'new server',
        adminPass: 'seekr3t',
        accessIPv4: '1.2.3.4',
        accessIPv6: '80fe::',
        'OS-DCF:diskConfig': 'AUTO',
        trusted_image_certificates: ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8'],
        hostname: 'web-1',
      },
      'os:scheduler_hints': { group: GROUP_ID, same_host: ['48e6a9f6-30af-47e0-bc04-acaed113bb4e'] },
    })
  })

  it("networks 'auto' (2.37) and bytes as user_data", async () => {
    nova.on('POST', '/servers', { status: 202, json: createdBody() })
    await compute.servers.create({ name: 'auto-allocate-network', imageRef: IMAGE_ID, flavorRef: 'http://openstack.example.com/flavors/1', networks: 'auto', user_data: Buffer.from([0, 1, 2, 255]) })
    expect(nova.seen[0]!.body).toEqual({
      server: { name: 'auto-allocate-network', imageRef: IMAGE_ID, flavorRef: 'http://openstack.example.com/flavors/1', networks: 'auto', user_data: 'AAEC/w==' },
    })
  })

  it('return_reservation_id answers the reservation', async () => {
    nova.on('POST', '/servers', { status: 202, json: { reservation_id: 'r-3fhpjulh' } })
    const r = await compute.servers.create({ name: 'many', imageRef: IMAGE_ID, flavorRef: '1', networks: 'none', min_count: 2, max_count: 3, return_reservation_id: true })
    expect(r).toEqual({ reservation_id: 'r-3fhpjulh' })
    expect(nova.seen[0]!.body).toMatchObject({ server: { networks: 'none', min_count: 2, max_count: 3, return_reservation_id: true } })
  })

  it('bad fields are InputErrors before any request', async () => {
    const base = { name: 'a', imageRef: IMAGE_ID, flavorRef: '1', networks: 'auto' as const }
    const bad: unknown[] = [
      { ...base, name: '' },
      { ...base, name: 'x'.repeat(256) },
      { ...base, name: ' lead' },
      { ...base, imageRef: undefined },
      { ...base, flavorRef: undefined },
      { ...base, networks: 'some' },
      { ...base, networks: [{ fixed_ip: '10.0.0.1' }] },
      { ...base, networks: [{ uuid: 'n', subnet: 's' }] },
      { ...base, user_data: 'x'.repeat(49_152) },
      { ...base, user_data: 42 },
      { ...base, metadata: { k: 'v'.repeat(256) } },
      { ...base, metadata: { ['k'.repeat(256)]: 'v' } },
      { ...base, metadata: { k: 1 } },
      { ...base, security_groups: 'default' },
      { ...base, tags: ['a/b'] },
      { ...base, tags: ['a', 'a'] },
      { ...base, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) },
      { ...base, min_count: 0 },
      { ...base, min_count: 3, max_count: 2 },
      { ...base, config_drive: 'yes' },
      { ...base, 'OS-DCF:diskConfig': 'auto' },
      { ...base, block_device_mapping_v2: [{ source_type: 'disk' }] },
      { ...base, 'os:scheduler_hints': 'group' },
      { ...base, personality: [] },
    ]
    for (const input of bad) await expect(compute.servers.create(input as never)).rejects.toBeInstanceOf(InputError)
    // 65535 encoded bytes is the limit, inclusive: 49 149 bytes encode to 65 532.
    nova.on('POST', '/servers', { status: 202, json: createdBody() })
    await compute.servers.create({ ...base, user_data: 'x'.repeat(49_149) })
    expect(nova.seen.length).toBe(1)
    // Boot from volume needs no imageRef.
    await compute.servers.create({ name: 'bfv', flavorRef: '1', networks: 'auto', block_device_mapping_v2: [{ boot_index: 0, uuid: 'vol', source_type: 'volume', destination_type: 'volume' }] })
    expect((nova.seen[1]!.body as { server: Record<string, unknown> }).server.imageRef).toBeUndefined()
  })
})

describe('servers.metadata', () => {
  it('get, set (PUT replaces), update (POST merges), getItem, setItem, delete', async () => {
    const meta = { foo: 'Foo Value', bar: 'Bar Value' }
    nova.on('GET', `/servers/${SERVER_ID}/metadata`, { json: { metadata: meta } })
    nova.on('PUT', `/servers/${SERVER_ID}/metadata`, (s) => ({ json: s.body }))
    nova.on('POST', `/servers/${SERVER_ID}/metadata`, (s) => ({ json: { metadata: { ...meta, ...(s.body as { metadata: object }).metadata } } }))
    nova.on('GET', `/servers/${SERVER_ID}/metadata/foo`, { json: { meta: { foo: 'Foo Value' } } })
    nova.on('PUT', `/servers/${SERVER_ID}/metadata/foo`, (s) => ({ json: s.body }))
    nova.on('DELETE', `/servers/${SERVER_ID}/metadata/foo`, { status: 204 })
    nova.on('GET', `/servers/${SERVER_ID}/metadata/nope`, { status: 404, json: fault('itemNotFound', 404, 'Metadata item was not found') })
    const m = compute.servers.metadata
    expect(await m.get(SERVER_ID)).toEqual(meta)
    expect(await m.set(SERVER_ID, { foo: 'Foo Value' })).toEqual({ foo: 'Foo Value' })
    expect(await m.update(SERVER_ID, { baz: 'x' })).toEqual({ ...meta, baz: 'x' })
    expect(await m.getItem(SERVER_ID, 'foo')).toBe('Foo Value')
    expect(await m.setItem(SERVER_ID, 'foo', 'Foo Value')).toBe('Foo Value')
    await m.delete(SERVER_ID, 'foo')
    await expect(m.getItem(SERVER_ID, 'nope')).rejects.toBeInstanceOf(NotFoundError)
    expect(nova.seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ['GET', `/servers/${SERVER_ID}/metadata`, undefined],
      ['PUT', `/servers/${SERVER_ID}/metadata`, { metadata: { foo: 'Foo Value' } }],
      ['POST', `/servers/${SERVER_ID}/metadata`, { metadata: { baz: 'x' } }],
      ['GET', `/servers/${SERVER_ID}/metadata/foo`, undefined],
      ['PUT', `/servers/${SERVER_ID}/metadata/foo`, { meta: { foo: 'Foo Value' } }],
      ['DELETE', `/servers/${SERVER_ID}/metadata/foo`, undefined],
      ['GET', `/servers/${SERVER_ID}/metadata/nope`, undefined],
    ])
    await expect(m.set(SERVER_ID, { k: 'v'.repeat(256) })).rejects.toBeInstanceOf(InputError)
    await expect(m.setItem(SERVER_ID, '', 'v')).rejects.toBeInstanceOf(InputError)
    await expect(m.update('', { k: 'v' })).rejects.toBeInstanceOf(InputError)
    expect(nova.seen.length).toBe(7)
  })
})

describe('servers.tags', () => {
  it('list, add, remove, replace, clear, check (204 true, 404 false)', async () => {
    const base = `/servers/${SERVER_ID}/tags`
    nova.on('GET', base, { json: { tags: ['tag1', 'tag2'] } })
    nova.on('PUT', `${base}/tag3`, { status: 201, headers: { Location: `${NOVA}${base}/tag3` } })
    nova.on('PUT', `${base}/tag1`, { status: 204 })
    nova.on('DELETE', `${base}/tag1`, { status: 204 })
    nova.on('PUT', base, (s) => ({ json: s.body }))
    nova.on('DELETE', base, { status: 204 })
    nova.on('GET', `${base}/tag2`, { status: 204 })
    nova.on('GET', `${base}/gone`, { status: 404, json: fault('itemNotFound', 404, `Instance ${SERVER_ID} has no tag 'gone'`) })
    const t = compute.servers.tags
    expect(await t.list(SERVER_ID)).toEqual(['tag1', 'tag2'])
    await t.add(SERVER_ID, 'tag3')
    await t.add(SERVER_ID, 'tag1')
    await t.remove(SERVER_ID, 'tag1')
    expect(await t.replace(SERVER_ID, ['tag3', 'tag4'])).toEqual(['tag3', 'tag4'])
    await t.clear(SERVER_ID)
    expect(await t.check(SERVER_ID, 'tag2')).toBe(true)
    expect(await t.check(SERVER_ID, 'gone')).toBe(false)
    expect(nova.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `GET ${base}`,
      `PUT ${base}/tag3`,
      `PUT ${base}/tag1`,
      `DELETE ${base}/tag1`,
      `PUT ${base}`,
      `DELETE ${base}`,
      `GET ${base}/tag2`,
      `GET ${base}/gone`,
    ])
    expect(nova.seen[4]!.body).toEqual({ tags: ['tag3', 'tag4'] })
    expect(nova.seen.every((s) => s.headers['x-openstack-nova-api-version'] === '2.79')).toBe(true)
    for (const bad of [() => t.add(SERVER_ID, 'a/b'), () => t.add(SERVER_ID, 'x'.repeat(61)), () => t.replace(SERVER_ID, ['a,b']), () => t.check('', 'a')]) {
      await expect(bad()).rejects.toBeInstanceOf(InputError)
    }
    expect(nova.seen.length).toBe(8)
  })
})
