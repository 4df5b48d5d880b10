// test/image/images.test.ts — ImageClient's image and member verbs against msw: exact requests, parsed results, InputErrors.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { InputError, NotFoundError } from '../../src/core/errors.js'
import type { AuthProvider } from '../../src/core/options.js'
import { ImageClient, versioned } from '../../src/image/index.js'
import { FakeGlance, GLANCE, V2, imageRecord } from './support.js'

const server = setupServer()
let glance: FakeGlance
let image: ImageClient

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
beforeEach(() => {
  glance = new FakeGlance()
  server.use(...glance.handlers)
  image = new ImageClient({ endpoint: GLANCE, token: 'tok', retry: { backoff: { baseMs: 1, maxMs: 2 } } })
})
afterEach(async () => {
  await image.close()
  server.resetHandlers()
})
afterAll(() => server.close())

describe('endpoint', () => {
  it('appends /v2 unless the catalog URL has it', async () => {
    expect(versioned('http://h:9292')).toBe('http://h:9292/v2')
    expect(versioned('http://h:9292/')).toBe('http://h:9292/v2')
    expect(versioned('http://h:9292/v2')).toBe('http://h:9292/v2')
    expect(versioned('http://h:9292/v2/')).toBe('http://h:9292/v2')
    expect(versioned('http://cloud/image')).toBe('http://cloud/image/v2')
    expect(versioned('http://cloud/image/v2.1')).toBe('http://cloud/image/v2.1')
    expect(await image.endpoint()).toBe(V2)
  })

  it("finds the 'image' entry of the session's catalog", async () => {
    const asked: string[] = []
    const session: AuthProvider = {
      token: async () => 'sess-tok',
      invalidate: () => undefined,
      endpointFor: async (type) => {
        asked.push(type)
        return 'http://glance.test:9292/'
      },
    }
    const c = new ImageClient({ session })
    glance.store('a')
    await c.images.get('a')
    expect(asked).toEqual(['image'])
    expect(glance.seen[0]).toMatchObject({ method: 'GET', path: '/v2/images/a', headers: { 'x-auth-token': 'sess-tok' } })
    await c.close()
  })
})

