// src/testing/nova-flavors.ts — /flavors, /flavors/detail, /flavors/{id} and os-extra_specs, with Nova's views per microversion.
import { randomUUID } from 'node:crypto'
import type { NovaContext } from './nova-context.js'
import { invalidInput, isObject, nextLinkParams, novaEmpty, novaJson, pyRepr } from './nova-http.js'
import type { NovaFlavor } from './nova-types.js'
import { checkAdditional, checkName, checkRequired, checkString } from './nova-validate.js'

/**
 * A flavor's full body (`/flavors/detail`, `/flavors/{id}`) for the request's microversion.
 * @example flavorDetail(ctx, flavor).ram
 */
export function flavorDetail(ctx: NovaContext, f: NovaFlavor): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    vcpus: f.vcpus,
    links: ctx.links('flavors', f.id),
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': f.disabled,
    swap: ctx.mv.atLeast('2.75') ? f.swap : f.swap || '',
    rxtx_factor: f.rxtxFactor,
    'os-flavor-access:is_public': f.isPublic,
  }
  if (ctx.mv.atLeast('2.55')) body.description = f.description
  if (ctx.mv.atLeast('2.61')) body.extra_specs = { ...f.extraSpecs }
  return body
}

/** The flavor or Nova's 404. */
function findFlavor(ctx: NovaContext, id: string): NovaFlavor | Response {
  return ctx.state.flavors.get(id) ?? ctx.fail(404, `Flavor ${id} could not be found.`)
}

const adminOnly = (ctx: NovaContext, policy: string): Response | undefined =>
  ctx.caller.isAdmin ? undefined : ctx.fail(403, `Policy doesn't allow ${policy} to be performed.`)

/**
 * `GET /flavors` and `/flavors/detail`: filters minDisk, minRam, is_public; sort_key/sort_dir (default flavorid asc); marker/limit with `flavors_links`.
 * @example await listFlavors(ctx, true)
 */
export function listFlavors(ctx: NovaContext, detail: boolean): Response {
  const q = ctx.url.searchParams
  let flavors = [...ctx.state.flavors.values()]
  for (const [param, field] of [['minDisk', 'disk'], ['minRam', 'ram']] as const) {
    const v = q.get(param)
    if (v === null) continue
    if (!/^\d+$/.test(v)) return ctx.fail(400, `Invalid ${param} filter [${v}]`)
    flavors = flavors.filter((f) => f[field] >= Number(v))
  }
  const isPublic = q.get('is_public')?.toLowerCase()
  const want = !ctx.caller.isAdmin || isPublic === undefined ? true : isPublic === 'none' ? null : !['0', 'false', 'f', 'off', 'n', 'no'].includes(isPublic)
  if (want !== null) flavors = flavors.filter((f) => f.isPublic === want)
  const sortKey = q.get('sort_key') ?? 'flavorid'
  const keyOf: Record<string, (f: NovaFlavor) => string | number> = { flavorid: (f) => f.id, id: (f) => f.id, name: (f) => f.name, memory_mb: (f) => f.ram, ram: (f) => f.ram, vcpus: (f) => f.vcpus, root_gb: (f) => f.disk, disk: (f) => f.disk }
  const key = keyOf[sortKey]
  if (!key) return ctx.fail(400, invalidInput('sort_key', sortKey, `'${sortKey}' is not one of ${JSON.stringify(Object.keys(keyOf)).replaceAll('"', "'")}`))
  const dir = q.get('sort_dir') === 'desc' ? -1 : 1
  flavors.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0))
  const marker = q.get('marker')
  if (marker !== null) {
    const i = flavors.findIndex((f) => f.id === marker)
    if (i < 0) return ctx.fail(400, `marker [${marker}] not found`)
    flavors = flavors.slice(i + 1)
  }
  const limitText = q.get('limit')
  if (limitText !== null && !/^\d+$/.test(limitText)) return ctx.fail(400, invalidInput('limit', limitText, `'${limitText}' does not match '^[0-9]*$'`))
  const limit = Math.min(1000, Number(limitText ?? 0) || 1000)
  const page = flavors.slice(0, limit)
  const view = (f: NovaFlavor) => (detail ? flavorDetail(ctx, f) : { id: f.id, links: ctx.links('flavors', f.id), name: f.name, ...(ctx.mv.atLeast('2.55') ? { description: f.description } : {}) })
  const body: Record<string, unknown> = { flavors: page.map(view) }
  if (page.length > 0 && page.length >= limit) {
    const params = nextLinkParams(q)
    params.set('marker', page[page.length - 1]!.id)
    body.flavors_links = [{ rel: 'next', href: `${ctx.base}/v2.1/flavors${detail ? '/detail' : ''}?${params.toString()}` }]
  }
  return novaJson(body)
}

/**
 * `GET /flavors/{id}`.
 * @example await showFlavor(ctx, '1')
 */
export function showFlavor(ctx: NovaContext, id: string): Response {
  const f = findFlavor(ctx, id)
  return f instanceof Response ? f : novaJson({ flavor: flavorDetail(ctx, f) })
}

/**
 * `POST /flavors` (admin): creates a flavor, 200 with its body; 409 on a duplicate name or id.
 * @example await createFlavor(ctx)
 */
