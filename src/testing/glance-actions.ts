// src/testing/glance-actions.ts — tags (PUT/DELETE /tags/{tag}) and the deactivate/reactivate actions.
import type { GlanceContext } from './glance-context.js'
import { glanceNoContent } from './glance-http.js'

/**
 * PUT or DELETE /v2/images/{id}/tags/{tag}: 204; adding twice is fine, removing a missing tag 404s.
 * @example return changeTag(ctx, id, 'gold')
 */
export function changeTag(ctx: GlanceContext, id: string, tag: string): Response {
  const image = ctx.image(id, `Image ${id} not found.`)
  if (image instanceof Response) return image
  const adding = ctx.request.method === 'PUT'
  if (!ctx.state.mutable(image, ctx.caller)) return ctx.fail(403, `Not allowed to ${adding ? 'update' : 'delete'} tags for image ${id}.`)
  if (adding) {
    if ([...tag].length > 255) return ctx.fail(400, `Could not update image: Provided object does not match schema 'image': '${tag}' is too long`)
    if (!image.tags.includes(tag)) image.tags.push(tag)
  } else {
    const i = image.tags.indexOf(tag)
    if (i < 0) return ctx.fail(404)
    image.tags.splice(i, 1)
  }
  ctx.state.touch(image)
  return glanceNoContent()
}

/**
 * POST /v2/images/{id}/actions/deactivate|reactivate: 204; repeating is a no-op; other statuses 403.
 * @example return imageAction(ctx, id, 'deactivate')
 */
export function imageAction(ctx: GlanceContext, id: string, action: 'deactivate' | 'reactivate'): Response {
  const image = ctx.image(id)
  if (image instanceof Response) return image
  if (!ctx.state.mutable(image, ctx.caller)) return ctx.fail(403, 'You do not own this image')
  const [from, to] = action === 'deactivate' ? (['active', 'deactivated'] as const) : (['deactivated', 'active'] as const)
  if (image.status === to) return glanceNoContent()
  if (image.status !== from) return ctx.fail(403, `Not allowed to ${action} image in status '${image.status}'`)
  image.status = to
  ctx.state.touch(image)
  return glanceNoContent()
}
