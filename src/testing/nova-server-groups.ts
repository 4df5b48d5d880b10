// src/testing/nova-server-groups.ts — /os-server-groups: `policies` before 2.64, `policy` and `rules` from it.
import { randomUUID } from 'node:crypto'
import type { NovaContext } from './nova-context.js'
import { invalidInput, isObject, novaEmpty, novaJson, pyRepr } from './nova-http.js'
import type { NovaServerGroup } from './nova-types.js'
import { checkAdditional, checkName, checkRequired } from './nova-validate.js'

function view(ctx: NovaContext, g: NovaServerGroup): Record<string, unknown> {
  const members = g.members.filter((m) => ctx.state.servers.get(m)?.deletedAt === null)
  const body: Record<string, unknown> = { id: g.id, name: g.name }
  if (ctx.mv.atLeast('2.64')) Object.assign(body, { policy: g.policy, rules: { ...g.rules }, members })
  else Object.assign(body, { policies: [g.policy], members, metadata: {} })
  if (ctx.mv.atLeast('2.13')) Object.assign(body, { project_id: g.projectId, user_id: g.userId })
  return body
}

function find(ctx: NovaContext, id: string): NovaServerGroup | Response {
  const g = ctx.state.serverGroups.get(id)
  if (!g || (g.projectId !== ctx.caller.projectId && !ctx.caller.isAdmin)) return ctx.fail(404, `Instance group ${id} could not be found.`)
  return g
}

/**
 * `GET /os-server-groups`: the project's groups (admins: `all_projects`), `limit`/`offset`.
 * @example await listServerGroups(ctx)
 */
export function listServerGroups(ctx: NovaContext): Response {
  const q = ctx.url.searchParams
  const all = ctx.caller.isAdmin && q.has('all_projects') && !['0', 'false', 'no', 'off'].includes((q.get('all_projects') ?? '').toLowerCase())
  let groups = [...ctx.state.serverGroups.values()].filter((g) => all || g.projectId === ctx.caller.projectId)
  const offset = Number(q.get('offset') ?? 0)
  const limit = Number(q.get('limit') ?? 1000)
  if (!Number.isInteger(offset) || offset < 0) return ctx.fail(400, invalidInput('offset', q.get('offset'), `${pyRepr(q.get('offset'))} does not match '^[0-9]*$'`))
  if (!Number.isInteger(limit) || limit < 0) return ctx.fail(400, invalidInput('limit', q.get('limit'), `${pyRepr(q.get('limit'))} does not match '^[0-9]*$'`))
  groups = groups.slice(offset, offset + Math.min(limit || 1000, 1000))
  return novaJson({ server_groups: groups.map((g) => view(ctx, g)) })
}

/**
 * `POST /os-server-groups`: 200 with the group. Soft policies need 2.15; `policy`/`rules`
 * (only `max_server_per_host` with anti-affinity) replace `policies` at 2.64. 403 over quota.
 * @example await createServerGroup(ctx)
 */
export async function createServerGroup(ctx: NovaContext): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  if (!isObject(body.server_group)) return ctx.fail(400, checkRequired(body, '', ['server_group']) ?? invalidInput('server_group', body.server_group, `${pyRepr(body.server_group)} is not of type 'object'`))
  const sg = body.server_group
  const modern = ctx.mv.atLeast('2.64')
  const policies = ['affinity', 'anti-affinity', ...(ctx.mv.atLeast('2.15') ? ['soft-anti-affinity', 'soft-affinity'] : [])]
  const problem =
    checkRequired(sg, 'server_group', modern ? ['name', 'policy'] : ['name', 'policies']) ??
    checkAdditional(sg, 'server_group', modern ? ['name', 'policy', 'rules'] : ['name', 'policies']) ??
    checkName(sg.name)
  if (problem) return ctx.fail(400, problem)
  let policy: unknown
  if (modern) {
    policy = sg.policy
    if (typeof policy !== 'string' || !policies.includes(policy)) return ctx.fail(400, invalidInput('policy', policy, `${pyRepr(policy)} is not one of ${pyRepr(policies)}`))
  } else {
    const list = sg.policies
    if (!Array.isArray(list) || list.length !== 1) return ctx.fail(400, invalidInput('policies', list, `${pyRepr(list)} is ${Array.isArray(list) && list.length > 1 ? 'too long' : 'too short'}`))
    policy = list[0]
    if (typeof policy !== 'string' || !policies.includes(policy)) return ctx.fail(400, invalidInput('policies', list, `${pyRepr(policy)} is not one of ${pyRepr(policies)}`))
  }
  const rules: NovaServerGroup['rules'] = {}
  if (sg.rules !== undefined) {
    if (!isObject(sg.rules)) return ctx.fail(400, invalidInput('rules', sg.rules, `${pyRepr(sg.rules)} is not of type 'object'`))
    const extra = checkAdditional(sg.rules, 'rules', ['max_server_per_host'])
    if (extra) return ctx.fail(400, extra)
    if (Object.keys(sg.rules).length > 0 && policy !== 'anti-affinity') return ctx.fail(400, 'Only anti-affinity policy supports rules.')
    const max = sg.rules.max_server_per_host
    if (max !== undefined) {
      const n = typeof max === 'string' && /^\d+$/.test(max) ? Number(max) : max
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return ctx.fail(400, invalidInput('max_server_per_host', max, `${pyRepr(max)} is less than the minimum of 1`))
      rules.max_server_per_host = n
    }
  }
  const quota = ctx.state.quotaFor(ctx.caller.projectId).server_groups
  if (quota >= 0 && [...ctx.state.serverGroups.values()].filter((g) => g.projectId === ctx.caller.projectId).length >= quota) {
    return ctx.fail(403, 'Quota exceeded, too many server groups.')
  }
  const group: NovaServerGroup = { id: randomUUID(), name: sg.name as string, policy: policy as NovaServerGroup['policy'], rules, members: [], projectId: ctx.caller.projectId, userId: ctx.caller.userId }
  ctx.state.serverGroups.set(group.id, group)
  return novaJson({ server_group: view(ctx, group) })
}

/**
 * `GET /os-server-groups/{id}`; 404 when unknown.
 * @example await showServerGroup(ctx, id)
 */
export function showServerGroup(ctx: NovaContext, id: string): Response {
  const g = find(ctx, id)
  return g instanceof Response ? g : novaJson({ server_group: view(ctx, g) })
}

/**
 * `DELETE /os-server-groups/{id}`: 204.
 * @example await deleteServerGroup(ctx, id)
 */
export function deleteServerGroup(ctx: NovaContext, id: string): Response {
  const g = find(ctx, id)
  if (g instanceof Response) return g
  ctx.state.serverGroups.delete(id)
  return novaEmpty(204)
}
