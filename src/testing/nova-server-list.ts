// src/testing/nova-server-list.ts — GET /servers and /servers/detail: Nova's filters, sorting and marker/limit pagination.
import type { NovaContext } from './nova-context.js'
import { invalidQuery, nextLinkParams, novaJson } from './nova-http.js'
import { statesForStatuses } from './nova-states.js'
import { serverDetail, serverSummary } from './nova-server-view.js'
import type { NovaServer } from './nova-types.js'

/** Nova's `[api] max_limit`. */
export const MAX_LIMIT = 1000

const SORT_KEYS: Record<string, (s: NovaServer) => string | number> = {
  created_at: (s) => s.createdAt,
  updated_at: (s) => s.updatedAt,
  launched_at: (s) => s.launchedAt ?? 0,
  display_name: (s) => s.name,
  hostname: (s) => s.hostname,
  uuid: (s) => s.id,
  vm_state: (s) => s.vmState,
  task_state: (s) => s.taskState ?? '',
  power_state: (s) => s.powerState,
  key_name: (s) => s.keyName ?? '',
  image_ref: (s) => s.imageId,
  instance_type_id: (s) => s.flavorId,
}

function knownParams(ctx: NovaContext): string[] {
  const known = ['reservation_id', 'name', 'status', 'image', 'flavor', 'ip', 'ip6', 'changes-since', 'all_tenants', 'limit', 'marker', 'sort_key', 'sort_dir']
  known.push('availability_zone', 'key_name', 'config_drive', 'access_ip_v4', 'access_ip_v6', 'created_at', 'launched_at', 'terminated_at', 'user_id', 'project_id', 'tenant_id', 'host', 'deleted', 'soft_deleted', 'uuid')
  if (ctx.mv.atLeast('2.26')) known.push('tags', 'tags-any', 'not-tags', 'not-tags-any')
  if (ctx.mv.atLeast('2.66')) known.push('changes-before')
  if (ctx.mv.atLeast('2.73')) known.push('locked')
  if (ctx.mv.atLeast('2.83')) known.push('description')
  return known
}

const isTrue = (v: string): boolean => !['0', 'false', 'f', 'off', 'n', 'no'].includes(v.toLowerCase())
const splitList = (v: string | null): string[] => (v ? v.split(',').map((t) => t.trim()).filter((t) => t !== '') : [])

function parseTime(ctx: NovaContext, param: string): number | Response | undefined {
  const v = ctx.url.searchParams.get(param)
  if (v === null) return undefined
  const t = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(v) || v.length <= 10 ? v : `${v}Z`) : NaN
  return Number.isNaN(t) ? ctx.fail(400, invalidQuery(param, v, `'${v}' is not a 'date-time'`)) : t
}

/** The servers a request's filters select (before sorting), or Nova's error. */
function select(ctx: NovaContext): NovaServer[] | Response {
  const q = ctx.url.searchParams
  const { caller, mv } = ctx
  const allTenants = q.has('all_tenants') && isTrue(q.get('all_tenants') ?? '')
  if (allTenants && !caller.isAdmin) {
    const which = ctx.url.pathname.endsWith('/detail') ? 'detail' : 'index'
    return ctx.fail(403, `Policy doesn't allow os_compute_api:servers:${which}:get_all_tenants to be performed.`)
  }
  const since = parseTime(ctx, 'changes-since')
  if (since instanceof Response) return since
  const before = mv.atLeast('2.66') ? parseTime(ctx, 'changes-before') : undefined
  if (before instanceof Response) return before
  if (since !== undefined && before !== undefined && since > before) return ctx.fail(400, 'The value of changes-since must be less than or equal to changes-before.')
  // status filters by vm_state (and task_state unless a status stands for a vm_state's default), as Nova's
  // task_and_vm_state_from_status: ACTIVE also selects servers shown as REBOOT, SHUTOFF those in RESIZE
  let vmStates: string[] | undefined
  let taskStates: string[] | undefined
  if (q.has('status')) {
    const states = statesForStatuses(q.getAll('status'))
    if (states.vmStates.length === 0) return mv.atLeast('2.38') ? ctx.fail(400, 'Invalid status value') : []
    vmStates = states.vmStates
    if (!states.taskStates.includes('default')) taskStates = states.taskStates
  }
  const onlyDeleted = vmStates?.length === 1 && vmStates[0] === 'deleted'
  if (onlyDeleted && !caller.isAdmin) return ctx.fail(403, 'Only administrators may list deleted instances')
  // without all_tenants everyone sees their own project, whatever project_id says
  const project = allTenants ? (q.get('project_id') ?? q.get('tenant_id') ?? null) : caller.projectId
  // Nova's `deleted` filter: none with changes-since/before, only deleted (and soft-deleted) ones when
  // asked (admins), else live servers that are not soft-deleted either (unless an admin asks for those)
  const deletedParam = caller.isAdmin ? q.get('deleted') : null
  let deleted: boolean | undefined = since !== undefined || before !== undefined ? undefined : false
  if (deletedParam !== null) deleted = ['1', 't', 'true', 'on', 'y', 'yes'].includes(deletedParam.toLowerCase())
  if (onlyDeleted) deleted = true
  const softDeleted = caller.isAdmin && q.has('soft_deleted')
  let nameRe: RegExp | undefined
  const name = q.get('name')
  if (name !== null) {
    try {
      nameRe = new RegExp(name)
    } catch {
      nameRe = new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    }
  }
  const tagsAll = mv.atLeast('2.26') ? splitList(q.get('tags')) : []
  const tagsAny = mv.atLeast('2.26') ? splitList(q.get('tags-any')) : []
  const notTags = mv.atLeast('2.26') ? splitList(q.get('not-tags')) : []
  const notTagsAny = mv.atLeast('2.26') ? splitList(q.get('not-tags-any')) : []
  const eq = (param: string, value: (s: NovaServer) => string | null): ((s: NovaServer) => boolean) => {
    const want = q.get(param)
    return (s) => want === null || value(s) === want
  }
  const simple = [
    eq('image', (s) => s.imageId),
    eq('flavor', (s) => s.flavorId),
    eq('reservation_id', (s) => s.reservationId),
    // filters a non-admin may use only from 2.83 (Nova drops them silently before)
    ...(caller.isAdmin || mv.atLeast('2.83') ? [eq('key_name', (s) => s.keyName), eq('availability_zone', (s) => s.availabilityZone)] : []),
    ...(caller.isAdmin ? [eq('uuid', (s) => s.id)] : []),
    ...(caller.isAdmin || mv.atLeast('2.83') ? [eq('user_id', (s) => s.userId)] : []),
    ...(caller.isAdmin ? [eq('host', (s) => s.host)] : []),
    ...(mv.atLeast('2.73') ? [eq('locked', (s) => String(s.locked))] : []),
    ...(mv.atLeast('2.83') ? [eq('description', (s) => s.description)] : []),
  ]
  const ip = q.get('ip')
  return [...ctx.state.servers.values()].filter((s) => {
    if (project !== null && s.projectId !== project) return false
    const gone = s.deletedAt !== null
    if (deleted === false && (gone || (s.vmState === 'soft-delete' && !softDeleted))) return false
    if (deleted === true && !gone && s.vmState !== 'soft-delete') return false
    if (since !== undefined && s.updatedAt < since) return false
    if (before !== undefined && s.updatedAt > before) return false
    if (vmStates && !vmStates.includes(s.vmState)) return false
    if (taskStates && (s.taskState === null || !taskStates.includes(s.taskState))) return false
    if (nameRe && !nameRe.test(s.name)) return false
    if (ip !== null && !s.addresses.some((a) => new RegExp(ip).test(a.addr))) return false
    if (tagsAll.length > 0 && !tagsAll.every((t) => s.tags.includes(t))) return false
    if (tagsAny.length > 0 && !tagsAny.some((t) => s.tags.includes(t))) return false
    if (notTags.length > 0 && notTags.every((t) => s.tags.includes(t))) return false
    if (notTagsAny.length > 0 && notTagsAny.some((t) => s.tags.includes(t))) return false
    return simple.every((f) => f(s))
  })
}

