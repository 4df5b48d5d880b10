// src/auth/catalog.ts — finding a service endpoint in a Keystone catalog.
import { ClientError } from '../core/errors.js'
import type { EndpointInterface } from '../core/options.js'
import type { CatalogEntry } from './keystone-schemas.js'

/** What to look for in the catalog. */
export interface EndpointQuery {
  region?: string
  /** Default `public`. `publicURL`-style names are accepted too. */
  interface?: EndpointInterface | string
  /** Substituted into templated URLs (`%(project_id)s`, `$(tenant_id)s`). */
  projectId?: string
}

/**
 * The URL of `serviceType` in the catalog. Rejects with a ClientError (code `EndpointNotFound`)
 * that lists what the catalog does offer, so a wrong region or type is obvious.
 * @example findEndpoint(catalog, 'object-store', { region: 'RegionOne' })
 */
export function findEndpoint(catalog: readonly CatalogEntry[], serviceType: string, query: EndpointQuery = {}): string {
  const wanted = (query.interface ?? 'public').replace(/URL$/, '')
  const entries = catalog.filter((e) => e.type === serviceType)
  const candidates = entries.flatMap((e) => e.endpoints).filter((ep) => ep.interface === wanted)
  const inRegion = query.region ? candidates.filter((ep) => ep.region_id === query.region || ep.region === query.region) : candidates
  const hit = inRegion[0]
  if (!hit) {
    const offered = catalog.flatMap((e) => e.endpoints.map((ep) => `${e.type} ${ep.interface} ${ep.region_id ?? ep.region ?? '-'}`))
    const what = `${serviceType} (${wanted}${query.region ? `, region ${query.region}` : ''})`
    throw new ClientError(`no endpoint for ${what} in the service catalog`, {
      code: 'EndpointNotFound',
      details: offered.length ? [`catalog offers: ${offered.join('; ')}`] : ['the catalog is empty (is the token scoped to a project?)'],
    })
  }
  const project = query.projectId
  return project ? hit.url.replace(/[%$]\((project_id|tenant_id)\)s/g, project) : hit.url
}
