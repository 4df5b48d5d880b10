// src/testing/nova-routes.ts — the fake Nova's route table under /compute/v2.1, with microversion ranges, and its dispatcher.
import { glanceError } from './glance-http.js'
import { serverAction } from './nova-actions.js'
import type { NovaContext } from './nova-context.js'
import { changeExtraSpecs, createFlavor, deleteFlavor, listFlavors, showExtraSpecs, showFlavor } from './nova-flavors.js'
import { createKeypair, deleteKeypair, listKeypairs, showKeypair } from './nova-keypairs.js'
import { availabilityZones, createRemoteConsole, showLimits } from './nova-misc.js'
import { createServer } from './nova-server-create.js'
import { createServerGroup, deleteServerGroup, listServerGroups, showServerGroup } from './nova-server-groups.js'
import { listServers } from './nova-server-list.js'
import {
  addTag,
  checkServerTag,
  deleteMetadataItem,
  deleteTags,
  listMetadata,
  listTags,
  replaceTags,
  setMetadata,
  setMetadataItem,
  showMetadataItem,
} from './nova-server-meta.js'
import { deleteServer, serverIps, showServer, updateServer } from './nova-servers.js'

/** A route handler: the context, then the decoded path parameters. */
export type NovaHandler = (ctx: NovaContext, ...params: string[]) => Response | Promise<Response>

/**
 * One path of the API: its pattern (after `/v2.1`), handlers by method, and the first microversion that has it.
 * @example const r: NovaRoute = { pattern: /^\/limits$/, methods: { GET: showLimits } }
 */
export interface NovaRoute {
  pattern: RegExp
  methods: Record<string, NovaHandler>
  min?: string
}

const ID = '([^/]+)'

/** Every path the fake Nova answers under `/compute/v2.1`. */
export const NOVA_ROUTES: NovaRoute[] = [
  { pattern: /^\/servers$/, methods: { GET: (c) => listServers(c, false), POST: createServer } },
  { pattern: /^\/servers\/detail$/, methods: { GET: (c) => listServers(c, true) } },
  { pattern: new RegExp(`^/servers/${ID}$`), methods: { GET: showServer, PUT: updateServer, DELETE: deleteServer } },
  { pattern: new RegExp(`^/servers/${ID}/action$`), methods: { POST: serverAction } },
  { pattern: new RegExp(`^/servers/${ID}/ips$`), methods: { GET: (c, id) => serverIps(c, id!) } },
  { pattern: new RegExp(`^/servers/${ID}/ips/${ID}$`), methods: { GET: serverIps } },
  { pattern: new RegExp(`^/servers/${ID}/metadata$`), methods: { GET: listMetadata, PUT: (c, id) => setMetadata(c, id!, true), POST: (c, id) => setMetadata(c, id!, false) } },
  { pattern: new RegExp(`^/servers/${ID}/metadata/${ID}$`), methods: { GET: showMetadataItem, PUT: setMetadataItem, DELETE: deleteMetadataItem } },
  { pattern: new RegExp(`^/servers/${ID}/tags$`), methods: { GET: listTags, PUT: replaceTags, DELETE: (c, id) => deleteTags(c, id!) }, min: '2.26' },
  { pattern: new RegExp(`^/servers/${ID}/tags/${ID}$`), methods: { GET: checkServerTag, PUT: addTag, DELETE: deleteTags }, min: '2.26' },
  { pattern: new RegExp(`^/servers/${ID}/remote-consoles$`), methods: { POST: createRemoteConsole }, min: '2.6' },
  { pattern: /^\/flavors$/, methods: { GET: (c) => listFlavors(c, false), POST: createFlavor } },
  { pattern: /^\/flavors\/detail$/, methods: { GET: (c) => listFlavors(c, true) } },
  { pattern: new RegExp(`^/flavors/${ID}$`), methods: { GET: showFlavor, DELETE: deleteFlavor } },
  { pattern: new RegExp(`^/flavors/${ID}/os-extra_specs$`), methods: { GET: (c, id) => showExtraSpecs(c, id!), POST: (c, id) => changeExtraSpecs(c, id!) } },
  { pattern: new RegExp(`^/flavors/${ID}/os-extra_specs/${ID}$`), methods: { GET: showExtraSpecs, DELETE: changeExtraSpecs } },
  { pattern: /^\/os-keypairs$/, methods: { GET: listKeypairs, POST: createKeypair } },
  { pattern: new RegExp(`^/os-keypairs/${ID}$`), methods: { GET: showKeypair, DELETE: deleteKeypair } },
  { pattern: /^\/limits$/, methods: { GET: showLimits } },
  { pattern: /^\/os-availability-zone$/, methods: { GET: (c) => availabilityZones(c, false) } },
  { pattern: /^\/os-availability-zone\/detail$/, methods: { GET: (c) => availabilityZones(c, true) } },
  { pattern: /^\/os-server-groups$/, methods: { GET: listServerGroups, POST: createServerGroup } },
  { pattern: new RegExp(`^/os-server-groups/${ID}$`), methods: { GET: showServerGroup, DELETE: deleteServerGroup } },
]

/** Answers that come from Nova's router rather than a controller, and so carry no microversion headers. */
export const UNVERSIONED = new WeakSet<Response>()

/**
 * The 404 of Nova's router for a path (or a method on it) that no route has: webob's own error
 * page, not a Nova fault, and without microversion headers.
 * @example return routerNotFound(request)
 */
export function routerNotFound(request: Request): Response {
  const response = glanceError(request, { status: 404 })
  UNVERSIONED.add(response)
  return response
}

/**
 * Routes one authenticated request (`path` after `/v2.1`, without a project id). A path or method
 * no route has is the router's plain webob 404; a route outside the request's microversion is
 * Nova's itemNotFound fault (its controller method does not exist at that version).
 * @example await dispatchNova(ctx, '/servers/detail')
 */
export async function dispatchNova(ctx: NovaContext, path: string): Promise<Response> {
  let versionGated = false
  for (const route of NOVA_ROUTES) {
    const m = route.pattern.exec(path)
    if (!m) continue
    const handler = route.methods[ctx.request.method]
    if (!handler) continue
    if (route.min && !ctx.mv.atLeast(route.min)) {
      versionGated = true
      continue
    }
    let params: string[]
    try {
      params = m.slice(1).map((s) => decodeURIComponent(s!))
    } catch {
      return ctx.fail(404)
    }
    return handler(ctx, ...params)
  }
  return versionGated ? ctx.fail(404) : routerNotFound(ctx.request)
}
