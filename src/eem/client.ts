// src/eem/client.ts — EemClient: composable hardware through OpenStack Valence API v1 (ExpEther and Redfish pod managers).
import type { z } from 'zod'
import { Client } from '../core/client.js'
import type { ErrorResponseInfo } from '../core/error-response.js'
import { InputError, ResponseError, TimeoutError, type ClientError } from '../core/errors.js'
import type { CallOptions, ClientOptions } from '../core/options.js'
import type { HttpMethod } from '../core/retry.js'
import { DEFAULT_RETRY, resolveRetry } from '../core/retry.js'
import { parseResponse } from '../core/validation.js'
import { redactJson } from '../core/redact.js'
import { BodyGetAgents, sendBodyGet } from './body-get.js'
import { DevicesApi } from './devices.js'
import { FlavorsApi } from './flavors.js'
import { NodesApi } from './nodes.js'
import { PodManagersApi } from './pod-managers.js'
import { PasswordScrubber, redactBody, scrubError } from './secrets.js'
import { RacksApi, SystemsApi } from './systems.js'
import type { Device } from './schemas.js'
import { deviceSource, type EemWaitForDeviceOptions, type EemWatchOptions } from './watch.js'
import { DeviceWatcher } from './watcher.js'
import type { DeviceStateMatch } from './watcher-wait.js'
import { VERSION } from '../core/version.js'

/**
 * Options of an EemClient: those of every Client. `endpoint` is Valence's base URL
 * (`http://host:8181`; `/v1` is appended unless present). Valence v1 has no authentication of
 * its own, so no token is needed; `token`/`headers` still go out when given (a proxy in front).
 * @example new EemClient({ endpoint: 'http://valence.example:8181', timeoutMs: 30_000 })
 */
export type EemClientOptions = ClientOptions

/** Options every EEM call takes. @example { signal: AbortSignal.timeout(10_000) } */
export interface EemCallOptions {
  signal?: AbortSignal
  /** Limit for one attempt of this call (default the client's). */
  timeoutMs?: number
}

/** What the namespaces use to talk to Valence; not part of the public API. */
export interface EemCalls {
  /** Sends a call and parses its JSON answer with `schema` (after `unwrap`). */
  json<S extends z.ZodType>(method: HttpMethod, p: string, schema: S, opts: CallOptions, unwrap?: (body: unknown) => unknown): Promise<z.output<S>>
  /** Sends a call whose answer is thrown away. */
  none(method: HttpMethod, p: string, opts: CallOptions): Promise<void>
  /** A GET carrying a JSON body, over node:http. */
  bodyGet<S extends z.ZodType>(p: string, json: unknown, schema: S, opts: EemCallOptions, unwrap?: (body: unknown) => unknown): Promise<z.output<S>>
  /** Registers pod manager passwords for redaction. */
  remember(passwords: readonly string[]): void
}

/**
 * OpenStack Valence (API v1), the composable-hardware service, with ExpEther (EEM) or Redfish
 * pod managers. Pod manager passwords are masked in returned records and scrubbed from every
 * log line, event and error. Lists are Paginators (Valence sends one page).
 * @example
 * const eem = new EemClient({ endpoint: 'http://127.0.0.1:8181' })
 * const pm = await eem.podManagers.create({ name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether', authentication: { username: 'admin', password } })
 * await eem.devices.sync(pm.uuid)
 * const node = await eem.nodes.compose({ name: 'gpu1', podmId: pm.uuid, properties: { pci_device: { type: ['GPU'] } } })
 * for await (const d of eem.devices.list({ podmId: pm.uuid, state: 'free' })) console.log(d.uuid, d.type)
 * await eem.close()
 */
