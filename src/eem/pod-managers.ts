// src/eem/pod-managers.ts — eem.podManagers: the pod managers (EEM or Redfish) Valence drives, with their passwords kept secret.
import { z } from 'zod'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import type { EemCallOptions, EemCalls } from './client.js'
import { call } from './call-options.js'
import { checkId, podManagerBody, podManagerPatch, type PodManagerCreate, type PodManagerUpdate } from './inputs.js'
import { onePage, unwrapList } from './lists.js'
import { PodManagerSchema, type PodManager } from './schemas.js'
import { maskPodManager, passwordsOf } from './secrets.js'

/**
 * Options of the pod manager verbs that return records.
 * @example { revealPassword: true } // the password as Valence stores it, instead of '***'
 */
export interface PodManagerCallOptions extends EemCallOptions {
  /** Return `auth_items.password` as Valence sent it. Default false: `'***'`. */
  revealPassword?: boolean
}

/**
 * `eem.podManagers`. Passwords given to `create`/`update`, and those Valence echoes back, are
 * registered with the client's redaction at once: they never appear in logs, events or errors.
 * @example
 * const pm = await eem.podManagers.create({ name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether', authentication: { username: 'admin', password } })
 * console.log(pm.status) // 'Online'
 */
export class PodManagersApi {
  readonly #calls: EemCalls
  constructor(calls: EemCalls) {
    this.#calls = calls
  }

  /**
   * Every pod manager (Valence sends a bare array; the documented `{pod_managers: [...]}` works too).
   * @example for await (const pm of eem.podManagers.list()) console.log(pm.name, pm.driver, pm.status)
   */
  list(opts: PodManagerCallOptions = {}): Paginator<PodManager> {
    return onePage(async (signal) => {
      const items = await this.#calls.json('GET', '/pod_managers', z.array(PodManagerSchema), call(signal, opts.timeoutMs), (b) => unwrapList(b, 'pod_managers'))
      return items.map((pm) => this.#out(pm as PodManager, opts))
    }, opts.signal)
  }

  /**
   * One pod manager. NotFoundError when there is none with that uuid.
   * @example const pm = await eem.podManagers.get(uuid)
   */
  async get(uuid: string, opts: PodManagerCallOptions = {}): Promise<PodManager> {
    checkId(uuid, 'uuid')
    const pm = await this.#calls.json('GET', path`/pod_managers/${uuid}`, PodManagerSchema, call(opts.signal, opts.timeoutMs))
    return this.#out(pm as PodManager, opts)
  }

  /**
   * Registers a pod manager; Valence checks it (`status` `Online` when it answers) and syncs its
   * devices in the background. `url` must not end with `/`. A duplicate name or URL is a
   * BadRequestError from Valence.
   * @example await eem.podManagers.create({ name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether', authentication: { username: 'admin', password } })
   */
  async create(input: PodManagerCreate, opts: PodManagerCallOptions = {}): Promise<PodManager> {
    const body = podManagerBody(input)
    this.#calls.remember(passwordsOf(body))
    const pm = await this.#calls.json('POST', '/pod_managers', PodManagerSchema, { json: body, expect: [200, 201], ...call(opts.signal, opts.timeoutMs) })
    return this.#out(pm as PodManager, opts)
  }

  /**
   * Changes a pod manager (PATCH with the given fields only).
   * @example await eem.podManagers.update(uuid, { authentication: { username: 'admin', password: newPassword } })
   */
  async update(uuid: string, changes: PodManagerUpdate, opts: PodManagerCallOptions = {}): Promise<PodManager> {
    checkId(uuid, 'uuid')
    const body = podManagerPatch(changes)
    this.#calls.remember(passwordsOf(body))
    const pm = await this.#calls.json('PATCH', path`/pod_managers/${uuid}`, PodManagerSchema, { json: body, expect: [200], ...call(opts.signal, opts.timeoutMs) })
    return this.#out(pm as PodManager, opts)
  }

  /**
   * Removes a pod manager. Done on 200 (Valence's confirmation body) or 204 (the api-ref).
   * @example await eem.podManagers.delete(uuid)
   */
  async delete(uuid: string, opts: EemCallOptions = {}): Promise<void> {
    checkId(uuid, 'uuid')
    await this.#calls.none('DELETE', path`/pod_managers/${uuid}`, { expect: [200, 202, 204], ...call(opts.signal, opts.timeoutMs) })
  }

  #out(pm: PodManager, opts: PodManagerCallOptions): PodManager {
    this.#calls.remember(passwordsOf(pm))
    return opts.revealPassword === true ? pm : maskPodManager(pm)
  }
}
