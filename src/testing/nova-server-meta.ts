// src/testing/nova-server-meta.ts — /servers/{id}/metadata[/{key}] and /servers/{id}/tags[/{tag}] (≥2.26).
import { checkLock, checkState, type NovaContext } from './nova-context.js'
import { invalidInput, novaEmpty, novaJson, pyRepr } from './nova-http.js'
import type { NovaServer } from './nova-types.js'
import { MAX_TAGS, checkMetadata, checkMetadataQuota, checkRequired, checkTags, tagProblem } from './nova-validate.js'

const META_STATES = ['active', 'paused', 'suspended', 'stopped'] as const
const TAG_STATES = ['active', 'paused', 'suspended', 'stopped'] as const

/** The server if the caller may change its metadata (`action` names it in a 409), else the error. */
function writable(ctx: NovaContext, id: string, action: string, states: readonly string[]): NovaServer | Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  return checkLock(ctx, server) ?? checkState(ctx, action, server, states, null) ?? server
}

/** The server if its tags may change (`action` names it in a 409): Nova checks the vm_state, not the lock. */
function taggable(ctx: NovaContext, id: string, action: string): NovaServer | Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  return checkState(ctx, action, server, TAG_STATES, null) ?? server
}

function touch(ctx: NovaContext, server: NovaServer): void {
  server.updatedAt = ctx.state.now()
}

/**
 * `GET /servers/{id}/metadata` → `{"metadata": {...}}`.
 * @example await listMetadata(ctx, id)
 */
export function listMetadata(ctx: NovaContext, id: string): Response {
  const server = ctx.server(id)
  return server instanceof Response ? server : novaJson({ metadata: { ...server.metadata } })
}

/**
 * `PUT /servers/{id}/metadata` (replace) and `POST` (merge): 200 with the resulting metadata.
 * @example await setMetadata(ctx, id, true)
 */
export async function setMetadata(ctx: NovaContext, id: string, replace: boolean): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  const problem = checkRequired(body, '', ['metadata']) ?? checkMetadata(body.metadata)
  if (problem) return ctx.fail(400, problem)
  const server = writable(ctx, id, 'update metadata', META_STATES)
  if (server instanceof Response) return server
  const next = replace ? { ...(body.metadata as Record<string, string>) } : { ...server.metadata, ...(body.metadata as Record<string, string>) }
  const over = checkMetadataQuota(ctx, server.projectId, Object.keys(next).length)
  if (over) return over
  server.metadata = next
  touch(ctx, server)
  return novaJson({ metadata: { ...next } })
}

/**
 * `GET /servers/{id}/metadata/{key}` → `{"meta": {key: value}}`, 404 when absent.
 * @example await showMetadataItem(ctx, id, 'role')
 */
export function showMetadataItem(ctx: NovaContext, id: string, key: string): Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  if (!Object.hasOwn(server.metadata, key)) return ctx.fail(404, 'Metadata item was not found')
  return novaJson({ meta: { [key]: server.metadata[key] } })
}

/**
 * `PUT /servers/{id}/metadata/{key}` with `{"meta": {key: value}}`: 200 with the item.
 * @example await setMetadataItem(ctx, id, 'role')
 */
export async function setMetadataItem(ctx: NovaContext, id: string, key: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  const problem = checkRequired(body, '', ['meta']) ?? checkMetadata(body.meta, 'meta')
  if (problem) return ctx.fail(400, problem)
  const meta = body.meta as Record<string, string>
  if (Object.keys(meta).length !== 1) return ctx.fail(400, invalidInput('meta', meta, `${pyRepr(meta)} ${Object.keys(meta).length > 1 ? 'has too many properties' : 'does not have enough properties'}`))
  if (!Object.hasOwn(meta, key)) return ctx.fail(400, 'Request body and URI mismatch')
  const server = writable(ctx, id, 'update metadata', META_STATES)
  if (server instanceof Response) return server
  const over = checkMetadataQuota(ctx, server.projectId, Object.keys({ ...server.metadata, ...meta }).length)
  if (over) return over
  server.metadata[key] = meta[key]!
  touch(ctx, server)
  return novaJson({ meta: { [key]: meta[key] } })
}

