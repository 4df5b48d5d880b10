// src/infra/handlers/image-image.ts — `image.image`: a Glance image, its data uploaded from a file or imported from a URL.
import { stat } from 'node:fs/promises'
import type { Image, ImageCreate } from '../../image/index.js'
import { InputError } from '../../core/errors.js'
import type { ResourceHandler, ResourceStatus } from '../handler-types.js'
import { type BuiltinHandlerOptions, Params, deleteSignal, ignoreNotFound, isNotFound, needClient, refString, resourceName, timing } from './common.js'

const TYPE = 'image.image'

/** What `image.image` keeps: the image's id. */
export type ImageImageRef = { id: string }

/**
 * The `image.image` handler. Params: `disk_format` and `container_format` (required), optional
 * `name` (default `<infraId[0..8]>-<nodeId>`), `visibility`, `min_disk`, `min_ram`, `tags`, and
 * at most one data source: `file` (a local path, uploaded and verified) or `url` (Glance's
 * `web-download` import, then waited for until active). Without either the image stays `queued`.
 * The ref is recorded right after the record is made, before any data moves.
 * @example resource: { type: 'image.image', disk_format: 'qcow2', container_format: 'bare', file: '/var/lib/images/debian.qcow2' }
 */
export function imageImageHandler(opts: BuiltinHandlerOptions = {}): ResourceHandler<ImageImageRef> {
  const t = timing(opts)
  return {
    async create(ctx) {
      const p = new Params(TYPE, ctx.params)
      const fields: ImageCreate = {
        name: resourceName(ctx, p.optString('name')),
        disk_format: p.string('disk_format') as ImageCreate['disk_format'],
        container_format: p.string('container_format') as ImageCreate['container_format'],
      }
      const visibility = p.optString('visibility')
      if (visibility !== undefined) fields.visibility = visibility as ImageCreate['visibility'] & string
      const minDisk = p.optInt('min_disk')
      if (minDisk !== undefined) fields.min_disk = minDisk
      const minRam = p.optInt('min_ram')
      if (minRam !== undefined) fields.min_ram = minRam
      const tags = p.optStringList('tags')
      if (tags !== undefined) fields.tags = tags
      const file = p.optString('file')
      const url = p.optString('url')
      if (file !== undefined && url !== undefined) throw new InputError(`${TYPE}: give params.file or params.url, not both`)
      if (url !== undefined && !/^https?:\/\/[^/]/i.test(url)) throw p.wrong('url', 'an http(s) URL', url)
      if (file !== undefined) await checkFile(p, file)
      const image = needClient(ctx, TYPE, 'image')
      if (url !== undefined) {
        const methods = await image.images.importMethods({ signal: ctx.signal })
        if (!methods.includes('web-download')) throw new InputError(`${TYPE}: params.url needs the web-download import method, which this cloud does not enable (enabled: ${methods.join(', ') || 'none'})`)
      }
      const { id } = await image.images.create(fields, { signal: ctx.signal })
      const ref: ImageImageRef = { id }
      await ctx.created(ref)
      if (file !== undefined) {
        await image.images.upload(id, file, { signal: ctx.signal })
      } else if (url !== undefined) {
        await image.images.import(id, { method: { name: 'web-download', uri: url }, signal: ctx.signal })
        await image.images.waitFor(id, 'active', { intervalMs: t.pollIntervalMs, maxIntervalMs: t.maxPollIntervalMs, timeoutMs: t.readyTimeoutMs, signal: ctx.signal })
      }
      return { ref }
    },

    async delete(ref, ctx) {
      const id = refString(TYPE, ref, 'id')
      const image = needClient(ctx, TYPE, 'image')
      await ignoreNotFound(() => image.images.delete(id, { signal: deleteSignal(t) }))
    },

    async status(ref, ctx) {
      const image = needClient(ctx, TYPE, 'image')
      try {
        return statusOf(await image.images.get(refString(TYPE, ref, 'id'), { signal: ctx.signal }))
      } catch (e) {
        if (isNotFound(e)) return 'gone'
        throw e
      }
    },
  }
}

async function checkFile(p: Params, file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) throw p.wrong('file', 'the path of a readable file', file)
}

function statusOf(image: Image): ResourceStatus {
  switch (image.status) {
    case 'active':
      return 'ready'
    case 'killed':
    case 'deactivated':
      return 'failed'
    case 'deleted':
    case 'pending_delete':
      return 'gone'
    default:
      return 'pending'
  }
}
