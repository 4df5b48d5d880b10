// src/testing/glance-import.ts — POST /v2/images/{id}/import (glance-direct, web-download, copy-image) and the import task's outcome.
import { randomUUID } from 'node:crypto'
import { BodyError, isObject, type GlanceContext } from './glance-context.js'
import { setImageData } from './glance-data.js'
import { glanceNoContent } from './glance-http.js'
import type { GlanceImage, GlanceTask } from './glance-store.js'

/** Import methods the fake offers, as `enabled_import_methods` lists them. @example IMPORT_METHODS.includes('web-download') */
export const IMPORT_METHODS = ['glance-direct', 'web-download', 'copy-image'] as const

/** Glance's merge_store_list(): a sorted, comma-joined set. */
function mergeStores(image: GlanceImage, key: string, stores: readonly string[], subtract = false): void {
  const existing = new Set((image.properties[key] ?? '').split(',').filter(Boolean))
  for (const s of stores) {
    if (subtract) existing.delete(s)
    else existing.add(s)
  }
  image.properties[key] = [...existing].sort().join(',')
}

/** The stores the request names (body `stores`, `all_stores`, the x-image-meta-store header or the default). */
function requestedStores(ctx: GlanceContext, body: Record<string, unknown>): string[] | Response {
  const header = ctx.request.headers.get('x-image-meta-store')
  let stores: string[]
  if (body.all_stores === true) {
    if ('stores' in body || header !== null) return ctx.fail(400, "All_stores parameter can't be used with x-image-meta-store header or stores parameter")
    stores = [...ctx.config.stores]
  } else if ('stores' in body) {
    if (header !== null) return ctx.fail(400, "Stores parameter and x-image-meta-store header can't be both specified")
    stores = Array.isArray(body.stores) ? body.stores.map(String) : []
  } else stores = [header ?? ctx.config.defaultStore]
  const unknown = stores.find((s) => !ctx.config.stores.includes(s))
  return unknown === undefined ? stores : ctx.fail(409, `Store for identifier ${unknown} not found`)
}

/** Fetches a web-download source; the bytes, or the reason the task fails. */
async function download(ctx: GlanceContext, uri: string): Promise<Buffer | string> {
  try {
    const response = await ctx.config.fetchUrl(uri, AbortSignal.timeout(60_000))
    if (!response.ok) return `HTTP error ${response.status} fetching ${uri}`
    const data = Buffer.from(await response.arrayBuffer())
    return data.length > ctx.config.maxImageSize ? 'The provided image is too large.' : data
  } catch (error) {
    return `Error fetching ${uri}: ${error instanceof Error ? error.message : String(error)}`
  }
}

/**
 * POST /v2/images/{id}/import: checks as Glance does, takes the image's import lock
 * (`os_glance_import_task`), marks `os_glance_importing_to_stores`, clears the requested stores
 * from `os_glance_failed_import`, answers 202, and finishes the task `importDelayMs` of fake time
 * later (or at once). Failed stores end up in `os_glance_failed_import`; an import that
 * cannot succeed puts the image back to queued (copy-image leaves it active).
 * @example return importImage(ctx, id)
 */
