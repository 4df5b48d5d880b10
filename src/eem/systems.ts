// src/eem/systems.ts — eem.systems and eem.racks: GETs that Valence wants with a JSON body `{podm_id}` (sent over node:http).
import { z } from 'zod'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import type { EemCallOptions, EemCalls } from './client.js'
import { checkId } from './inputs.js'
import { onePage, unwrapList } from './lists.js'
import { ResourceSchema, type EemResource } from './schemas.js'

/**
 * A pod manager's systems or racks. Valence reads the pod manager from a JSON body on the GET,
 * which fetch cannot send, so these calls go over node:http/node:https with the client's
 * timeouts, retries, signal, TLS settings, events and error mapping (not its proxy settings or
 * its `fetch` option).
 * @example for await (const s of eem.systems.list(podmId)) console.log(s.id, s.power_state)
 */
export class PodResourcesApi {
  readonly #calls: EemCalls
  readonly #kind: 'systems' | 'racks'
  constructor(calls: EemCalls, kind: 'systems' | 'racks') {
    this.#calls = calls
    this.#kind = kind
  }

  /** Everything of this kind the pod manager has; one page. @example const all = await eem.racks.list(podmId).toArray() */
  list(podmId: string, opts: EemCallOptions = {}): Paginator<EemResource> {
    return onePage(async (signal) => {
      checkId(podmId, 'podmId')
      const o = { ...(signal ? { signal } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) }
      return (await this.#calls.bodyGet(`/${this.#kind}`, { podm_id: podmId }, z.array(ResourceSchema), o, (b) => unwrapList(b, this.#kind))) as EemResource[]
    }, opts.signal)
  }

  /** One, by its id in the pod manager. @example const s = await eem.systems.get(podmId, '0x8cdf9d911cb0') */
  async get(podmId: string, id: string, opts: EemCallOptions = {}): Promise<EemResource> {
    checkId(podmId, 'podmId')
    checkId(id, 'id')
    return (await this.#calls.bodyGet(`/${this.#kind}${path`/${id}`}`, { podm_id: podmId }, ResourceSchema, opts)) as EemResource
  }
}

/** `eem.systems`: the pod manager's systems (ExpEther: its EESVs). @example await eem.systems.get(podmId, id) */
export class SystemsApi extends PodResourcesApi {}
/** `eem.racks`: the pod manager's racks. @example await eem.racks.list(podmId).toArray() */
export class RacksApi extends PodResourcesApi {}
