// test/testing/fake-glance-images.test.ts — the fake Glance's image records and data: lifecycle, checksums, ranges, PATCH, tags, actions, errors.
import { describe, expect, it } from 'vitest'
import { setupGlance, type Img, md5, sha512 } from './support/fake-glance.js'

const bytes = new TextEncoder().encode('hello world, glance!')

describe('fake Glance: versions, auth and wire format', () => {
  it('lists versions unauthenticated: 300 at the root, 200 at /versions, hrefs under /image/v2/', async () => {
    const { call } = await setupGlance()
    const root = await call('GET', '/', { token: null })
    expect(root.status).toBe(300)
    const { versions } = (await root.json()) as { versions: { id: string; status: string; links: { href: string }[] }[] }
    expect(versions[0]).toEqual({ id: 'v2.15', status: 'CURRENT', links: [{ rel: 'self', href: 'http://cloud.strato.test/image/v2/' }] })
    expect(versions.map((v) => v.id)).toContain('v2.0')
    expect((await call('GET', '/versions', { token: null })).status).toBe(200)
  })

  it('answers 401 with Keystone’s body and WWW-Authenticate without a valid token', async () => {
    const { call, cloud } = await setupGlance()
    const r = await call('GET', '/v2/images', { token: null })
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe('Keystone uri="http://cloud.strato.test/identity/v3"')
    expect(await r.json()).toEqual({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } })
    cloud.keystone.expireAll()
    expect((await call('GET', '/v2/images')).status).toBe(401)
  })

  it('renders errors as webob does: HTML for */*, JSON or plain text by Accept; request ids on every answer', async () => {
    const { call } = await setupGlance()
    const html = await call('GET', '/v2/images/nope', { headers: { accept: '*/*' } })
    expect(html.status).toBe(404)
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(html.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/)
    expect(await html.text()).toBe('<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID nope<br /><br />\n\n\n\n </body>\n</html>')
    const json = await call('GET', '/v2/images/nope', { headers: { accept: 'application/json' } })
    expect(await json.text()).toBe('{"message": "No image found with ID nope<br /><br />\\n\\n\\n", "code": "404 Not Found", "title": "Not Found"}')
    const plain = await call('GET', '/v2/images/nope', { headers: { accept: 'text/plain' } })
    expect(await plain.text()).toBe('404 Not Found\n\nNo image found with ID nope\n\n   ')
    const notAllowed = await call('PUT', '/v2/images/x')
    expect(notAllowed.status).toBe(405)
    expect(notAllowed.headers.get('allow')).toBe('GET, PATCH, DELETE')
  })

  it('serves the schemas Glance 25 serves', async () => {
    const { call } = await setupGlance()
    const image = (await (await call('GET', '/v2/schemas/image')).json()) as { name: string; properties: Record<string, { enum?: unknown[] }>; additionalProperties: unknown }
    expect(image.name).toBe('image')
    expect(image.properties.disk_format!.enum).toEqual([null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'])
    expect(image.additionalProperties).toEqual({ type: 'string' })
    const images = (await (await call('GET', '/v2/schemas/images')).json()) as { properties: { images: { items: unknown } } }
    expect(images.properties.images.items).toEqual(image)
    const member = (await (await call('GET', '/v2/schemas/member')).json()) as { properties: { status: { enum: string[] } } }
    expect(member.properties.status.enum).toEqual(['pending', 'accepted', 'rejected'])
    expect((await call('GET', '/v2/schemas/members')).status).toBe(200)
  })
})

describe('fake Glance: create, upload, download, delete', () => {
  it('creates a queued image: 201, Location, import headers, custom properties top-level, owner = project', async () => {
    const { call } = await setupGlance({ stores: ['fs', 'ceph'] })
    const r = await call('POST', '/v2/images', { json: { name: 'cirros', disk_format: 'qcow2', container_format: 'bare', os_distro: 'cirros', tags: ['a', 'b', 'a'] } })
    expect(r.status).toBe(201)
    const img = (await r.json()) as Img
    expect(r.headers.get('location')).toBe(`http://cloud.strato.test/image/v2/images/${img.id}`)
    expect(r.headers.get('openstack-image-import-methods')).toBe('glance-direct,web-download,copy-image')
    expect(r.headers.get('openstack-image-store-ids')).toBe('fs,ceph')
    expect(img).toMatchObject({ name: 'cirros', status: 'queued', visibility: 'shared', owner: 'demo-project-id', os_distro: 'cirros', size: null, checksum: null, tags: ['a', 'b'], protected: false, min_ram: 0 })
    expect(img.self).toBe(`/v2/images/${img.id}`)
    expect(img.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('refuses bad creates as Glance does', async () => {
    const { call } = await setupGlance()
    const id = '11111111-2222-3333-4444-555555555555'
    expect((await call('POST', '/v2/images', { json: { id } })).status).toBe(201)
    const dup = await call('POST', '/v2/images', { json: { id } })
    expect([dup.status, await dup.text()]).toEqual([409, expect.stringContaining(`Image ID ${id} already exists!`)])
    expect((await call('POST', '/v2/images', { json: { disk_format: 'bogus' } })).status).toBe(400)
    expect(await (await call('POST', '/v2/images', { json: { status: 'active' } })).text()).toContain('Attribute &#x27;status&#x27; is read-only.')
    const reserved = await call('POST', '/v2/images', { json: { os_glance_x: '1' }, headers: { accept: 'application/json' } })
    expect([reserved.status, ((await reserved.json()) as { message: string }).message]).toEqual([403, "Access was denied to this resource.<br /><br />\nAttribute 'os_glance_x' is reserved.\n\n"])
    expect((await call('POST', '/v2/images', { json: { visibility: 'public' } })).status).toBe(403) // publicize_image is admin-only
    expect((await call('POST', '/v2/images', { json: { owner: 'someone-else' } })).status).toBe(403)
    expect((await call('POST', '/v2/images', { body: 'nope' })).status).toBe(400)
    expect((await call('POST', '/v2/images', { json: { min_ram: -1 } })).status).toBe(400)
  })

  it('uploads: saving → active with size, md5 checksum, sha512 multihash, virtual size and store', async () => {
    const { create, upload, show, glance } = await setupGlance()
    const img = await create({ name: 'x' })
    const r = await upload(img.id, bytes)
    expect(r.status).toBe(204)
    expect(await show(img.id)).toMatchObject({ status: 'active', size: 20, virtual_size: 20, checksum: md5(bytes), os_hash_algo: 'sha512', os_hash_value: sha512(bytes), stores: 'fs' })
    expect(glance.getImageBytes(img.id)).toEqual(bytes)
    const again = await upload(img.id, bytes)
    expect([again.status, await again.text()]).toEqual([409, expect.stringContaining('Image status transition from active to saving is not allowed')])
  })

  it('takes chunked bodies, reads qcow2 virtual sizes, and needs the formats set first', async () => {
    const { create, upload, show, call } = await setupGlance()
    const qcow = Buffer.alloc(1024)
    qcow.writeUInt32BE(0x514649fb, 0)
    qcow.writeBigUInt64BE(10n * 1024n ** 3n, 24)
    const img = await create({ disk_format: 'qcow2' })
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(qcow.subarray(0, 100))
        c.enqueue(qcow.subarray(100))
        c.close()
      },
    })
    const r = await call('PUT', `/v2/images/${img.id}/file`, { body: stream, headers: { 'content-type': 'application/octet-stream' } })
    expect(r.status).toBe(204)
    expect(await show(img.id)).toMatchObject({ size: 1024, virtual_size: 10 * 1024 ** 3 })
    const bare = (await (await call('POST', '/v2/images', { json: { name: 'no formats' } })).json()) as Img
    const refused = await upload(bare.id, bytes)
    expect([refused.status, await refused.text()]).toEqual([400, expect.stringContaining('Properties disk_format, container_format must be set prior to saving data.')])
    expect((await show(bare.id)).status).toBe('queued')
    expect((await call('PUT', `/v2/images/${bare.id}/file`, { body: bytes, headers: { 'content-type': 'application/json' } })).status).toBe(415)
  })

  it('puts the image back to queued when the upload breaks off or is too large', async () => {
    const { create, show, upload, call } = await setupGlance({ maxImageSize: 10 })
    const img = await create()
    const big = await upload(img.id, bytes)
    expect([big.status, await big.text()]).toEqual([413, expect.stringContaining('The incoming image is too large: The provided image is too large.')])
    expect(await show(img.id)).toMatchObject({ status: 'queued', size: null })
    const broken = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(4))
        c.error(new Error('client went away'))
      },
    })
    const r = await call('PUT', `/v2/images/${img.id}/file`, { body: broken, headers: { 'content-type': 'application/octet-stream' } })
    expect(r.status).toBe(500)
    expect((await show(img.id)).status).toBe('queued')
    expect((await upload(img.id, bytes.subarray(0, 5))).status).toBe(204)
  })

  it('downloads with Content-MD5 and Content-Length, 204 without data, ranges as Glance has them', async () => {
    const { create, upload, call } = await setupGlance()
    const img = await create()
    expect((await call('GET', `/v2/images/${img.id}/file`)).status).toBe(204)
    await upload(img.id, bytes)
    const full = await call('GET', `/v2/images/${img.id}/file`)
    expect(full.status).toBe(200)
    expect(full.headers.get('content-md5')).toBe(md5(bytes))
    expect(full.headers.get('content-length')).toBe('20')
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(bytes)
    const range = async (h: Record<string, string>) => {
      const r = await call('GET', `/v2/images/${img.id}/file`, { headers: h })
      return [r.status, r.headers.get('content-range'), await r.text()]
    }
    expect(await range({ range: 'bytes=2-5' })).toEqual([206, 'bytes 2-5/20', 'llo '])
    expect(await range({ range: 'bytes=15-' })).toEqual([206, 'bytes 15-19/20', 'ance!'])
    expect(await range({ range: 'bytes=-3' })).toEqual([206, 'bytes 17-19/20', 'ce!'])
    expect(await range({ 'content-range': 'bytes 2-5/20' })).toEqual([206, 'bytes 2-5/20', 'llo '])
    expect((await range({ range: 'bytes=50-60' }))[0]).toBe(416)
    expect((await range({ range: 'bytes=0-1,3-4' }))[0]).toBe(400)
  })

  it('deletes: 204, then 404; protected images 403; other projects’ images are invisible', async () => {
    const { create, call, patch, admin } = await setupGlance()
    const img = await create({ protected: true })
    const refused = await call('DELETE', `/v2/images/${img.id}`)
    expect([refused.status, await refused.text()]).toEqual([403, expect.stringContaining(`Image ${img.id} is protected and cannot be deleted.`)])
    expect((await patch(img.id, [{ op: 'replace', path: '/protected', value: false }])).status).toBe(200)
    expect((await call('DELETE', `/v2/images/${img.id}`)).status).toBe(204)
    expect((await call('GET', `/v2/images/${img.id}`)).status).toBe(404)
    expect(await (await call('DELETE', `/v2/images/${img.id}`)).text()).toContain(`Failed to find image ${img.id} to delete`)
    const adminImage = (await (await call('POST', '/v2/images', { json: { visibility: 'private' }, token: admin })).json()) as Img
    expect((await call('GET', `/v2/images/${adminImage.id}`)).status).toBe(404)
  })
})

