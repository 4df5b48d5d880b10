// src/testing/nova-keypairs.ts — /os-keypairs: list (paginated ≥2.35), show, create (generate ≤2.91 or import), delete.
import type { NovaContext } from './nova-context.js'
import { invalidInput, isObject, isoMicro, nextLinkParams, novaEmpty, novaJson, pyRepr } from './nova-http.js'
import { generateSshKeypair, sshFingerprint, x509Fingerprint } from './nova-sshkey.js'
import type { NovaKeypair } from './nova-types.js'
import { checkAdditional, checkRequired } from './nova-validate.js'

/** The user whose keypairs a request addresses: `user_id` (admin, ≥2.10) or the caller; else Nova's 403. */
function targetUser(ctx: NovaContext, requested: unknown, action: string): string | Response {
  if (typeof requested !== 'string' || !ctx.mv.atLeast('2.10') || requested === ctx.caller.userId) return ctx.caller.userId
  if (!ctx.caller.isAdmin) return ctx.fail(403, `Policy doesn't allow os_compute_api:os-keypairs:${action} to be performed.`)
  return requested
}

function view(ctx: NovaContext, k: NovaKeypair, full: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint }
  if (ctx.mv.atLeast('2.2')) body.type = k.type
  if (full) Object.assign(body, { user_id: k.userId, id: k.id, created_at: isoMicro(k.createdAt), updated_at: null, deleted: false, deleted_at: null })
  return body
}

function find(ctx: NovaContext, name: string, userId: string): NovaKeypair | Response {
  return ctx.state.keypairs.find((k) => k.userId === userId && k.name === name) ?? ctx.fail(404, `Keypair ${name} not found for user ${userId}`)
}

/**
 * `GET /os-keypairs`: `{"keypairs": [{"keypair": {...}}]}`, with `limit`/`marker` and `keypairs_links` from 2.35.
 * @example await listKeypairs(ctx)
 */
export function listKeypairs(ctx: NovaContext): Response {
  const q = ctx.url.searchParams
  const userId = targetUser(ctx, q.get('user_id') ?? undefined, 'index')
  if (userId instanceof Response) return userId
  let list = ctx.state.keypairs.filter((k) => k.userId === userId)
  let limit = Infinity
  if (ctx.mv.atLeast('2.35')) {
    const marker = q.get('marker')
    if (marker !== null) {
      const i = list.findIndex((k) => k.name === marker)
      if (i < 0) return ctx.fail(400, `Marker ${marker} could not be found.`)
      list = list.slice(i + 1)
    }
    const limitText = q.get('limit')
    if (limitText !== null && !/^\d+$/.test(limitText)) return ctx.fail(400, invalidInput('limit', limitText, `'${limitText}' does not match '^[0-9]*$'`))
    limit = Math.min(1000, Number(limitText ?? 0) || 1000)
  }
  const page = list.slice(0, limit)
  const body: Record<string, unknown> = { keypairs: page.map((k) => ({ keypair: view(ctx, k, false) })) }
  if (page.length > 0 && page.length >= limit) {
    const params = nextLinkParams(q)
    params.set('marker', page[page.length - 1]!.name)
    body.keypairs_links = [{ rel: 'next', href: `${ctx.base}/v2.1/os-keypairs?${params.toString()}` }]
  }
  return novaJson(body)
}

/**
 * `GET /os-keypairs/{name}`: the keypair with its id, user and dates; 404 when unknown.
 * @example await showKeypair(ctx, 'ci')
 */
export function showKeypair(ctx: NovaContext, name: string): Response {
  const userId = targetUser(ctx, ctx.url.searchParams.get('user_id') ?? undefined, 'show')
  if (userId instanceof Response) return userId
  const k = find(ctx, name, userId)
  return k instanceof Response ? k : novaJson({ keypair: view(ctx, k, true) })
}

