// src/compute/misc.ts — the calls that sit on the client itself: /limits and /os-availability-zone.
import type { ComputeClient } from './client.js'
import { checkId } from './fields.js'
import { readJson, signalOf, type ComputeCallOptions } from './read.js'
import { AvailabilityZonesSchema, LimitsSchema, type AvailabilityZone, type ComputeLimits } from './resource-schemas.js'

/**
 * Options of `availabilityZones()`.
 * @example await compute.availabilityZones({ detail: true }) // admins: hosts and services too
 */
export interface AvailabilityZoneOptions extends ComputeCallOptions {
  /** `GET /os-availability-zone/detail` (admin only): the zones with their hosts and services. */
  detail?: boolean
}

/** `GET /limits` (admins may ask for another project's with `tenant_id`). */
export async function limits(client: ComputeClient, opts: ComputeCallOptions & { tenant_id?: string }): Promise<ComputeLimits> {
  if (opts.tenant_id !== undefined) checkId(opts.tenant_id, 'tenant_id')
  const res = await client.get('/limits', { ...(opts.tenant_id !== undefined ? { query: { tenant_id: opts.tenant_id } } : {}), ...signalOf(opts) })
  const body = await readJson(res, LimitsSchema, 'GET')
  return { ...body.limits, rate: body.limits.rate ?? [] } as ComputeLimits
}

/** `GET /os-availability-zone[/detail]`. */
export async function availabilityZones(client: ComputeClient, opts: AvailabilityZoneOptions): Promise<AvailabilityZone[]> {
  const res = await client.get(opts.detail ? '/os-availability-zone/detail' : '/os-availability-zone', signalOf(opts))
  const body = await readJson(res, AvailabilityZonesSchema, 'GET')
  return body.availabilityZoneInfo.map((z) => ({ ...z, hosts: z.hosts ?? null })) as AvailabilityZone[]
}
