// src/testing/glance-images.ts — POST, GET and DELETE /v2/images[/{id}]: creating, showing and deleting image records.
import { BodyError, isObject, type GlanceContext } from './glance-context.js'
import { glanceJson, glanceNoContent } from './glance-http.js'
import type { GlanceImage } from './glance-store.js'
import { BASE, DISALLOWED, domainCheck, isReserved, validateImage } from './glance-validate.js'

/** The 403 Glance gives a non-admin who makes an image public (policy publicize_image is role:admin). @example const denied = visibilityDenied(ctx, 'public'); if (denied) return denied */
export function visibilityDenied(ctx: GlanceContext, visibility: unknown): Response | undefined {
  if (visibility === 'public' && !ctx.caller.isAdmin) return ctx.fail(403, 'You are not authorized to complete publicize_image action.')
  return undefined
}

/** Domain readonly attributes, refused on create with 403. */
const CREATE_READONLY = ['created_at', 'updated_at', 'status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size']

/**
 * POST /v2/images: 201 with the image, Location and the import-method and store headers.
 * @example return createImage(ctx)
 */
export async function createImage(ctx: GlanceContext): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof BodyError) return body.response
  if (!isObject(body)) return ctx.fail(400, 'Request body must be a JSON object.')
  for (const key of DISALLOWED) if (key in body) return ctx.fail(403, `Attribute '${key}' is read-only.`)
  const invalid = validateImage(body)
  if (invalid) return ctx.fail(400, invalid)
  const attrs: Record<string, unknown> = {}
  const properties: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if ((BASE as readonly string[]).includes(key)) attrs[key] = value
    else if (key.length > 255) return ctx.fail(400, 'Custom property should not be greater than 255 characters.')
    else if (isReserved(key)) return ctx.fail(403, undefined, `Attribute '${key}' is reserved.`)
    else properties[key] = value as string
  }
  for (const key of CREATE_READONLY) if (key in attrs) return ctx.fail(403, `Attribute '${key}' is read-only.`)
  const negative = domainCheck(attrs)
  if (negative) return ctx.fail(400, negative)
  const { caller, state } = ctx
  if ('owner' in attrs && attrs.owner !== caller.projectId && !caller.isAdmin) return ctx.fail(403, `You are not permitted to create images owned by '${String(attrs.owner)}'.`)
  const denied = visibilityDenied(ctx, attrs.visibility)
  if (denied) return denied
  if (typeof attrs.id === 'string' && state.images.has(attrs.id)) return ctx.fail(409, `Image ID ${attrs.id} already exists!`)
  const tags = Array.isArray(attrs.tags) ? [...new Set(attrs.tags as string[])] : []
  delete attrs.tags
  const owner = 'owner' in attrs ? (attrs.owner as string | null) : caller.projectId
  const image = state.create({ ...(attrs as Partial<GlanceImage>), owner, tags, properties }, owner)
  const origin = new URL(ctx.request.url).origin
  return glanceJson(state.view(image), 201, {
    Location: `${origin}/image/v2/images/${image.id}`,
    'OpenStack-image-import-methods': 'glance-direct,web-download,copy-image',
    'OpenStack-image-store-ids': ctx.config.stores.join(','),
  })
}

/**
 * GET /v2/images/{id}.
 * @example return showImage(ctx, id)
 */
export function showImage(ctx: GlanceContext, id: string): Response {
  const image = ctx.image(id)
  return image instanceof Response ? image : glanceJson(ctx.state.view(image))
}

/**
 * DELETE /v2/images/{id}: 204; 403 when protected or not the caller's.
 * @example return deleteImage(ctx, id)
 */
export function deleteImage(ctx: GlanceContext, id: string): Response {
  const image = ctx.image(id, `Failed to find image ${id} to delete`)
  if (image instanceof Response) return image
  if (!ctx.state.mutable(image, ctx.caller)) return ctx.fail(403, 'You do not own this image')
  if (image.protected) return ctx.fail(403, `Image ${id} is protected and cannot be deleted.`)
  ctx.state.images.delete(id)
  return glanceNoContent()
}

/**
 * GET /v2/images/{id}/tasks (Image API 2.12): the image's import tasks.
 * @example return imageTasks(ctx, id)
 */
export function imageTasks(ctx: GlanceContext, id: string): Response {
  const image = ctx.image(id, '')
  if (image instanceof Response) return ctx.fail(404)
  const tasks = [...ctx.state.tasks.values()].filter((t) => t.image_id === image.id)
  return glanceJson({ tasks: tasks.map((t) => ctx.state.taskView(t)) })
}
