// src/testing/glance-list.ts — GET /v2/images: Glance's filters, operators, sorting, visibility union and marker pagination.
import type { GlanceContext } from './glance-context.js'
import { glanceJson, pyUrlencode } from './glance-http.js'
import type { GlanceImage } from './glance-store.js'

const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at']
const OP_KEYS = ['name', 'id', 'status', 'container_format', 'disk_format']
const CONSUMED = ['limit', 'marker', 'member_status', 'tag', 'sort', 'sort_key', 'sort_dir']
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

type Sort = { key: string; dir: 'asc' | 'desc' }
type Filter = (image: GlanceImage) => boolean

/** Glance's split_filter_op: `gte:2020-…` → ['gte', '2020-…']; a bare ISO time (colons and all) is `eq`. */
function splitOp(expression: string): [string, string] {
  const i = expression.indexOf(':')
  if (i < 0 || ISO.test(expression)) return ['eq', expression]
  return [expression.slice(0, i), expression.slice(i + 1)]
}

/** Glance's split_filter_value_for_quotes: `a,"b,c"` → ['a', 'b,c']. */
function splitIn(value: string): string[] {
  return [...value.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g)].map((m) => m[1] ?? m[2] ?? '')
}

const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  return (a as number | string) < (b as number | string) ? -1 : 1
}

/** Parses sort/sort_key/sort_dir as Glance does, with its created_at and id tie-breakers appended. */
function sorting(ctx: GlanceContext, q: URLSearchParams): Sort[] | Response {
  const keys: string[] = []
  const dirs: string[] = []
  const checkKey = (k: string) => (SORT_KEYS.includes(k) ? undefined : ctx.fail(400, `Invalid sort key: ${k}. It must be one of the following: ${SORT_KEYS.join(', ')}.`))
  const checkDir = (d: string) => (d === 'asc' || d === 'desc' ? undefined : ctx.fail(400, `Invalid sort direction: ${d}`))
  if (q.has('sort')) {
    if (q.has('sort_key') || q.has('sort_dir')) return ctx.fail(400, 'Old and new sorting syntax cannot be combined')
    for (const part of q.get('sort')!.trim().split(',')) {
      const [key = '', dir = ''] = [part.split(':')[0]!, part.split(':').slice(1).join(':')]
      const error = checkKey(key.trim()) ?? checkDir((dir || 'desc').trim())
      if (error) return error
      keys.push(key.trim())
      dirs.push((dir || 'desc').trim())
    }
  } else {
    for (const k of q.getAll('sort_key')) keys.push(k.trim())
    for (const d of q.getAll('sort_dir')) dirs.push(d.trim())
    for (const k of keys) if (checkKey(k)) return checkKey(k)!
    for (const d of dirs) if (checkDir(d)) return checkDir(d)!
    if (dirs.length > 1 && dirs.length !== keys.length) return ctx.fail(400, 'Number of sort dirs does not match the number of sort keys')
  }
  if (!keys.length) keys.push('created_at')
  const fallback = dirs.length === 1 ? dirs[0]! : 'desc'
  const sorts = keys.map((key, i) => ({ key, dir: (dirs.length === 1 ? dirs[0]! : (dirs[i] ?? 'desc')) as Sort['dir'] }))
  for (const key of ['created_at', 'id']) if (!keys.includes(key)) sorts.push({ key, dir: fallback as Sort['dir'] })
  return sorts
}