describe('images', () => {
  it('get parses the image and keeps custom properties', async () => {
    glance.store('i1', { hw_disk_bus: 'scsi' })
    const img = await image.images.get('i1')
    expect(img).toMatchObject({ id: 'i1', status: 'queued', disk_format: 'raw', hw_disk_bus: 'scsi', size: null })
    expect(glance.seen).toMatchObject([{ method: 'GET', path: '/v2/images/i1', headers: { 'x-auth-token': 'tok' } }])
  })

  it('ids are encoded as one path segment', async () => {
    await expect(image.images.get('a/b?c')).rejects.toBeInstanceOf(NotFoundError)
    expect(glance.seen[0]!.path).toBe('/v2/images/a%2Fb%3Fc')
  })

  it('create POSTs the fields (custom ones at the top level) and expects 201', async () => {
    const img = await image.images.create({ name: 'debian', disk_format: 'qcow2', container_format: 'bare', tags: ['a'], min_disk: 2, os_distro: 'debian' })
    expect(img).toMatchObject({ name: 'debian', os_distro: 'debian', status: 'queued' })
    const req = glance.seen[0]!
    expect(req).toMatchObject({ method: 'POST', path: '/v2/images' })
    expect(req.headers['content-type']).toContain('application/json')
    expect(JSON.parse(new TextDecoder().decode(req.body))).toEqual({ name: 'debian', disk_format: 'qcow2', container_format: 'bare', tags: ['a'], min_disk: 2, os_distro: 'debian' })
  })

  it('bad input is an InputError before any request', async () => {
    const bad: (() => Promise<unknown>)[] = [
      () => image.images.create({ disk_format: 'qcow3' as 'qcow2' }),
      () => image.images.create({ container_format: 'zip' as 'bare' }),
      () => image.images.create({ visibility: 'everyone' as 'public' }),
      () => image.images.create({ status: 'active' }),
      () => image.images.create({ checksum: 'x' }),
      () => image.images.create({ os_hash_value: 'x' }),
      () => image.images.create({ os_glance_import_task: 'x' }),
      () => image.images.create({ min_disk: -1 }),
      () => image.images.create({ hw_cores: 4 }),
      () => image.images.create({ tags: 'a' as unknown as string[] }),
      () => image.images.update('i', { id: 'j' }),
      () => image.images.update('i', { size: 3 }),
      () => image.images.update('i', { visibility: null as unknown as 'public' }),
      () => image.images.update('i', { custom: 5 }),
      () => image.images.update('', { name: 'x' }),
      () => image.images.get(''),
      () => image.images.tags.add('i', ''),
      () => image.images.tags.add('i', 'a/b'),
      () => image.images.list({ visibility: 'everyone' as 'all' }).toArray(),
      () => image.images.list({ created_at: '2024-01-01' }).toArray(),
      () => image.images.list({ sort: [{ key: 'name' }], sort_key: 'name' }).toArray(),
      () => image.images.list({ limit: 0 }).toArray(),
      () => image.images.list({ hw_disk_bus: 'x' } as never).toArray(),
      () => image.images.upload('i', 42 as never),
      () => image.images.upload('i', '/nonexistent/file.img'),
      () => image.images.upload('i', new Uint8Array(4), { size: 5 }),
      () => image.images.import('i', { method: 'glance-copy' as 'copy-image' }),
      () => image.images.import('i', { method: { name: 'web-download', uri: 'ftp://x' } }),
      () => image.images.import('i', { method: 'copy-image', stores: ['fs'], allStores: true }),
      () => image.members.updateStatus('i', 'p', 'maybe' as 'accepted'),
      () => image.members.add('i', ''),
      () => image.images.waitFor('', 'active'),
    ]
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InputError)
    expect(glance.seen).toEqual([])
  })

  it('list sends the filters and follows next links to the end', async () => {
    const pages = [
      { images: [imageRecord('a'), imageRecord('b')], next: '/v2/images?limit=2&tag=x&tag=y&marker=b' },
      { images: [imageRecord('c')], next: '/v2/images?limit=2&tag=x&tag=y&marker=c' },
      { images: [] },
    ]
    const queries: string[] = []
    server.use(
      http.get(`${V2}/images`, ({ request }) => {
        queries.push(new URL(request.url).search)
        return HttpResponse.json(pages[queries.length - 1]!)
      }),
    )
    const ids = (
      await image.images
        .list({
          limit: 2,
          tag: ['x', 'y'],
          visibility: 'all',
          member_status: 'accepted',
          size_min: 1,
          os_hidden: false,
          created_at: 'gte:2024-01-01T00:00:00Z',
          sort: [{ key: 'name', dir: 'asc' }, { key: 'created_at', dir: 'desc' }],
          properties: { os_distro: 'debian' },
        })
        .toArray()
    ).map((i) => i.id)
    expect(ids).toEqual(['a', 'b', 'c'])
    const first = new URLSearchParams(queries[0])
    expect(first.getAll('tag')).toEqual(['x', 'y'])
    expect(Object.fromEntries([...first].filter(([k]) => k !== 'tag'))).toEqual({
      limit: '2',
      visibility: 'all',
      member_status: 'accepted',
      size_min: '1',
      os_hidden: 'false',
      created_at: 'gte:2024-01-01T00:00:00Z',
      sort: 'name:asc,created_at:desc',
      os_distro: 'debian',
    })
    expect(queries.slice(1)).toEqual(['?limit=2&tag=x&tag=y&marker=b', '?limit=2&tag=x&tag=y&marker=c'])
  })

  it('next links are followed under a path-prefixed endpoint', async () => {
    const seen: string[] = []
    server.use(
      http.get('http://cloud.test/image/v2/images', ({ request }) => {
        const u = new URL(request.url)
        seen.push(u.pathname + u.search)
        return HttpResponse.json(u.searchParams.has('marker') ? { images: [imageRecord('b')] } : { images: [imageRecord('a')], next: '/v2/images?marker=a' })
      }),
    )
    const c = new ImageClient({ endpoint: 'http://cloud.test/image', token: 't' })
    expect((await c.images.list().toArray()).map((i) => i.id)).toEqual(['a', 'b'])
    expect(seen).toEqual(['/image/v2/images', '/image/v2/images?marker=a'])
    await c.close()
  })

  it('sort_key/sort_dir repeat', async () => {
    await image.images.list({ sort_key: ['name', 'size'], sort_dir: ['asc', 'desc'] }).toArray()
    expect(glance.seen[0]!.query).toBe('?sort_key=name&sort_key=size&sort_dir=asc&sort_dir=desc')
  })

  it('delete, deactivate, reactivate and tags send the right requests', async () => {
    glance.store('i', { status: 'active', tags: ['old'] })
    await image.images.deactivate('i')
    await image.images.reactivate('i')
    await image.images.tags.add('i', 'new tag')
    await image.images.addTag('i', 'x')
    await image.images.removeTag('i', 'old')
    await expect(image.images.tags.remove('i', 'absent')).rejects.toMatchObject({ name: 'NotFoundError', message: expect.stringContaining('The resource could not be found.') })
    await image.images.delete('i')
    expect(glance.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /v2/images/i/actions/deactivate',
      'POST /v2/images/i/actions/reactivate',
      'PUT /v2/images/i/tags/new%20tag',
      'PUT /v2/images/i/tags/x',
      'DELETE /v2/images/i/tags/old',
      'DELETE /v2/images/i/tags/absent',
      'DELETE /v2/images/i',
    ])
  })
})

