// src/testing/glance-data.ts — image bytes: PUT /file (upload), PUT /stage, GET /file with Glance's Range rules, and hashing.
import { createHash } from 'node:crypto'
import type { GlanceContext } from './glance-context.js'
import { flipByte } from './glance-faults.js'
import { glanceNoContent } from './glance-http.js'
import type { GlanceImage } from './glance-store.js'
import { readBody } from './request-body.js'

const TOO_LARGE = 'The incoming image is too large: The provided image is too large.'

/**
 * Reads the body of an upload or stage into memory. When it breaks off (client abort, disconnect)
 * or exceeds `image_size_cap`, the image goes back to queued and the answer is Glance's error.
 * @example const data = await receiveImageData(ctx, image); if (data instanceof Response) return data
 */
async function receiveImageData(ctx: GlanceContext, image: GlanceImage): Promise<Buffer | Response> {
  let body: { data: Uint8Array; tooLarge: boolean }
  try {
    body = await readBody(ctx.request, ctx.config.maxImageSize)
  } catch {
    setQueued(image) // the client went away mid-body: Glance restores the image and logs a 500 nobody reads
    return ctx.fail(500)
  }
  if (body.tooLarge) {
    setQueued(image)
    return ctx.fail(413, TOO_LARGE)
  }
  return Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength)
}

/**
 * The virtual size Glance's format inspector finds for bare raw and qcow2 images, else null.
 * @example virtualSize('raw', 'bare', data) // data.length
 */
export function virtualSize(diskFormat: string | null, containerFormat: string | null, data: Buffer): number | null {
  if (containerFormat !== 'bare') return null
  if (diskFormat === 'raw') return data.length
  if (diskFormat === 'qcow2' && data.length >= 512 && data.readUInt32BE(0) === 0x514649fb) return Number(data.readBigUInt64BE(24))
  return null
}

/**
 * Stores data as an image's content in a store: size, md5 checksum, sha512 multihash, virtual size.
 * @example setImageData(image, bytes, 'fs', { wrongChecksum: false })
 */
export function setImageData(image: GlanceImage, data: Buffer, store: string, opts: { wrongChecksum?: boolean } = {}): void {
  image.data = data
  image.size = data.length
  image.checksum = createHash('md5').update(data).digest('hex')
  image.os_hash_algo = 'sha512'
  image.os_hash_value = createHash('sha512').update(data).digest('hex')
  if (opts.wrongChecksum) {
    image.checksum = createHash('md5').update(image.checksum).digest('hex')
    image.os_hash_value = createHash('sha512').update(image.os_hash_value).digest('hex')
  }
  if (image.virtual_size === null) image.virtual_size = virtualSize(image.disk_format, image.container_format, data)
  if (!image.stores.includes(store)) image.stores.push(store)
}

/** Back to queued, as Glance's _restore() does (its status setter clears the sizes). */
const setQueued = (image: GlanceImage): void => {
  image.status = 'queued'
  image.size = null
  image.virtual_size = null
}

