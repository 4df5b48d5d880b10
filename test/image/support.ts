// test/image/support.ts — a small in-memory Glance behind msw for the image unit tests, with every request recorded.
import { createHash } from 'node:crypto'
import { http, HttpResponse, type HttpHandler } from 'msw'

export const GLANCE = 'http://glance.test:9292'
export const V2 = `${GLANCE}/v2`

/** One request as the server saw it. */
export interface Seen {
  method: string
  path: string
  query: string
  headers: Record<string, string>
  body: Uint8Array | undefined
}

export const md5 = (b: Uint8Array | string): string => createHash('md5').update(b).digest('hex')
export const sha512 = (b: Uint8Array | string): string => createHash('sha512').update(b).digest('hex')
export const bytes = (n: number, seed = 1): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)

/** A queued image record as Glance 25 returns it. */
export function imageRecord(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: 'img',
    status: 'queued',
    disk_format: 'raw',
    container_format: 'bare',
    visibility: 'shared',
    protected: false,
    os_hidden: false,
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    min_disk: 0,
    min_ram: 0,
    owner: 'p1',
    tags: [],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: '/v2/schemas/image',
    ...extra,
  }
}

/** The HTML page webob renders for an error, exactly as Glance sends it. */
export function webobHtml(status: string, text: string): string {
  return `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${text}<br /><br />\n\n\n\n </body>\n</html>`
}

/**
 * A fake Glance: images live in `images`, data in `data`; PUT /file stores the bytes and sets
 * the digests (unless `corrupt` is set, which stores wrong ones).
 */
export class FakeGlance {
  readonly seen: Seen[] = []
  readonly images = new Map<string, Record<string, unknown>>()
  readonly data = new Map<string, Uint8Array>()
  corrupt = false
  importMethods = ['glance-direct', 'web-download', 'copy-image']

  /** Requests other than the ones named (e.g. only the writes). */
  requests(filter?: (s: Seen) => boolean): Seen[] {
    return filter ? this.seen.filter(filter) : this.seen
  }

  readonly handlers: HttpHandler[] = [
    http.all(`${GLANCE}/*`, async ({ request }) => {
      const url = new URL(request.url)
      const headers: Record<string, string> = {}
      request.headers.forEach((v, k) => (headers[k] = v))
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(await request.arrayBuffer())
      this.seen.push({ method: request.method, path: url.pathname, query: url.search, headers, body })
      return this.route(request.method, url, body)
    }),
  ]

  store(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const img = imageRecord(id, extra)
    this.images.set(id, img)
    return img
  }

  private route(method: string, url: URL, body: Uint8Array | undefined): Response {
    const p = url.pathname
    const json = (v: unknown, status = 200): Response => HttpResponse.json(v as Record<string, unknown>, { status })
    const notFound = (id: string): Response =>
      new HttpResponse(webobHtml('404 Not Found', `No image found with ID ${id}`), { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' } })
    if (p === '/v2/info/import') return json({ 'import-methods': { description: 'Import methods available.', type: 'array', value: this.importMethods } })
    if (p === '/v2/info/stores') return json({ stores: [{ id: 'fs', default: 'true' }, { id: 'ceph', description: 'Ceph' }] })
    const m = /^\/v2\/images\/([^/]+)(\/.*)?$/.exec(p)
    if (p === '/v2/images' && method === 'POST') {
      const fields = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>
      const id = (fields.id as string | undefined) ?? `img-${this.images.size + 1}`
      return json(this.store(id, fields), 201)
    }
    if (p === '/v2/images' && method === 'GET') return json({ images: [...this.images.values()], first: '/v2/images', schema: '/v2/schemas/images' })
    if (!m) return new HttpResponse('404 Not Found\n\nThe resource could not be found.\n\n   ', { status: 404, headers: { 'content-type': 'text/plain' } })
    const id = decodeURIComponent(m[1]!)
    const rest = m[2] ?? ''
    const img = this.images.get(id)
    if (!img) return notFound(id)
    if (rest === '' && method === 'GET') return json(img)
    if (rest === '' && method === 'DELETE') {
      this.images.delete(id)
      return new HttpResponse(null, { status: 204 })
    }
    if (rest === '' && method === 'PATCH') {
      const ops = JSON.parse(new TextDecoder().decode(body)) as { op: string; path: string; value?: unknown }[]
      for (const op of ops) {
        const key = op.path.slice(1).replaceAll('~1', '/').replaceAll('~0', '~')
        if (op.op === 'remove') delete img[key]
        else img[key] = op.value
      }
      return json(img)
    }
    if ((rest === '/file' || rest === '/stage') && method === 'PUT') {
      const data = body ?? new Uint8Array()
      this.data.set(id, data)
      if (rest === '/file') {
        Object.assign(img, {
          status: 'active',
          size: data.byteLength,
          checksum: this.corrupt ? md5('other') : md5(data),
          os_hash_algo: 'sha512',
          os_hash_value: this.corrupt ? sha512('other') : sha512(data),
        })
      } else Object.assign(img, { status: 'uploading', size: data.byteLength })
      return new HttpResponse(null, { status: 204 })
    }
    if (rest === '/file' && method === 'GET') {
      const data = this.data.get(id)
      if (!data) return new HttpResponse(null, { status: 204 })
      return new HttpResponse(data as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.byteLength), 'content-md5': md5(data) },
      })
    }
    if (rest === '/import' && method === 'POST') {
      Object.assign(img, { status: 'importing' })
      return new HttpResponse(null, { status: 202 })
    }
    if (rest.startsWith('/actions/') && method === 'POST') {
      img.status = rest.endsWith('deactivate') ? 'deactivated' : 'active'
      return new HttpResponse(null, { status: 204 })
    }
    const tag = /^\/tags\/(.+)$/.exec(rest)
    if (tag) {
      const t = decodeURIComponent(tag[1]!)
      const tags = img.tags as string[]
      if (method === 'PUT') img.tags = [...new Set([...tags, t])]
      else if (!tags.includes(t)) return new HttpResponse(webobHtml('404 Not Found', 'The resource could not be found.'), { status: 404, headers: { 'content-type': 'text/html' } })
      else img.tags = tags.filter((x) => x !== t)
      return new HttpResponse(null, { status: 204 })
    }
    return new HttpResponse('', { status: 405 })
  }
}