/** The filters of the remaining query parameters; a Response when one is malformed. */
function filters(ctx: GlanceContext, q: URLSearchParams): Filter[] | Response {
  const out: Filter[] = []
  const params = new Map<string, string>()
  for (const [k, v] of q) if (!CONSUMED.includes(k)) params.set(k, v)
  const visibility = params.get('visibility')
  if (visibility && !['community', 'public', 'private', 'shared', 'all'].includes(visibility)) return ctx.fail(400, `Invalid visibility value: ${visibility}`)
  if (params.get('changes-since')) return ctx.fail(400, 'The "changes-since" filter is no longer available on v2.')
  const hidden = (params.get('os_hidden') ?? 'false').toLowerCase()
  if (hidden !== 'true' && hidden !== 'false') return ctx.fail(400, `Invalid value '${hidden}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`)
  out.push((i) => i.os_hidden === (hidden === 'true'))
  const prot = params.get('protected')
  if (prot !== undefined && prot !== 'true' && prot !== 'false') return ctx.fail(400, `Invalid value '${prot}' for 'protected' filter. Valid values are 'true' or 'false'.`)
  for (const tag of q.getAll('tag').map((t) => t.trim())) out.push((i) => i.tags.includes(tag))
  for (const [k, v] of params) {
    if (k === 'visibility' || k === 'os_hidden') continue
    const record = (i: GlanceImage) => i as unknown as Record<string, unknown>
    if (k.endsWith('_min') || k.endsWith('_max')) {
      const n = Number(v)
      if (!/^\s*[+-]?\d+\s*$/.test(v)) return ctx.fail(400, 'Unable to filter on a range with a non-numeric value.')
      const attr = k.slice(0, -4)
      out.push((i) => {
        const x = record(i)[attr]
        return typeof x === 'number' && (k.endsWith('_min') ? x >= n : x <= n)
      })
    } else if (k === 'created_at' || k === 'updated_at') {
      const [op, time] = splitOp(v)
      const at = ISO.test(time) ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(time) || time.length <= 10 ? time : `${time}Z`) : NaN
      if (Number.isNaN(at)) return ctx.fail(400, `Bad "${k}" query filter format. Use ISO 8601 DateTime notation.`)
      const cmp: Record<string, (a: number) => boolean> = { gt: (a) => a > at, gte: (a) => a >= at, lt: (a) => a < at, lte: (a) => a <= at, neq: (a) => a !== at, eq: (a) => a === at }
      const test = cmp[op]
      if (!test) return ctx.fail(400, 'Unable to filter on a unknown operator.')
      out.push((i) => test(record(i)[k] as number))
    } else if (OP_KEYS.includes(k)) {
      const [op, value] = splitOp(v)
      if (op === 'in') {
        if ((value.match(/"/g) ?? []).length % 2) return ctx.fail(400, `Invalid filter value ${value}. The quote is not closed.`)
        const set = splitIn(value)
        out.push((i) => set.includes(String(record(i)[k])))
      } else if (op === 'eq') out.push((i) => record(i)[k] === value)
      else return ctx.fail(400, `Unable to filter by unknown operator '${op}'.`)
    } else if (['owner', 'checksum', 'os_hash_value', 'os_hash_algo', 'size', 'virtual_size', 'min_ram', 'min_disk', 'protected'].includes(k)) {
      out.push((i) => String(record(i)[k]) === v)
    } else out.push((i) => i.properties[k] === v)
  }
  return out
}

/**
 * GET /v2/images, as Glance 25 answers it (including its `first`/`next` links built from the
 * last value of each query parameter).
 * @example return listImages(ctx)
 */
export function listImages(ctx: GlanceContext): Response {
  const url = new URL(ctx.request.url)
  const q = url.searchParams
  const memberStatus = q.get('member_status') ?? 'accepted'
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus)) return ctx.fail(400, `Invalid status: ${memberStatus}`)
  let limit = 25
  if (q.has('limit')) {
    const raw = q.get('limit')!
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) return ctx.fail(400, 'limit param must be an integer')
    limit = Number(raw)
    if (limit < 0) return ctx.fail(400, 'limit param must be positive')
  }
  limit = Math.min(limit, 1000)
  const sorts = sorting(ctx, q)
  if (sorts instanceof Response) return sorts
  const tests = filters(ctx, q)
  if (tests instanceof Response) return tests
  const { caller, state } = ctx
  const project = caller.projectId
  const visibility = q.get('visibility')
  const inBase = (i: GlanceImage): boolean => {
    if (caller.isAdmin || i.visibility === 'public' || i.visibility === 'community' || (project !== null && i.owner === project)) return true
    const m = project === null ? undefined : i.members.get(project)
    return i.visibility === 'shared' && m !== undefined && (memberStatus === 'all' || m.status === memberStatus)
  }
  const byVisibility = (i: GlanceImage): boolean =>
    visibility ? visibility === 'all' || i.visibility === visibility : i.visibility !== 'community' || (project !== null && i.owner === project)
  const order = (a: GlanceImage, b: GlanceImage): number => {
    for (const { key, dir } of sorts) {
      const ra = a as unknown as Record<string, unknown>
      const rb = b as unknown as Record<string, unknown>
      const c = compare(ra[key], rb[key]) || (key === 'created_at' ? a.seq - b.seq : 0)
      if (c) return dir === 'asc' ? c : -c
    }
    return 0
  }
  let images = [...state.images.values()].filter((i) => inBase(i) && byVisibility(i) && tests.every((t) => t(i))).sort(order)
  const marker = q.get('marker')
  if (marker !== null) {
    const m = state.images.get(marker)
    if (!m || !state.visible(m, caller)) return ctx.fail(400, `No image found with ID ${marker}`)
    images = images.filter((i) => order(i, m) > 0)
  }
  const page = images.slice(0, limit)
  const params = new Map<string, string>()
  for (const [k, v] of q) if (k !== 'marker') params.set(k, v)
  const query = pyUrlencode(params)
  const body: Record<string, unknown> = { images: page.map((i) => state.view(i)), first: query ? `/v2/images?${query}` : '/v2/images', schema: '/v2/schemas/images' }
  if (page.length !== 0 && page.length === limit) body.next = `/v2/images?${pyUrlencode([...params, ['marker', page.at(-1)!.id]])}`
  return glanceJson(body)
}