/**
 * `GET /servers` (id, links, name) and `GET /servers/detail` (full bodies): filtered, sorted by
 * created_at desc by default, `limit`/`marker` paginated with a `servers_links` next link.
 * @example await listServers(ctx, true)
 */
export function listServers(ctx: NovaContext, detail: boolean): Response {
  const q = ctx.url.searchParams
  if (ctx.mv.atLeast('2.75')) {
    const known = knownParams(ctx)
    const unknown = [...new Set(q.keys())].filter((k) => !known.includes(k))
    if (unknown.length > 0) return ctx.fail(400, invalidQuery(unknown[0]!, q.get(unknown[0]!), `Additional properties are not allowed (${unknown.map((k) => `'${k}'`).join(', ')} ${unknown.length === 1 ? 'was' : 'were'} unexpected)`))
  }
  const limitText = q.get('limit')
  if (limitText !== null && !/^[0-9]+$/.test(limitText)) return ctx.fail(400, invalidQuery('limit', limitText, `'${limitText}' does not match '^[0-9]*$'`))
  const limit = Math.min(MAX_LIMIT, Number(limitText ?? 0) || MAX_LIMIT)
  const sortKeys = q.getAll('sort_key')
  const sortDirs = q.getAll('sort_dir')
  for (const k of sortKeys) if (!(k in SORT_KEYS)) return ctx.fail(400, invalidQuery('sort_key', k, `'${k}' is not one of ${JSON.stringify(Object.keys(SORT_KEYS)).replaceAll('"', "'").replaceAll(',', ', ')}`))
  for (const d of sortDirs) if (d !== 'asc' && d !== 'desc') return ctx.fail(400, invalidQuery('sort_dir', d, `'${d}' is not one of ['asc', 'desc']`))
  const selected = select(ctx)
  if (selected instanceof Response) return selected
  const keys = sortKeys.length > 0 ? sortKeys : ['created_at']
  const order = keys.map((k, i) => ({ key: SORT_KEYS[k]!, dir: (sortDirs[i] ?? sortDirs[0] ?? 'desc') === 'asc' ? 1 : -1 }))
  const lastDir = order[order.length - 1]!.dir
  selected.sort((a, b) => {
    for (const { key, dir } of order) {
      const x = key(a)
      const y = key(b)
      if (x !== y) return (x < y ? -1 : 1) * dir
    }
    return (a.seq - b.seq) * lastDir
  })
  let start = 0
  const marker = q.get('marker')
  if (marker !== null) {
    const i = selected.findIndex((s) => s.id === marker)
    if (i < 0) return ctx.fail(400, `marker [${marker}] not found`)
    start = i + 1
  }
  const page = selected.slice(start, start + limit)
  const body: Record<string, unknown> = { servers: page.map((s) => (detail ? serverDetail(ctx, s) : serverSummary(ctx, s))) }
  if (page.length > 0 && page.length >= limit) {
    const params = nextLinkParams(q)
    params.set('marker', page[page.length - 1]!.id)
    body.servers_links = [{ rel: 'next', href: `${ctx.base}/v2.1/servers${detail ? '/detail' : ''}?${params.toString()}` }]
  }
  return novaJson(body)
}
