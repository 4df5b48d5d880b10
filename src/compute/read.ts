// src/compute/read.ts — a Nova answer read as JSON and checked against its lenient schema (ResponseError otherwise).
import type { z } from 'zod'
import type { ClientResponse } from '../core/response.js'
import { parseResponse } from '../core/validation.js'

/**
 * The body of `res` parsed and checked against `schema`.
 * @example const { server } = await readJson(res, ServerBodySchema, 'GET')
 */
export async function readJson<S extends z.ZodType>(res: ClientResponse, schema: S, method: string): Promise<z.output<S>> {
  const body: unknown = await res.json()
  return parseResponse(schema, body, { method, url: res.url, status: res.status })
}

/**
 * `{ signal }` when a signal is given, else `{}` (so no `signal: undefined` reaches the client).
 * @example await client.get(p, { ...signalOf(opts) })
 */
export function signalOf(opts: { signal?: AbortSignal | undefined } | undefined): { signal?: AbortSignal } {
  return opts?.signal ? { signal: opts.signal } : {}
}

/**
 * Options every Compute call takes.
 * @example await compute.servers.get(id, { signal: AbortSignal.timeout(10_000) })
 */
export interface ComputeCallOptions {
  signal?: AbortSignal
}
