// src/testing/phantom-routes.ts — the URL table of the fake Phantom REST API (/api/dev/…), with each route's methods.
import type { PhantomRoute } from './phantom-context.js'
import { addChef, deleteChef, getChef, listChef, putChef } from './phantom-chef.js'
import { createDomain, deleteDomain, deleteInstance, getDomain, getInstance, listDomains, listInstances, putDomain } from './phantom-domains.js'
import { createLc, deleteLc, getLc, listLcs, putLc } from './phantom-lcs.js'
import { addSiteCredentials, deleteSiteCredentials, getSensor, getSiteCredentials, listSensors, listSiteCredentials, listSites, putSiteCredentials, uploadSshKey, getSite } from './phantom-sites.js'

const ID = '([-_.0-9A-Za-z %]+)'
const UUID = '([-0-9A-Za-z]+)'

/**
 * Path patterns (after `/api/dev`, optional trailing slash) and the route of each method.
 * @example const [, methods] = PHANTOM_ROUTES.find(([re]) => re.test('/sites'))!
 */
export const PHANTOM_ROUTES: [RegExp, Record<string, PhantomRoute>][] = [
  [/^\/sites$/, { GET: listSites }],
  [new RegExp(`^/sites/${ID}$`), { GET: getSite }],
  [new RegExp(`^/sites/${ID}/sshkeys$`), { POST: uploadSshKey }],
  [/^\/credentials\/sites$/, { GET: listSiteCredentials, POST: addSiteCredentials }],
  [new RegExp(`^/credentials/sites/${ID}$`), { GET: getSiteCredentials, PUT: putSiteCredentials, DELETE: deleteSiteCredentials }],
  [/^\/credentials\/chef$/, { GET: listChef, POST: addChef }],
  [new RegExp(`^/credentials/chef/${ID}$`), { GET: getChef, PUT: putChef, DELETE: deleteChef }],
  [/^\/launchconfigurations$/, { GET: listLcs, POST: createLc }],
  [new RegExp(`^/launchconfigurations/${ID}$`), { GET: getLc, PUT: putLc, DELETE: deleteLc }],
  [/^\/domains$/, { GET: listDomains, POST: createDomain }],
  [new RegExp(`^/domains/${UUID}$`), { GET: getDomain, PUT: putDomain, DELETE: deleteDomain }],
  [new RegExp(`^/domains/${UUID}/instances$`), { GET: listInstances }],
  [new RegExp(`^/domains/${UUID}/instances/${UUID}$`), { GET: getInstance, DELETE: deleteInstance }],
  [/^\/sensors$/, { GET: listSensors }],
  [new RegExp(`^/sensors/${ID}$`), { GET: getSensor }],
]

/**
 * The route table entry for a path, with its captured (decoded) ids.
 * @example const hit = matchRoute('/domains/abc/instances'); hit?.methods.GET
 */
export function matchRoute(path: string): { methods: Record<string, PhantomRoute>; args: string[] } | undefined {
  const p = path.length > 1 ? path.replace(/\/$/, '') : path
  for (const [re, methods] of PHANTOM_ROUTES) {
    const m = re.exec(p)
    if (m) return { methods, args: m.slice(1).map(decodeSegment) }
  }
  return undefined
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