export class EemClient extends Client {
  /** Pod managers: list, get, create, update, delete. */
  readonly podManagers: PodManagersApi
  /** Nodes: list, get, compose, manage, delete, attach, detach, boot, reset, register. */
  readonly nodes: NodesApi
  /** Pooled devices: list, get, sync. */
  readonly devices: DevicesApi
  /** Flavors: list, get, create, update, delete. */
  readonly flavors: FlavorsApi
  /** Systems of a pod manager: list, get. */
  readonly systems: SystemsApi
  /** Racks of a pod manager: list, get. */
  readonly racks: RacksApi
  readonly #options: EemClientOptions
  readonly #passwords = new PasswordScrubber()
  readonly #agents: BodyGetAgents
  #closed = false
  readonly #watchers = new Set<DeviceWatcher<Device>>()

  constructor(options: EemClientOptions) {
    // With a session and no endpoint, Valence is the catalog's `composable-hardware` entry.
    super({ ...options, serviceType: options?.serviceType ?? 'composable-hardware' })
    this.#options = options
    this.#agents = new BodyGetAgents(options.tls)
    const calls: EemCalls = {
      json: (method, p, schema, opts, unwrap) => this.#json(method, p, schema, opts, unwrap),
      none: (method, p, opts) => this.#none(method, p, opts),
      bodyGet: (p, json, schema, opts, unwrap) => this.#bodyGet(p, json, schema, opts, unwrap),
      remember: (passwords) => passwords.forEach((pw) => this.#passwords.add(pw)),
    }
    this.podManagers = new PodManagersApi(calls)
    this.nodes = new NodesApi(calls)
    this.devices = new DevicesApi(calls)
    this.flavors = new FlavorsApi(calls)
    this.systems = new SystemsApi(calls, 'systems')
    this.racks = new RacksApi(calls, 'racks')
  }

  /**
   * Watches the devices (of one pod manager, or all): polls every `intervalMs` (default 30 s),
   * optionally after a `devices/sync`, and emits `added`, `removed`, `changed` (state, node_id,
   * pooled_group_id), `synced` and `error`, backing off through transient errors. `stop()`, the
   * signal or `eem.close()` end it with no timer left. Also an async iterator of change batches.
   * @example
   * const watcher = eem.watch({ podmId, intervalMs: 10_000, triggerSync: true })
   * watcher.on('changed', ({ device, fields }) => console.log(device.uuid, fields))
   * for await (const batch of watcher) console.log(batch.added.length, 'new devices')
   */
  watch(opts: EemWatchOptions = {}): DeviceWatcher<Device> {
    if (this.#closed) throw new InputError('this client was closed')
    const { podmId, ...watch } = opts ?? {}
    const watcher = new DeviceWatcher<Device>(deviceSource(this.devices, podmId), watch)
    this.#watchers.add(watcher)
    watcher.once('stopped', () => this.#watchers.delete(watcher))
    return watcher
  }

  /**
   * Polls until device `uuid` is in `state` (or matches a predicate) and resolves with it; rejects
   * with NotFoundError when it disappears after having been seen, TimeoutError or AbortError.
   * @example await eem.waitForDevice(nicId, 'allocated', { podmId, timeoutMs: 60_000, triggerSync: true })
   */
  async waitForDevice(uuid: string, state: DeviceStateMatch<Device>, opts: EemWaitForDeviceOptions = {}): Promise<Device> {
    const { timeoutMs, signal, intervalMs, ...watch } = opts ?? {}
    // A watcher of this client's, so close() ends the wait at once instead of at its next poll.
    const watcher = this.watch({ ...watch, intervalMs: intervalMs ?? 2000 })
    try {
      return await watcher.waitFor(uuid, state, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(signal ? { signal } : {}) })
    } finally {
      await watcher.stop()
    }
  }

  /** The API base, ending in `/v1`. @example await eem.endpoint() // 'http://127.0.0.1:8181/v1' */
  override async endpoint(signal?: AbortSignal): Promise<string> {
    return versioned(await super.endpoint(signal))
  }

  /** Removes tokens and every pod manager password this client has seen from a text. @example eem.redact(message) */
  override redact(text: string): string {
    return super.redact(this.#passwords.scrub(text))
  }

  /** Valence's error bodies, with secret JSON fields masked before they become a message. */
  protected override errorFromResponse(info: ErrorResponseInfo): ClientError {
    return super.errorFromResponse({ ...info, body: redactBody(info.body) })
  }

  /** Releases the keep-alive connections (fetch and node:http); calls made afterwards reject. @example await eem.close() */
  override async close(): Promise<void> {
    this.#closed = true
    await Promise.all([...this.#watchers].map((w) => w.stop()))
    this.#agents.close()
    await super.close()
  }

  async #json<S extends z.ZodType>(method: HttpMethod, p: string, schema: S, opts: CallOptions, unwrap?: (body: unknown) => unknown): Promise<z.output<S>> {
    try {
      const res = await this.request(method, p, opts)
      const body = jsonText(await res.text(), method, res.url, res.status)
      return this.#parse(schema, unwrap ? unwrap(body) : body, method, res.url, res.status)
    } catch (e) {
      throw scrubError(e, (t) => this.redact(t))
    }
  }

  async #none(method: HttpMethod, p: string, opts: CallOptions): Promise<void> {
    const res = await this.request(method, p, opts)
    await res.discard()
  }

  async #bodyGet<S extends z.ZodType>(p: string, json: unknown, schema: S, opts: EemCallOptions, unwrap?: (body: unknown) => unknown): Promise<z.output<S>> {
    const o = this.#options
    if (this.#closed) throw new InputError('this client was closed')
    const total = o.totalTimeoutMs
    const totalCtl = total === undefined ? undefined : new AbortController()
    const timer = totalCtl && setTimeout(() => totalCtl.abort(new TimeoutError(`GET ${p}: no response within ${total} ms`)), total)
    const signals = [totalCtl?.signal, o.signal, opts.signal].filter((s): s is AbortSignal => s !== undefined)
    const signal = signals.length <= 1 ? signals[0] : AbortSignal.any(signals)
    try {
      const url = `${await this.endpoint(signal)}${p}`
      const headers: Record<string, string> = { 'user-agent': `${o.userAgent ? `${o.userAgent} ` : ''}strato/${VERSION} node/${process.versions.node}`, accept: 'application/json' }
      for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v
      const source = o.session ? (x: { signal?: AbortSignal }) => o.session!.token(x) : o.token
      if (source !== undefined) headers[(o.tokenHeader ?? 'X-Auth-Token').toLowerCase()] = typeof source === 'string' ? source : await source(signal ? { signal } : {})
      const answer = await sendBodyGet(this.#agents, {
        url,
        headers,
        body: JSON.stringify(json),
        timeoutMs: opts.timeoutMs ?? o.timeoutMs ?? 60_000,
        signal,
        retry: resolveRetry(DEFAULT_RETRY, o.retry),
        expect: [200],
        toError: (info) => this.errorFromResponse(info),
        redact: (t) => this.redact(t),
        events: this,
        logger: this.logger,
      })
      const body = jsonText(answer.text, 'GET', url, answer.status)
      return this.#parse(schema, unwrap ? unwrap(body) : body, 'GET', url, answer.status)
    } catch (e) {
      throw scrubError(e, (t) => this.redact(t))
    } finally {
      if (timer) clearTimeout(timer)
    }
  }

  #parse<S extends z.ZodType>(schema: S, value: unknown, method: string, url: string, status: number): z.output<S> {
    // The raw body in a ResponseError's details has its secret fields masked (pod managers echo passwords).
    return parseResponse(schema, value, { method, url, status, raw: this.redact(safeJson(redactJson(value))) })
  }
}

// An empty body is undefined (the schema decides whether that will do); text that is not JSON is a ResponseError.
function jsonText(text: string, method: string, url: string, status: number): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new ResponseError(`${status} ${method} ${url}: expected a JSON body`, { status, method, url, details: [text.slice(0, 2000)], cause })
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/**
 * The Valence API v1 base for a URL: kept when it already ends in `/v1`, else `/v1` is appended.
 * @example versioned('http://h:8181') // 'http://h:8181/v1'
 */
export function versioned(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '')
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`
}
