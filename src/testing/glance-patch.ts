// src/testing/glance-patch.ts — PATCH /v2/images/{id}: Glance's JSON-patch dialects (v2.1 = RFC 6902 ops, v2.0 = draft 4).
import { BodyError, isObject, type GlanceContext } from './glance-context.js'
import { glanceJson } from './glance-http.js'
import { visibilityDenied } from './glance-images.js'
import type { GlanceImage } from './glance-store.js'
import { BASE, domainCheck, isReserved, READONLY, validateImage } from './glance-validate.js'

const MEDIA_TYPES: Record<string, 4 | 10> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
}
const OPS = ['add', 'remove', 'replace'] as const
type Op = (typeof OPS)[number]
interface Change {
  op: Op
  path: string[]
  value?: unknown
}

/** Parses and checks the operations as Glance's deserializer does: a Change list or the 400/403 answer. */
function parseChanges(ctx: GlanceContext, body: unknown, draft: 4 | 10): Change[] | Response {
  if (!Array.isArray(body)) return ctx.fail(400, 'Request body must be a JSON array of operation objects.')
  const changes: Change[] = []
  for (const raw of body) {
    if (!isObject(raw)) return ctx.fail(400, 'Operations must be JSON objects.')
    let op: Op
    let pointer: unknown
    if (draft === 10) {
      const o = raw.op
      if (o === undefined) return ctx.fail(400, 'Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace.')
      if (!OPS.includes(o as Op)) return ctx.fail(400, `Invalid operation: \`${String(o)}\`. It must be one of the following: add, remove, replace.`)
      op = o as Op
      if (!('path' in raw)) return ctx.fail(400, "Unable to find 'path' in JSON Schema change")
      pointer = raw.path
    } else {
      const present = OPS.filter((k) => k in raw)
      if (present.length > 1) return ctx.fail(400, 'Operation objects must contain only one member named "add", "remove", or "replace".')
      if (present.length === 0) return ctx.fail(400, 'Operation objects must contain exactly one member named "add", "remove", or "replace".')
      op = present[0]!
      pointer = raw[op]
    }
    const p = String(pointer)
    if (!p.startsWith('/')) return ctx.fail(400, `Pointer \`${p}\` does not start with "/".`)
    if (/\/\s*?\//.test(p.slice(1))) return ctx.fail(400, `Pointer \`${p}\` contains adjacent "/".`)
    if (p.length > 1 && p.endsWith('/')) return ctx.fail(400, `Pointer \`${p}\` end with "/".`)
    if (/~[^01]/.test(p) || p.endsWith('~')) return ctx.fail(400, `Pointer \`${p}\` contains "~" not part of a recognized escape sequence.`)
    const path = p.replace(/^\/+/, '').split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~').trim())
    const root = path[0]!
    const depth = root === 'locations' ? { add: 2, remove: 2, replace: 1 }[op] : 1
    if (path.length !== depth) return ctx.fail(400, `Invalid JSON pointer for this resource: '/${path.join('/')}'`)
    if (op !== 'remove' && !('value' in raw)) return ctx.fail(400, `Operation "${op}" requires a member named "value".`)
    if ((READONLY as readonly string[]).includes(root)) return ctx.fail(403, `Attribute '${root}' is read-only.`)
    if (isReserved(root)) return ctx.fail(403, `Attribute '${root}' is reserved.`)
    if (op !== 'remove' && root !== 'locations') {
      const invalid = validateImage({ [root]: raw.value })
      if (invalid) return ctx.fail(400, invalid)
    }
    changes.push({ op, path, ...(op !== 'remove' ? { value: raw.value } : {}) })
  }
  return changes
}

/** Applies one change to a working copy of the image; an error answer stops the whole patch. */
function apply(ctx: GlanceContext, image: GlanceImage, change: Change, draft: 4 | 10): Response | undefined {
  const root = change.path[0]!
  if (root === 'locations') {
    const verb = { add: 'add', remove: 'remove', replace: 'update' }[change.op]
    return ctx.fail(403, `It's not allowed to ${verb} locations if locations are invisible.`)
  }
  const isBase = (BASE as readonly string[]).includes(root)
  if (change.op === 'replace' && root === 'owner' && !ctx.caller.isAdmin) return ctx.fail(403, undefined, "Owner can't be updated by non admin.")
  if (root === 'visibility') {
    const denied = visibilityDenied(ctx, change.value)
    if (denied) return denied
  }
  if (!ctx.state.mutable(image, ctx.caller)) return ctx.fail(403, 'You do not own this image')
  if (change.op === 'remove') {
    if (isBase) return ctx.fail(403, undefined, `Property ${root} may not be removed.`)
    if (!(root in image.properties)) return ctx.fail(409, undefined, `Property ${root} does not exist.`)
    delete image.properties[root]
    return undefined
  }
  if (change.op === 'replace' && !isBase && !(root in image.properties)) return ctx.fail(409, undefined, `Property ${root} does not exist.`)
  if (change.op === 'add' && draft === 4 && (isBase || root in image.properties)) return ctx.fail(409, undefined, `Property ${root} already present.`)
  if (!isBase) {
    image.properties[root] = change.value as string
    return undefined
  }
  if ((root === 'disk_format' || root === 'container_format') && image.status !== 'queued' && image.status !== 'importing') {
    return ctx.fail(403, `Attribute ${root} can be only replaced for a queued image.`)
  }
  const negative = domainCheck({ [root]: change.value })
  if (negative) return ctx.fail(400, negative)
  const record = image as unknown as Record<string, unknown>
  record[root] = root === 'tags' ? [...new Set(change.value as string[])] : change.value
  return undefined
}

/**
 * PATCH /v2/images/{id}: every operation is checked first, then applied to a copy; the image
 * changes only when all succeed, as Glance saves once at the end.
 * @example return patchImage(ctx, id)
 */
export async function patchImage(ctx: GlanceContext, id: string): Promise<Response> {
  const contentType = (ctx.request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const draft = MEDIA_TYPES[contentType]
  if (!draft) {
    return ctx.fail(415, undefined, undefined, { contentType: contentType || 'text/plain', headers: { 'Accept-Patch': Object.keys(MEDIA_TYPES).sort().join(', ') } })
  }
  const body = await ctx.body()
  if (body instanceof BodyError) return body.response
  const changes = parseChanges(ctx, body, draft)
  if (changes instanceof Response) return changes
  const image = ctx.image(id)
  if (image instanceof Response) return image
  const copy: GlanceImage = { ...image, tags: [...image.tags], properties: { ...image.properties } }
  for (const change of changes) {
    const error = apply(ctx, copy, change, draft)
    if (error) return error
  }
  if (changes.length) {
    Object.assign(image, copy)
    ctx.state.touch(image)
  }
  return glanceJson(ctx.state.view(image))
}
