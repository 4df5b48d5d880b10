// src/testing/nova-microversion.ts — Compute API microversions: parsing, negotiation from request headers, the version documents.
import { novaError } from './nova-http.js'

/** The lowest microversion of the v2.1 API. */
export const MIN_MICROVERSION = '2.1'
/** The default highest microversion of the fake (Nova 2024.2 Dalmatian). */
export const DEFAULT_MAX_MICROVERSION = '2.96'

/**
 * A negotiated Compute API microversion.
 * @example const mv = Microversion.parse('2.26')!; mv.atLeast('2.19') // true
 */
export class Microversion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  /** `X.Y` as a Microversion, or undefined when malformed. @example Microversion.parse('2.60') */
  static parse(text: string): Microversion | undefined {
    const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(text.trim())
    return m ? new Microversion(Number(m[1]), Number(m[2])) : undefined
  }

  /** Orders two versions. @example a.compare(b) < 0 */
  compare(other: Microversion): number {
    return this.major - other.major || this.minor - other.minor
  }

  /** Whether this version is `version` or later. @example if (ctx.mv.atLeast('2.26')) body.tags = tags */
  atLeast(version: string): boolean {
    return this.compare(Microversion.parse(version)!) >= 0
  }

  /** Whether this version is at most `version`. @example if (ctx.mv.atMost('2.5')) … */
  atMost(version: string): boolean {
    return this.compare(Microversion.parse(version)!) <= 0
  }

  /** `X.Y`. @example String(mv) // '2.1' */
  toString(): string {
    return `${this.major}.${this.minor}`
  }
}

/**
 * The microversion a request asks for, from `OpenStack-API-Version: compute X.Y` (which wins) or
 * `X-OpenStack-Nova-API-Version: X.Y`; `latest` is the maximum and no header the minimum. A
 * malformed version is Nova's 400, one out of range its 406.
 * @example const mv = negotiate(request, '2.96'); if (mv instanceof Response) return mv
 */
export function negotiate(request: Request, max: string): Microversion | Response {
  let requested: string | undefined
  const standard = request.headers.get('openstack-api-version')
  if (standard) {
    for (const part of standard.split(',')) {
      const [service, version] = part.trim().split(/\s+/)
      if (service?.toLowerCase() === 'compute' && version) requested = version
    }
  }
  requested ??= request.headers.get('x-openstack-nova-api-version')?.trim() || undefined
  const maximum = Microversion.parse(max)!
  const minimum = Microversion.parse(MIN_MICROVERSION)!
  if (requested === undefined) return minimum
  if (requested.toLowerCase() === 'latest') return maximum
  const mv = Microversion.parse(requested)
  if (!mv) return novaError(400, `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`)
  if (mv.compare(minimum) < 0 || mv.compare(maximum) > 0) {
    return novaError(406, `Version ${requested} is not supported by the API. Minimum is ${MIN_MICROVERSION} and maximum is ${max}.`)
  }
  return mv
}

/**
 * Sets the headers Nova answers every versioned request with.
 * @example versionHeaders(response.headers, mv)
 */
export function versionHeaders(headers: Headers, mv: Microversion): void {
  headers.set('OpenStack-API-Version', `compute ${mv.toString()}`)
  headers.set('X-OpenStack-Nova-API-Version', mv.toString())
  headers.set('Vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version')
}

const MEDIA_TYPES = [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }]

/**
 * The v2.1 version document (`GET /compute/v2.1`).
 * @example versionDocument('http://cloud.strato.test/compute', '2.96')
 */
export function versionDocument(base: string, max: string): Record<string, unknown> {
  return {
    version: {
      id: 'v2.1',
      status: 'CURRENT',
      version: max,
      min_version: MIN_MICROVERSION,
      updated: '2013-07-23T11:33:21Z',
      links: [
        { rel: 'self', href: `${base}/v2.1/` },
        { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
      ],
      'media-types': MEDIA_TYPES,
    },
  }
}

/**
 * The version list (`GET /compute/`): the legacy v2.0 API (SUPPORTED) and v2.1 (CURRENT).
 * @example versionList('http://cloud.strato.test/compute', '2.96')
 */
export function versionList(base: string, max: string): Record<string, unknown> {
  return {
    versions: [
      { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z', links: [{ rel: 'self', href: `${base}/v2/` }] },
      { id: 'v2.1', status: 'CURRENT', version: max, min_version: MIN_MICROVERSION, updated: '2013-07-23T11:33:21Z', links: [{ rel: 'self', href: `${base}/v2.1/` }] },
    ],
  }
}
