// src/testing/glance-members.ts — /v2/images/{id}/members: sharing an image with other projects, and their answers.
import { BodyError, isObject, type GlanceContext } from './glance-context.js'
import { glanceJson } from './glance-http.js'
import type { GlanceImage, GlanceMember, GlanceMemberStatus } from './glance-store.js'

const STATUSES: readonly GlanceMemberStatus[] = ['pending', 'accepted', 'rejected']

/** The memberships the caller may see: all for the owner or an admin, else only its own. */
function visibleMembers(ctx: GlanceContext, image: GlanceImage): GlanceMember[] {
  const all = [...image.members.values()]
  if (ctx.caller.isAdmin || ctx.caller.projectId === image.owner) return all
  return all.filter((m) => m.member_id === ctx.caller.projectId)
}

const isOwner = (ctx: GlanceContext, image: GlanceImage): boolean => ctx.caller.isAdmin || (image.owner !== null && ctx.caller.projectId === image.owner)

/**
 * GET /v2/images/{id}/members.
 * @example return listMembers(ctx, id)
 */
export function listMembers(ctx: GlanceContext, id: string): Response {
  const image = ctx.image(id, `Image ${id} not found.`)
  if (image instanceof Response) return image
  if (image.visibility !== 'shared') return ctx.fail(403, `Not allowed to list members for image ${id}: Only shared images have members.`)
  return glanceJson({ members: visibleMembers(ctx, image).map((m) => ctx.state.memberView(image, m)), schema: '/v2/schemas/members' })
}

/**
 * POST /v2/images/{id}/members `{"member": "<project id>"}`: the owner shares a shared image (200, pending).
 * @example return addMember(ctx, id)
 */
export async function addMember(ctx: GlanceContext, id: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof BodyError) return body.response
  if (!isObject(body)) return ctx.fail(400, 'Expected a member in the form: {"member": "image_id"}')
  if (!('member' in body)) return ctx.fail(400, 'Member to be added not specified')
  if (!body.member) return ctx.fail(400, "Member can't be empty")
  const memberId = String(body.member)
  const image = ctx.image(id, `Image ${id} not found.`)
  if (image instanceof Response) return image
  if (image.visibility !== 'shared' || !isOwner(ctx, image)) return ctx.fail(403, `Not allowed to create members for image ${id}.`)
  if (image.members.has(memberId)) return ctx.fail(409, `Member ${memberId} is duplicated for image ${id}`)
  const now = ctx.state.clock.now()
  const member: GlanceMember = { member_id: memberId, status: 'pending', created_at: now, updated_at: now }
  image.members.set(memberId, member)
  return glanceJson(ctx.state.memberView(image, member))
}

/** The membership, if the caller may see it; else Glance's 404. */
function lookup(ctx: GlanceContext, image: GlanceImage, memberId: string): GlanceMember | Response {
  const m = visibleMembers(ctx, image).find((x) => x.member_id === memberId)
  return m ?? ctx.fail(404, `${memberId} not found in the member list of the image ${image.id}.`)
}

/**
 * GET /v2/images/{id}/members/{member}.
 * @example return showMember(ctx, id, member)
 */
export function showMember(ctx: GlanceContext, id: string, memberId: string): Response {
  const image = ctx.image(id, `Image ${id} not found.`)
  if (image instanceof Response) return image
  if (image.visibility !== 'shared') return ctx.fail(404, 'Only shared images have members.')
  const m = lookup(ctx, image, memberId)
  return m instanceof Response ? m : glanceJson(ctx.state.memberView(image, m))
}

/**
 * PUT /v2/images/{id}/members/{member} `{"status": "accepted"}`: only the member answers (the owner gets 403).
 * @example return updateMember(ctx, id, member)
 */
export async function updateMember(ctx: GlanceContext, id: string, memberId: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof BodyError) return body.response
  if (!isObject(body)) return ctx.fail(400, 'Expected a status in the form: {"status": "status"}')
  if (!('status' in body)) return ctx.fail(400, 'Status not specified')
  const image = ctx.image(id, `Image ${id} not found.`)
  if (image instanceof Response) return image
  const ownerNotAdmin = !ctx.caller.isAdmin && ctx.caller.projectId === image.owner
  if (image.visibility !== 'shared' || ownerNotAdmin) return ctx.fail(403, `Not allowed to update members for image ${id}.`)
  const m = lookup(ctx, image, memberId)
  if (m instanceof Response) return m
  if (!STATUSES.includes(body.status as GlanceMemberStatus)) return ctx.fail(400, 'Incorrect request: Status must be "pending", "accepted" or "rejected".')
  m.status = body.status as GlanceMemberStatus
  m.updated_at = ctx.state.clock.now()
  return glanceJson(ctx.state.memberView(image, m))
}

/**
 * DELETE /v2/images/{id}/members/{member}: the owner stops sharing (204).
 * @example return deleteMember(ctx, id, member)
 */
export function deleteMember(ctx: GlanceContext, id: string, memberId: string): Response {
  const image = ctx.image(id, `Image ${id} not found.`)
  if (image instanceof Response) return image
  if (image.visibility !== 'shared' || !isOwner(ctx, image)) return ctx.fail(403, `Not allowed to delete members for image ${id}.`)
  const m = lookup(ctx, image, memberId)
  if (m instanceof Response) return m
  image.members.delete(memberId)
  return new Response(null, { status: 204, headers: { 'Content-Length': '0' } })
}