function octetStream(ctx: GlanceContext): Response | undefined {
  const type = (ctx.request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  return type === 'application/octet-stream' ? undefined : ctx.fail(415, undefined, undefined, { contentType: type || 'text/plain' })
}

/**
 * PUT /v2/images/{id}/file: queued → saving → active (204). A body that breaks off or is too
 * large puts the image back to queued, as Glance's _restore() does.
 * @example return uploadImage(ctx, id)
 */
export async function uploadImage(ctx: GlanceContext, id: string): Promise<Response> {
  const bad = octetStream(ctx)
  if (bad) return bad
  const store = ctx.request.headers.get('x-image-meta-store') ?? ctx.config.defaultStore
  if (!ctx.config.stores.includes(store)) return ctx.fail(400, `Store for identifier ${store} not found`)
  const image = ctx.image(id)
  if (image instanceof Response) return image
  if (!ctx.state.mutable(image, ctx.caller)) return ctx.fail(403, `Not allowed to upload image data for image ${id}`)
  if (image.status !== 'queued') return ctx.fail(409, `Image status transition from ${image.status} to saving is not allowed`)
  const missing = ['disk_format', 'container_format'].filter((k) => !(image as unknown as Record<string, unknown>)[k])
  if (missing.length) return ctx.fail(400, `${missing.length === 1 ? 'Property' : 'Properties'} ${missing.join(', ')} must be set prior to saving data.`)
  image.status = 'saving'
  ctx.state.touch(image)
  const data = await receiveImageData(ctx, image)
  if (data instanceof Response) return data
  if (ctx.state.images.get(id) !== image) {
    return ctx.fail(410, `Image ${id} could not be found after upload. The image may have been deleted during the upload, cleaning up the chunks uploaded.`)
  }
  setImageData(image, ctx.fault?.corruptBody ? flipByte(data) : data, store, { wrongChecksum: ctx.fault?.wrongChecksum ?? false })
  image.status = 'active'
  ctx.state.touch(image)
  return glanceNoContent()
}

/**
 * PUT /v2/images/{id}/stage: queued → uploading, the bytes kept for a glance-direct import.
 * @example return stageImage(ctx, id)
 */
export async function stageImage(ctx: GlanceContext, id: string): Promise<Response> {
  const bad = octetStream(ctx)
  if (bad) return bad
  const image = ctx.image(id)
  if (image instanceof Response) return image
  if (!ctx.state.mutable(image, ctx.caller)) return ctx.fail(403, 'You do not own this image')
  if (image.status !== 'queued') return ctx.fail(409, `Image status transition from ${image.status} to uploading is not allowed`)
  image.status = 'uploading'
  ctx.state.touch(image)
  const data = await receiveImageData(ctx, image)
  if (data instanceof Response) return data
  image.staged = ctx.fault?.corruptBody ? flipByte(data) : data
  image.size = data.length
  ctx.state.touch(image)
  return glanceNoContent()
}

/** The [offset, end) slice a Range or Content-Range header asks for, Glance's 400/416, or undefined for the whole. */
function byteRange(ctx: GlanceContext, size: number): { offset: number; end: number } | Response | undefined {
  const range = ctx.request.headers.get('range')
  const unsatisfiable = (detail: string) => ctx.fail(416, undefined, detail)
  if (range !== null) {
    if (range.includes(',')) return ctx.fail(400, 'Requests with multiple ranges are not supported in Glance. You may make multiple single-range requests instead.')
    const m = /^bytes *= *(\d*) *- *(\d*)/i.exec(range)
    if (!m || (m[1] === '' && m[2] === '') || (m[1] !== '' && m[2] !== '' && Number(m[1]) > Number(m[2]))) return unsatisfiable('Invalid Range header.')
    const start = m[1] === '' ? -Number(m[2]) : Number(m[1])
    const stop = m[1] !== '' && m[2] !== '' ? Number(m[2]) + 1 : undefined
    if (start >= size) return unsatisfiable(`Invalid start position in Range header. Start position MUST be in the inclusive range [0, ${size - 1}].`)
    const offset = start >= 0 ? start : Math.abs(start) < size ? size + start : 0
    return { offset, end: stop !== undefined && stop < size ? stop : size }
  }
  const contentRange = ctx.request.headers.get('content-range')
  if (contentRange === null) return undefined
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)/.exec(contentRange)
  const [start, stop, length] = m ? [Number(m[1]), Number(m[2]) + 1, m[3] === '*' ? undefined : Number(m[3])] : [0, 0, 0]
  if (!m || start >= stop || (length !== undefined && stop > length)) return unsatisfiable('Invalid Content-Range header.')
  if (length === undefined && stop > size) return unsatisfiable(`Invalid stop position in Content-Range header. The stop position MUST be in the inclusive range [0, ${size - 1}].`)
  if (start >= size) return unsatisfiable(`Invalid start position in Content-Range header. Start position MUST be in the inclusive range [0, ${size - 1}].`)
  return { offset: start, end: stop }
}

/**
 * GET /v2/images/{id}/file: 200 (or 206 for a range) with Content-MD5; 204 without data; 403
 * for a non-admin when the image is deactivated.
 * @example return downloadImage(ctx, id)
 */
export function downloadImage(ctx: GlanceContext, id: string): Response {
  const image = ctx.image(id)
  if (image instanceof Response) return image
  if (image.status === 'deactivated' && !ctx.caller.isAdmin) return ctx.fail(403, 'The requested image has been deactivated. Image data download is forbidden.')
  if (!image.data || image.stores.length === 0) return new Response(null, { status: 204, headers: { 'Content-Length': '0' } })
  const size = image.data.length
  const range = byteRange(ctx, size)
  if (range instanceof Response) return range
  const { offset, end } = range ?? { offset: 0, end: size }
  let body = image.data.subarray(offset, end)
  if (ctx.fault?.corruptBody) body = flipByte(body)
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' }
  if (range) headers['Content-Range'] = `bytes ${offset}-${end - 1}/${size}`
  if (image.checksum) headers['Content-MD5'] = ctx.fault?.wrongChecksum ? createHash('md5').update(image.checksum).digest('hex') : image.checksum
  headers['Content-Length'] = String(body.length)
  return new Response(new Uint8Array(body), { status: range ? 206 : 200, headers })
}