describe('fake Glance over real HTTP (cloud.listen())', () => {
  it('uploads and downloads through a socket; a client abort mid-upload leaves the image queued', async () => {
    const { cloud, demo, create, show } = await setupGlance()
    const server = await cloud.listen()
    try {
      const url = `${server.url}/image/v2/images`
      const img = await create()
      const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251)
      const put = await fetch(`${url}/${img.id}/file`, { method: 'PUT', headers: { 'x-auth-token': demo, 'content-type': 'application/octet-stream' }, body: data })
      expect(put.status).toBe(204)
      const get = await fetch(`${url}/${img.id}/file`, { headers: { 'x-auth-token': demo } })
      expect([get.status, get.headers.get('content-length'), get.headers.get('content-md5')]).toEqual([200, String(data.length), md5(data)])
      expect(md5(new Uint8Array(await get.arrayBuffer()))).toBe(md5(data))

      const victim = await create()
      const abort = new AbortController()
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          if (sent++ === 0) return c.enqueue(new Uint8Array(64 * 1024))
          abort.abort()
          await new Promise((r) => setTimeout(r, 50))
        },
      })
      const attempt = fetch(`${url}/${victim.id}/file`, { method: 'PUT', headers: { 'x-auth-token': demo, 'content-type': 'application/octet-stream' }, body, duplex: 'half', signal: abort.signal } as RequestInit)
      await expect(attempt).rejects.toThrow()
      let status = (await show(victim.id)).status
      for (let i = 0; i < 50 && status !== 'queued'; i++) {
        await new Promise((r) => setTimeout(r, 20))
        status = (await show(victim.id)).status
      }
      expect(status).toBe('queued')
    } finally {
      await server.close()
    }
  })
})