describe('update (JSON Patch)', () => {
  const patchOf = (): unknown => JSON.parse(new TextDecoder().decode(glance.seen.find((s) => s.method === 'PATCH')!.body))

  it('replace for base attributes, add for new and replace for existing properties, remove for null; escaped pointers', async () => {
    glance.store('i', { note: 'x', 'a/b': '1', 'til~de': '2' })
    const img = await image.images.update('i', { name: 'n2', min_disk: 5, note: null, 'a/b': '9', 'til~de': null, fresh: 'f', never: null })
    expect(glance.seen.map((s) => s.method)).toEqual(['GET', 'PATCH'])
    const req = glance.seen[1]!
    expect(req.path).toBe('/v2/images/i')
    expect(req.headers['content-type']).toBe('application/openstack-images-v2.1-json-patch')
    expect(patchOf()).toEqual([
      { op: 'replace', path: '/name', value: 'n2' },
      { op: 'replace', path: '/min_disk', value: 5 },
      { op: 'remove', path: '/note' },
      { op: 'replace', path: '/a~1b', value: '9' },
      { op: 'remove', path: '/til~0de' },
      { op: 'add', path: '/fresh', value: 'f' },
    ])
    expect(img).toMatchObject({ name: 'n2', min_disk: 5, 'a/b': '9', fresh: 'f' })
    expect(img).not.toHaveProperty('note')
  })

  it('uses the given current image instead of fetching it; base attributes alone need no GET', async () => {
    const current = glance.store('i', { note: 'x' })
    await image.images.update('i', { note: 'y' }, { current: current as never })
    await image.images.update('i', { name: null, tags: ['a', 'b'], protected: true })
    expect(glance.seen.map((s) => s.method)).toEqual(['PATCH', 'PATCH'])
    expect(JSON.parse(new TextDecoder().decode(glance.seen[1]!.body))).toEqual([
      { op: 'replace', path: '/name', value: null },
      { op: 'replace', path: '/tags', value: ['a', 'b'] },
      { op: 'replace', path: '/protected', value: true },
    ])
  })

  it('nothing to change sends no PATCH', async () => {
    glance.store('i')
    const img = await image.images.update('i', { gone: null })
    expect(img.id).toBe('i')
    expect(glance.seen.map((s) => s.method)).toEqual(['GET'])
  })
})

describe('members', () => {
  it('list, add, get, updateStatus, remove', async () => {
    const m = (status: string): Record<string, unknown> => ({ member_id: 'p2', image_id: 'i', status, created_at: 't', updated_at: 't', schema: '/v2/schemas/member' })
    const seen: string[] = []
    server.use(
      http.all(`${V2}/images/i/members*`, async ({ request }) => {
        const u = new URL(request.url)
        const body = request.method === 'POST' || request.method === 'PUT' ? await request.text() : ''
        seen.push(`${request.method} ${u.pathname} ${body}`.trim())
        if (request.method === 'GET' && u.pathname.endsWith('/members')) return HttpResponse.json({ members: [m('pending')], schema: '/v2/schemas/members' })
        if (request.method === 'POST') return HttpResponse.json(m('pending'))
        if (request.method === 'PUT') return HttpResponse.json(m('accepted'))
        if (request.method === 'DELETE') return new HttpResponse(null, { status: 204 })
        return HttpResponse.json(m('accepted'))
      }),
    )
    expect(await image.members.list('i').toArray()).toMatchObject([{ member_id: 'p2', status: 'pending' }])
    expect(await image.members.add('i', 'p2')).toMatchObject({ status: 'pending' })
    expect(await image.members.get('i', 'p2')).toMatchObject({ status: 'accepted' })
    expect(await image.members.updateStatus('i', 'p2', 'accepted')).toMatchObject({ status: 'accepted' })
    await image.members.remove('i', 'p2')
    expect(seen).toEqual([
      'GET /v2/images/i/members',
      'POST /v2/images/i/members {"member":"p2"}',
      'GET /v2/images/i/members/p2',
      'PUT /v2/images/i/members/p2 {"status":"accepted"}',
      'DELETE /v2/images/i/members/p2',
    ])
  })
})