/**
 * `POST /os-keypairs`: imports `public_key` or (before 2.92) generates an RSA key and returns its
 * `private_key` once. 200 before 2.2, 201 after; 409 on a duplicate name; 403 over quota.
 * @example await createKeypair(ctx)
 */
export async function createKeypair(ctx: NovaContext): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  const { mv } = ctx
  if (!isObject(body.keypair)) return ctx.fail(400, checkRequired(body, '', ['keypair']) ?? invalidInput('keypair', body.keypair, `${pyRepr(body.keypair)} is not of type 'object'`))
  const kp = body.keypair
  const allowed = ['name', 'public_key', ...(mv.atLeast('2.2') ? ['type'] : []), ...(mv.atLeast('2.10') ? ['user_id'] : [])]
  const problem = checkRequired(kp, 'keypair', mv.atLeast('2.92') ? ['name', 'public_key'] : ['name']) ?? checkAdditional(kp, 'keypair', allowed)
  if (problem) return ctx.fail(400, problem)
  const name = kp.name
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) return ctx.fail(400, 'Keypair data is invalid: Keypair name must be string and between 1 and 255 characters long')
  if (mv.atLeast('2.92')) {
    if (!/^[a-zA-Z0-9 @._-]+$/.test(name)) return ctx.fail(400, invalidInput('name', name, `'${name}' does not match '^[a-zA-Z0-9 @._-]+$'`))
  } else if (!/^[a-zA-Z0-9 _-]+$/.test(name)) {
    return ctx.fail(400, 'Keypair data is invalid: Keypair name contains unsafe characters')
  }
  const type = kp.type ?? 'ssh'
  if (type !== 'ssh' && type !== 'x509') return ctx.fail(400, invalidInput('type', type, `'${String(type)}' is not one of ['ssh', 'x509']`))
  const userId = targetUser(ctx, kp.user_id, 'create')
  if (userId instanceof Response) return userId
  if (ctx.state.keypairs.some((k) => k.userId === userId && k.name === name)) return ctx.fail(409, `Key pair '${name}' already exists.`)
  const quota = ctx.state.quotaFor(ctx.caller.projectId).key_pairs
  if (quota >= 0 && ctx.state.keypairs.filter((k) => k.userId === userId).length >= quota) return ctx.fail(403, 'Quota exceeded, too many key pairs.')
  let publicKey: string
  let privateKey: string | undefined
  if (kp.public_key !== undefined) {
    if (typeof kp.public_key !== 'string') return ctx.fail(400, invalidInput('public_key', kp.public_key, `${pyRepr(kp.public_key)} is not of type 'string'`))
    publicKey = kp.public_key
  } else {
    ;({ publicKey, privateKey } = generateSshKeypair())
  }
  const fingerprint = type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey)
  if (!fingerprint) return ctx.fail(400, `Keypair data is invalid: failed to generate fingerprint`)
  const keypair: NovaKeypair = { id: ctx.state.nextKeypairId(), name, userId, type, publicKey, fingerprint, createdAt: ctx.state.now() }
  ctx.state.keypairs.push(keypair)
  const out: Record<string, unknown> = { ...view(ctx, keypair, false), user_id: userId }
  if (privateKey !== undefined) out.private_key = privateKey
  return novaJson({ keypair: out }, mv.atLeast('2.2') ? 201 : 200)
}

/**
 * `DELETE /os-keypairs/{name}`: 202 before 2.2, 204 after; 404 when unknown.
 * @example await deleteKeypair(ctx, 'ci')
 */
export function deleteKeypair(ctx: NovaContext, name: string): Response {
  const userId = targetUser(ctx, ctx.url.searchParams.get('user_id') ?? undefined, 'delete')
  if (userId instanceof Response) return userId
  const k = find(ctx, name, userId)
  if (k instanceof Response) return k
  ctx.state.keypairs.splice(ctx.state.keypairs.indexOf(k), 1)
  return novaEmpty(ctx.mv.atLeast('2.2') ? 204 : 202)
}
