// test/autoscale/phantom-resources.test.ts — sites and credentials verbs against msw: exact requests (method, path, query, Basic auth, JSON body) and parsed results.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { BASIC, SITE, noContent, phantomJson, phantomText, usePhantom } from './phantom-support.js'

const t = usePhantom({ retry: { backoff: { baseMs: 1, maxMs: 2 } } })

const JSON_TYPE = expect.stringContaining('application/json')

describe('sites', () => {
  it('list: GET /sites with Basic auth, one page', async () => {
    t.fake.on('GET', '/api/dev/sites', [SITE, { ...SITE, id: 'sierra' }])
    const sites = await t.phantom.sites.list().toArray()
    expect(sites.map((s) => s.id)).toEqual(['hotel', 'sierra'])
    expect(sites[0]).toEqual(SITE)
    expect(t.fake.seen).toHaveLength(1)
    expect(t.fake.seen[0]).toMatchObject({ method: 'GET', path: '/api/dev/sites', query: {}, headers: { authorization: BASIC } })
  })

  it('list({ details: true }) asks ?details=true and parses the extra fields', async () => {
    t.fake.on('GET', '/api/dev/sites', [{ ...SITE, type: 'nimbus', image_generation: true, user_images: ['img-1'], public_images: [] }])
    const [site] = await t.phantom.sites.list({ details: true }).toArray()
    expect(site).toMatchObject({ id: 'hotel', type: 'nimbus', image_generation: true, user_images: ['img-1'], public_images: [] })
    expect(t.fake.seen[0]!.query).toEqual({ details: 'true' })
  })

  it('get encodes the id as one segment (spaces allowed)', async () => {
    t.fake.on('GET', '/api/dev/sites/my site', { ...SITE, id: 'my site' })
    expect((await t.phantom.sites.get('my site', { details: true })).id).toBe('my site')
    expect(t.fake.seen[0]).toMatchObject({ path: '/api/dev/sites/my%20site', query: { details: 'true' } })
  })

  it('addSshKey POSTs {name, key} and expects 201', async () => {
    t.fake.on('POST', '/api/dev/sites/hotel/sshkeys', (req) => phantomText(req.text, 201, 'text/html'))
    await t.phantom.sites.addSshKey('hotel', 'phantomkey', 'ssh-ed25519 AAAAC3Nza alice@host\n')
    expect(t.fake.seen[0]).toMatchObject({ method: 'POST', path: '/api/dev/sites/hotel/sshkeys', headers: { authorization: BASIC, 'content-type': JSON_TYPE } })
    expect(t.fake.seen[0]!.json).toEqual({ name: 'phantomkey', key: 'ssh-ed25519 AAAAC3Nza alice@host' })
  })

  it('addSshKey refuses a private key before sending it', async () => {
    const e = await t.phantom.sites.addSshKey('hotel', 'k', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn…\n').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InputError)
    expect((e as Error).message).not.toContain('b3Blbn')
    expect(t.fake.seen).toHaveLength(0)
  })
})

describe('credentials.sites', () => {
  const CREDS = { id: 'hotel', access_key: 'AKIAHOTEL', secret_key: 'hotel-secret-key-123', key_name: 'phantomkey', uri: '/api/dev/credentials/sites/hotel' }

  it('list and get (with details)', async () => {
    t.fake.on('GET', '/api/dev/credentials/sites', [CREDS]).on('GET', '/api/dev/credentials/sites/hotel', { ...CREDS, available_keys: ['phantomkey', 'other'] })
    expect(await t.phantom.credentials.sites.list({ details: true }).toArray()).toEqual([CREDS])
    expect((await t.phantom.credentials.sites.get('hotel', { details: true })).available_keys).toEqual(['phantomkey', 'other'])
    expect(t.fake.seen.map((s) => [s.method, s.path, s.query])).toEqual([
      ['GET', '/api/dev/credentials/sites', { details: 'true' }],
      ['GET', '/api/dev/credentials/sites/hotel', { details: 'true' }],
    ])
  })

  it('create POSTs the body with id = site; update PUTs it; delete expects 204', async () => {
    t.fake
      .on('POST', '/api/dev/credentials/sites', (r) => phantomJson({ ...(r.json as object), uri: '/api/dev/credentials/sites/hotel', openstack_password: null }, 201))
      .on('PUT', '/api/dev/credentials/sites/hotel', (r) => phantomJson({ ...(r.json as object), uri: '/api/dev/credentials/sites/hotel' }))
      .on('DELETE', '/api/dev/credentials/sites/hotel', noContent)
    const created = await t.phantom.credentials.sites.create({ id: 'hotel', access_key: 'AKIAHOTEL', secret_key: 'hotel-secret-key-123', key_name: 'phantomkey', nimbus_canonical_id: 'c1' })
    expect(created).toMatchObject({ id: 'hotel', secret_key: 'hotel-secret-key-123', nimbus_canonical_id: 'c1' })
    expect(created).not.toHaveProperty('openstack_password')
    await t.phantom.credentials.sites.update('hotel', { access_key: 'AKIA2', secret_key: 'rotated-secret-456', key_name: 'k2' })
    await t.phantom.credentials.sites.delete('hotel')
    expect(t.fake.seen.map((s) => [s.method, s.path, s.json])).toEqual([
      ['POST', '/api/dev/credentials/sites', { id: 'hotel', access_key: 'AKIAHOTEL', secret_key: 'hotel-secret-key-123', key_name: 'phantomkey', nimbus_canonical_id: 'c1' }],
      ['PUT', '/api/dev/credentials/sites/hotel', { id: 'hotel', access_key: 'AKIA2', secret_key: 'rotated-secret-456', key_name: 'k2' }],
      ['DELETE', '/api/dev/credentials/sites/hotel', undefined],
    ])
    expect(t.fake.seen.every((s) => s.headers.authorization === BASIC)).toBe(true)
  })

  it('a secret echoed by the server stays out of the error; a broken body is not copied into it', async () => {
    t.fake.on('POST', '/api/dev/credentials/sites', (r) => phantomText(`Bad request (${r.text}). No JSON. See API docs`, 400))
    const e = (await t.phantom.credentials.sites.create({ id: 'hotel', access_key: 'AKIAHOTEL', secret_key: 'hotel-secret-key-123', key_name: 'k' }).catch((x: unknown) => x)) as Error
    expect(e.message).toContain('Bad request')
    expect(JSON.stringify({ m: e.message, s: e.stack, d: (e as InputError).details })).not.toContain('hotel-secret-key-123')
    t.fake.on('GET', '/api/dev/credentials/sites/hotel', () => phantomText('{"id": "hotel", "secret_key": "leaky-secret-789"', 200))
    const r = (await t.phantom.credentials.sites.get('hotel').catch((x: unknown) => x)) as InputError
    expect(r.name).toBe('ResponseError')
    expect(JSON.stringify({ m: r.message, d: r.details })).not.toContain('leaky-secret-789')
  })

  it('missing required fields are InputErrors before any request', async () => {
    await expect(t.phantom.credentials.sites.create({ id: 'hotel', access_key: 'a', key_name: 'k' } as never)).rejects.toThrow(/secret_key is required/)
    await expect(t.phantom.credentials.sites.update('ho/tel', { access_key: 'a', secret_key: 's', key_name: 'k' })).rejects.toBeInstanceOf(InputError)
    expect(t.fake.seen).toHaveLength(0)
  })
})

describe('credentials.chef', () => {
  const CHEF = { id: 'mychef', server_url: 'https://chef.test', client_name: 'admin', validation_client_name: 'chef-validator', client_key: 'CLIENT-PEM-xyz', validator_key: 'VALIDATOR-PEM-xyz', uri: '/api/dev/credentials/chef/mychef' }

  it('list, get, create, update, delete', async () => {
    t.fake
      .on('GET', '/api/dev/credentials/chef', [CHEF])
      .on('GET', '/api/dev/credentials/chef/mychef', CHEF)
      .on('POST', '/api/dev/credentials/chef', (r) => phantomJson({ validation_client_name: 'chef-validator', ...(r.json as object), uri: CHEF.uri }, 201))
      .on('PUT', '/api/dev/credentials/chef/mychef', (r) => phantomJson({ ...(r.json as object), uri: CHEF.uri }))
      .on('DELETE', '/api/dev/credentials/chef/mychef', noContent)
    expect(await t.phantom.credentials.chef.list().toArray()).toEqual([CHEF])
    expect(await t.phantom.credentials.chef.get('mychef')).toEqual(CHEF)
    const input = { server_url: 'https://chef.test', client_name: 'admin', client_key: 'CLIENT-PEM-xyz', validator_key: 'VALIDATOR-PEM-xyz' }
    expect(await t.phantom.credentials.chef.create({ id: 'mychef', ...input })).toEqual(CHEF)
    await t.phantom.credentials.chef.update('mychef', { ...input, validation_client_name: 'v2' })
    await t.phantom.credentials.chef.delete('mychef')
    expect(t.fake.seen.map((s) => [s.method, s.path, s.json])).toEqual([
      ['GET', '/api/dev/credentials/chef', undefined],
      ['GET', '/api/dev/credentials/chef/mychef', undefined],
      ['POST', '/api/dev/credentials/chef', { id: 'mychef', ...input }],
      ['PUT', '/api/dev/credentials/chef/mychef', { id: 'mychef', ...input, validation_client_name: 'v2' }],
      ['DELETE', '/api/dev/credentials/chef/mychef', undefined],
    ])
  })

  it('server_url must be a URL', async () => {
    await expect(t.phantom.credentials.chef.create({ id: 'c', server_url: 'chef.test', client_name: 'a', client_key: 'k', validator_key: 'v' })).rejects.toThrow(/server_url/)
    expect(t.fake.seen).toHaveLength(0)
  })
})