export async function createFlavor(ctx: NovaContext): Promise<Response> {
  const denied = adminOnly(ctx, 'os_compute_api:os-flavor-manage:create')
  if (denied) return denied
  const body = await ctx.body()
  if (body instanceof Response) return body
  if (!isObject(body.flavor)) return ctx.fail(400, checkRequired(body, '', ['flavor']) ?? invalidInput('flavor', body.flavor, `${pyRepr(body.flavor)} is not of type 'object'`))
  const f = body.flavor
  const allowed = ['name', 'id', 'ram', 'vcpus', 'disk', 'OS-FLV-EXT-DATA:ephemeral', 'swap', 'rxtx_factor', 'os-flavor-access:is_public', ...(ctx.mv.atLeast('2.55') ? ['description'] : [])]
  const problem = checkRequired(f, 'flavor', ['name', 'ram', 'vcpus', 'disk']) ?? checkAdditional(f, 'flavor', allowed) ?? checkName(f.name) ?? checkString(f.description, 'description', 65535, true)
  if (problem) return ctx.fail(400, problem)
  const int = (v: unknown, field: string, min: number): number | string =>
    Number.isInteger(Number(v)) && Number(v) >= min && v !== '' && v !== null ? Number(v) : invalidInput(field, v, `${String(v)} is less than the minimum of ${min}`)
  const values = { ram: int(f.ram, 'ram', 1), vcpus: int(f.vcpus, 'vcpus', 1), disk: int(f.disk, 'disk', 0), ephemeral: int(f['OS-FLV-EXT-DATA:ephemeral'] ?? 0, 'OS-FLV-EXT-DATA:ephemeral', 0), swap: int(f.swap ?? 0, 'swap', 0) }
  const bad = Object.values(values).find((v) => typeof v === 'string')
  if (bad !== undefined) return ctx.fail(400, bad as string)
  const id = f.id === undefined || f.id === null ? randomUUID() : String(f.id)
  if (ctx.state.flavors.has(id)) return ctx.fail(409, `Flavor with ID ${id} already exists.`)
  if ([...ctx.state.flavors.values()].some((x) => x.name === f.name)) return ctx.fail(409, `Flavor with name ${String(f.name)} already exists.`)
  const flavor: NovaFlavor = {
    id,
    name: f.name as string,
    ...(values as { ram: number; vcpus: number; disk: number; ephemeral: number; swap: number }),
    rxtxFactor: typeof f.rxtx_factor === 'number' ? f.rxtx_factor : 1,
    isPublic: f['os-flavor-access:is_public'] !== false,
    disabled: false,
    description: typeof f.description === 'string' ? f.description : null,
    extraSpecs: {},
  }
  ctx.state.flavors.set(id, flavor)
  return novaJson({ flavor: flavorDetail(ctx, flavor) })
}

/**
 * `DELETE /flavors/{id}` (admin): 202.
 * @example await deleteFlavor(ctx, '99')
 */
export function deleteFlavor(ctx: NovaContext, id: string): Response {
  const denied = adminOnly(ctx, 'os_compute_api:os-flavor-manage:delete')
  if (denied) return denied
  const f = findFlavor(ctx, id)
  if (f instanceof Response) return f
  ctx.state.flavors.delete(id)
  return novaEmpty(202)
}

/**
 * `GET /flavors/{id}/os-extra_specs` → `{"extra_specs": {...}}`, or one key → `{key: value}`.
 * @example await showExtraSpecs(ctx, '3', 'hw:cpu_policy')
 */
export function showExtraSpecs(ctx: NovaContext, id: string, key?: string): Response {
  const f = findFlavor(ctx, id)
  if (f instanceof Response) return f
  if (key === undefined) return novaJson({ extra_specs: { ...f.extraSpecs } })
  if (!Object.hasOwn(f.extraSpecs, key)) return ctx.fail(404, `Flavor ${id} has no extra specs with key ${key}.`)
  return novaJson({ [key]: f.extraSpecs[key] })
}

/**
 * `POST /flavors/{id}/os-extra_specs` (admin) merges `{"extra_specs": {...}}`; `DELETE …/os-extra_specs/{key}` removes one.
 * @example await changeExtraSpecs(ctx, '3')
 */
export async function changeExtraSpecs(ctx: NovaContext, id: string, key?: string): Promise<Response> {
  const denied = adminOnly(ctx, `os_compute_api:os-flavor-extra-specs:${key === undefined ? 'create' : 'delete'}`)
  if (denied) return denied
  const f = findFlavor(ctx, id)
  if (f instanceof Response) return f
  if (key !== undefined) {
    if (!Object.hasOwn(f.extraSpecs, key)) return ctx.fail(404, `Flavor ${id} has no extra specs with key ${key}.`)
    delete f.extraSpecs[key]
    return novaEmpty(202)
  }
  const body = await ctx.body()
  if (body instanceof Response) return body
  if (!isObject(body.extra_specs)) return ctx.fail(400, checkRequired(body, '', ['extra_specs']) ?? invalidInput('extra_specs', body.extra_specs, `${pyRepr(body.extra_specs)} is not of type 'object'`))
  for (const [k, v] of Object.entries(body.extra_specs)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return ctx.fail(400, invalidInput(k, v, `${pyRepr(v)} is not of type 'string', 'number', 'boolean'`))
    f.extraSpecs[k] = String(v)
  }
  return novaJson({ extra_specs: { ...f.extraSpecs } })
}