export async function importImage(ctx: GlanceContext, id: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof BodyError) return body.response
  if (!isObject(body) || !('method' in body)) return ctx.fail(400, "Import request requires a 'method' field.")
  const method = isObject(body.method) ? body.method : {}
  if (!('name' in method)) return ctx.fail(400, "Import request requires a 'name' field.")
  const name = String(method.name)
  if (!(IMPORT_METHODS as readonly string[]).includes(name)) return ctx.fail(400, `Unknown import method name '${name}'.`)
  const mustSucceed = body.all_stores_must_succeed ?? true
  if (typeof mustSucceed !== 'boolean') return ctx.fail(400, "'all_stores_must_succeed' must be boolean value only")
  if (typeof (body.all_stores ?? false) !== 'boolean') return ctx.fail(400, "'all_stores' must be boolean value only")

  const { state, caller } = ctx
  const image = ctx.image(id)
  if (image instanceof Response) return image
  if (image.status === 'active' && name !== 'copy-image') return ctx.fail(409, 'Image with status active cannot be target for import')
  if (image.status !== 'active' && name === 'copy-image') return ctx.fail(409, 'Only images with status active can be targeted for copying')
  if (image.status !== 'queued' && name === 'web-download') return ctx.fail(409, "Image needs to be in 'queued' state to use 'web-download' method")
  if (image.status !== 'uploading' && name === 'glance-direct') return ctx.fail(409, "Image needs to be staged before 'glance-direct' method can be used")
  if (!image.container_format) return ctx.fail(409, "'container_format' needs to be set before import")
  if (!image.disk_format) return ctx.fail(409, "'disk_format' needs to be set before import")
  if (name === 'copy-image' && !caller.isAdmin) return ctx.fail(403, 'You are not authorized to complete copy_image action.')
  if (name !== 'copy-image' && !state.mutable(image, caller)) return ctx.fail(403, 'You do not own this image')
  const lock = image.properties.os_glance_import_task
  if (lock !== undefined && state.tasks.get(lock)?.status === 'processing') return ctx.fail(409, 'Image has active task')
  let stores = requestedStores(ctx, body)
  if (stores instanceof Response) return stores
  if (name === 'copy-image') {
    if (body.all_stores === true) {
      stores = stores.filter((s) => !image.stores.includes(s))
      if (stores.length === 0) return glanceNoContent(202)
    } else {
      const present = stores.find((s) => image.stores.includes(s))
      if (present) return ctx.fail(400, `Image is already present at store '${present}'`)
    }
  }
  const uri = typeof method.uri === 'string' ? method.uri : ''
  if (name === 'web-download' && !/^https?:\/\/[^/]/i.test(uri)) return ctx.fail(400, `URI for web-download does not pass filtering: ${uri || 'None'}`)

  const now = state.clock.now()
  const task: GlanceTask = {
    id: randomUUID(),
    image_id: image.id,
    status: 'processing',
    owner: caller.projectId,
    user_id: caller.userId,
    request_id: ctx.requestId,
    input: { image_id: image.id, import_req: body, backend: stores },
    message: '',
    created_at: now,
    updated_at: now,
    expires_at: null,
  }
  state.tasks.set(task.id, task)
  image.properties.os_glance_import_task = task.id
  if (name !== 'copy-image') image.status = 'importing'
  mergeStores(image, 'os_glance_importing_to_stores', stores)
  mergeStores(image, 'os_glance_failed_import', stores, true)
  delete image.properties.os_glance_stage_host
  state.touch(image)

  // The data is fetched now (no background work), the outcome shows at the due fake time.
  const source = name === 'glance-direct' ? (image.staged ?? Buffer.alloc(0)) : name === 'copy-image' ? image.data! : await download(ctx, uri)
  const injected = ctx.config.nextImportFailure
  delete ctx.config.nextImportFailure
  const failing = typeof source === 'string' ? stores : injected ? stores.filter((s) => !injected.stores || injected.stores.includes(s)) : []
  const reason = typeof source === 'string' ? source : (injected?.reason ?? '')
  const outcome: Outcome = { name, stores, failing, reason, mustSucceed, source }
  state.schedule(now + ctx.config.importDelayMs, () => finish(ctx, image, task, outcome))
  return glanceNoContent(202)
}

interface Outcome {
  name: string
  stores: string[]
  failing: string[]
  reason: string
  mustSucceed: boolean
  source: Buffer | string
}

/** Applies an import task's result to the image, as Glance's taskflow (and its revert) leaves it. */
function finish(ctx: GlanceContext, image: GlanceImage, task: GlanceTask, o: Outcome): void {
  const { state } = ctx
  const done = (status: 'success' | 'failure', message: string) => {
    task.status = status
    task.message = message
    task.updated_at = state.clock.now()
    task.expires_at = task.updated_at + 48 * 3600_000
  }
  if (state.images.get(image.id) !== image) return done('failure', 'Image has been deleted, aborting import.')
  const aborted = o.mustSucceed && o.failing.length > 0
  const landed = aborted ? [] : o.stores.filter((s) => !o.failing.includes(s))
  for (const store of landed) setImageData(image, o.source as Buffer, store)
  mergeStores(image, 'os_glance_importing_to_stores', o.stores, true)
  mergeStores(image, 'os_glance_failed_import', aborted ? o.failing.slice(0, 1) : o.failing)
  delete image.properties.os_glance_import_task
  if (o.name !== 'copy-image') {
    if (landed.length) image.status = 'active'
    else Object.assign(image, { status: 'queued', size: null, virtual_size: null })
    delete image.staged
  }
  state.touch(image)
  if (landed.length) done('success', o.failing.length ? o.reason : '')
  else done('failure', o.reason || 'None of the uploads finished!')
}