/**
 * `DELETE /servers/{id}/metadata/{key}`: 204, 404 when absent.
 * @example await deleteMetadataItem(ctx, id, 'role')
 */
export function deleteMetadataItem(ctx: NovaContext, id: string, key: string): Response {
  const found = ctx.server(id)
  if (found instanceof Response) return found
  if (!Object.hasOwn(found.metadata, key)) return ctx.fail(404, 'Metadata item was not found')
  const server = writable(ctx, id, 'delete metadata', META_STATES)
  if (server instanceof Response) return server
  delete server.metadata[key]
  touch(ctx, server)
  return novaEmpty(204)
}

/**
 * `GET /servers/{id}/tags` → `{"tags": [...]}`.
 * @example await listTags(ctx, id)
 */
export function listTags(ctx: NovaContext, id: string): Response {
  const server = ctx.server(id)
  return server instanceof Response ? server : novaJson({ tags: [...server.tags] })
}

/**
 * `PUT /servers/{id}/tags` with `{"tags": [...]}`: replaces all, 200 with the list.
 * @example await replaceTags(ctx, id)
 */
export async function replaceTags(ctx: NovaContext, id: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  const problem = checkRequired(body, '', ['tags']) ?? checkTags(body.tags)
  if (problem) return ctx.fail(400, problem)
  const server = taggable(ctx, id, 'update tags')
  if (server instanceof Response) return server
  server.tags = [...(body.tags as string[])]
  touch(ctx, server)
  return novaJson({ tags: [...server.tags] })
}

/**
 * `GET /servers/{id}/tags/{tag}`: 204 when the server has it, else 404.
 * @example await checkServerTag(ctx, id, 'prod')
 */
export function checkServerTag(ctx: NovaContext, id: string, tag: string): Response {
  const server = ctx.server(id)
  if (server instanceof Response) return server
  return server.tags.includes(tag) ? novaEmpty(204) : ctx.fail(404, `Server ${id} has no tag '${tag}'`)
}

/**
 * `PUT /servers/{id}/tags/{tag}`: 201 with Location when added, 204 when already there, 400 over 50 tags.
 * @example await addTag(ctx, id, 'prod')
 */
export function addTag(ctx: NovaContext, id: string, tag: string): Response {
  const server = taggable(ctx, id, 'update tag')
  if (server instanceof Response) return server
  const problem = tagProblem(tag)
  if (problem) return ctx.fail(400, `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${problem}`)
  // Nova counts before it looks for the tag: a full server refuses even a tag it has
  if (server.tags.length >= MAX_TAGS) return ctx.fail(400, `The number of tags exceeded the per-server limit ${MAX_TAGS}`)
  if (server.tags.includes(tag)) return novaEmpty(204)
  server.tags.push(tag)
  touch(ctx, server)
  return novaEmpty(201, { Location: `${ctx.base}/v2.1/servers/${id}/tags/${encodeURIComponent(tag)}` })
}

/**
 * `DELETE /servers/{id}/tags/{tag}` (404 when absent) and `DELETE /servers/{id}/tags` (all): 204.
 * @example await deleteTags(ctx, id, 'prod')
 */
export function deleteTags(ctx: NovaContext, id: string, tag?: string): Response {
  const server = taggable(ctx, id, tag === undefined ? 'delete tags' : 'delete tag')
  if (server instanceof Response) return server
  if (tag !== undefined && !server.tags.includes(tag)) return ctx.fail(404, `Instance ${id} has no tag '${tag}'`)
  server.tags = tag === undefined ? [] : server.tags.filter((t) => t !== tag)
  touch(ctx, server)
  return novaEmpty(204)
}

