// src/netconf/service-runner.ts — ServiceRunner: the TypeScript counterpart of Clixon's Python API server (clixon_server.py).
import { EventEmitter } from 'eventemitter3'
import { ClientError, InputError, NetworkError, ResponseError } from '../core/errors.js'
import { loadConfigTreeParser } from './config-tree.js'
import { RpcChannel } from './rpc-session.js'
import type { NetconfNotification } from './rpc-types.js'
import { createSubscriptionXml, readControllerTransaction, readServicesCommit, type ControllerTransaction } from './service-messages.js'
import { loadServiceModules, SILENT_LOGGER, type ServiceLogger, type ServiceModule } from './service-module.js'
import { callWithTimeout, runServiceTransaction, type ServiceModuleRun, type ServiceTransactionResult } from './service-transaction.js'
import { connectSocketTransport } from './transport-socket.js'

/** The Clixon controller's default socket (`CLICON_SOCK`). */
export const DEFAULT_CONTROLLER_SOCKET = '/usr/local/var/run/controller/controller.sock'

/** Options of `new ServiceRunner()`. */
export interface ServiceRunnerOptions {
  /** The controller's Unix socket (`CLICON_SOCK`). Default {@link DEFAULT_CONTROLLER_SOCKET}. */
  socketPath?: string
  /** Modules given directly. */
  modules?: readonly ServiceModule[]
  /** A folder of `.js` / `.mjs` module files, loaded by `start()` (see loadServiceModules). */
  modulesPath?: string
  /** Service names (or module file names) to leave out, like `-e`. Applies to `modules` too. */
  exclude?: readonly string[]
  /** Default: errors only, on `console.error`. */
  logger?: ServiceLogger
  /** Time limit of each setup / preCommit call; then the transaction fails. Default 300 000 ms (Clixon's service-timeout). */
  serviceTimeoutMs?: number
  /** Pretty-print edit-config payloads (easier to read in the controller's log). Default false. */
  pretty?: boolean
  /** Time allowed to connect and exchange hellos. Default 10 000 ms. */
  connectTimeoutMs?: number
  /** Time limit of each RPC to the controller. Default 60 000 ms. */
  rpcTimeoutMs?: number
  /** How long `stop()` lets the transaction in progress finish. Default 5 000 ms. */
  stopTimeoutMs?: number
}

/** A post-commit hook that ran (or failed). */
export interface ServiceHookEvent {
  tid: string
  service: string
  hook: 'postCommit' | 'postCommitFailed'
  /** The controller's result: `SUCCESS`, `FAILED`, `ERROR`. */
  result: string
  /** Set when the hook threw or timed out. */
  error?: string
}

/**
 * ServiceRunner events (eventemitter3): `transaction` after each services-commit was answered,
 * `hook` after each post-commit hook, `error` for failures outside a transaction (an unreadable
 * notification, a hook that threw), `close` once when the controller connection ends (with the
 * error, or undefined after `stop()`).
 * @example runner.on('transaction', (t) => console.log(t.tid, t.outcome, t.reason))
 */
export interface ServiceRunnerEvents {
  transaction: [ServiceTransactionResult]
  hook: [ServiceHookEvent]
  error: [ClientError]
  close: [ClientError | undefined]
}

const REMEMBERED = 100

/**
 * Connects to the Clixon controller's socket, subscribes to `services-commit` and
 * `controller-transaction`, and answers each transaction by running the matching service modules
 * — one transaction at a time, in arrival order — as the Python API server does.
 *
 * Differences from clixon-pyapi: post-commit hooks run by result (`postCommit` on SUCCESS,
 * `postCommitFailed` on FAILED/ERROR) — the Python server returns early on SUCCESS, so its
 * post-commit hooks only ever see failures; hooks get the tree the module produced, not a new
 * get-config; each module call has its own `serviceTimeoutMs` and sees an AbortSignal.
 *
 * @example
 * const runner = new ServiceRunner({ socketPath: '/run/controller.sock', modulesPath: './modules', logger: console })
 * runner.on('transaction', (t) => console.log(`tid ${t.tid}: ${t.outcome}`))
 * await runner.start()
 * process.once('SIGTERM', () => void runner.stop())
 */
export class ServiceRunner extends EventEmitter<ServiceRunnerEvents> {
  readonly #opts: ServiceRunnerOptions
  readonly #log: ServiceLogger
  #modules: ServiceModule[] = []
  #channel: RpcChannel | undefined
  #queue: Promise<void> = Promise.resolve()
  #stopping = new AbortController()
  readonly #runs = new Map<string, ServiceModuleRun[]>()

  /** Checks the options; nothing is opened before `start()`. @example new ServiceRunner({ socketPath, modules: [myService] }) */
  constructor(opts: ServiceRunnerOptions = {}) {
    super()
    if (opts.serviceTimeoutMs !== undefined && !(opts.serviceTimeoutMs >= 0)) throw new InputError(`serviceTimeoutMs must be >= 0, got ${opts.serviceTimeoutMs}`)
    for (const m of opts.modules ?? []) if (typeof m?.service !== 'string' || typeof m.setup !== 'function') throw new InputError('every module needs a service name and a setup() function')
    this.#opts = opts
    this.#log = opts.logger ?? { ...SILENT_LOGGER, error: (...a: unknown[]) => console.error(...a) }
  }

  /** The modules in use (after `start()` loaded `modulesPath`). @example runner.modules.map((m) => m.service) */
  get modules(): readonly ServiceModule[] {
    return this.#modules
  }

  /** Whether the runner is connected. @example if (!runner.running) await runner.start() */
  get running(): boolean {
    return this.#channel !== undefined && !this.#channel.closed
  }

  /**
   * Loads `modulesPath`, connects, exchanges hellos (1.1 chunked framing from the first byte) and
   * subscribes to `services-commit` then `controller-transaction`. Rejects with InputError (bad
   * module folder), NetworkError / TimeoutError (no controller) or NetconfRpcError (e.g.
   * "services-commit client already registered"), leaving nothing open.
   * @example await runner.start()
   */
  async start(): Promise<void> {
    if (this.#channel) throw new InputError('the ServiceRunner is already started')
    const stopping = new AbortController() // a stop() from here on cancels this start
    this.#stopping = stopping
    const exclude = this.#opts.exclude ?? []
    const loaded = this.#opts.modulesPath === undefined ? [] : await loadServiceModules(this.#opts.modulesPath, { exclude, logger: this.#log })
    this.#modules = [...(this.#opts.modules ?? []).filter((m) => !exclude.includes(m.service)), ...loaded]
    await loadConfigTreeParser()
    const socketPath = this.#opts.socketPath ?? DEFAULT_CONTROLLER_SOCKET
    const connectTimeoutMs = this.#opts.connectTimeoutMs ?? 10_000
    const { signal } = stopping
    if (signal.aborted) throw signal.reason as Error
    const transport = await connectSocketTransport({ path: socketPath, connectTimeoutMs, signal })
    const channel = await RpcChannel.open(transport, {
      signal,
      framing: '1.1',
      fixedMessageId: '42', // the backend answers by order and expects 42 (clixon_proto)
      maxChunkBytes: Infinity, // its reader takes exactly one chunk per message
      helloTimeoutMs: connectTimeoutMs,
      timeoutMs: this.#opts.rpcTimeoutMs ?? 60_000,
    })
    this.#channel = channel
    channel.on('notification', (n) => this.#onNotification(n))
    channel.once('close', (error) => this.#onClose(error))
    try {
      if (signal.aborted) throw signal.reason as Error
      await channel.rpc(createSubscriptionXml('services-commit'))
      await channel.rpc(createSubscriptionXml('controller-transaction'))
    } catch (e) {
      this.#channel = undefined
      channel.removeAllListeners()
      await channel.close()
      throw e
    }
    this.#log.info(`connected to ${socketPath}; services: ${this.#modules.map((m) => m.service).join(', ') || 'none'}`)
  }

  /**
   * Stops gracefully: running modules see their signal abort (the transaction then fails with
   * transaction-error), a transaction already writing gets up to `stopTimeoutMs` to finish,
   * queued ones are dropped (the controller times them out); then the socket closes. No timer or
   * socket is left. Idempotent.
   * @example await runner.stop()
   */
  async stop(): Promise<void> {
    const channel = this.#channel
    this.#stopping.abort(new NetworkError('the ServiceRunner is stopping'))
    if (channel && !channel.closed) {
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#opts.stopTimeoutMs ?? 5_000)))
      await Promise.race([this.#queue, grace])
      clearTimeout(timer)
    }
    this.#channel = undefined
    if (channel) await channel.close()
    await this.#queue
    this.#runs.clear()
  }

  /** `await using runner = …` stops it at the end of the scope. @example await using r = new ServiceRunner(o); await r.start() */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop()
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((e: unknown) => this.#error(e, 'a queued task failed'))
  }

  #error(e: unknown, what: string): void {
    const error = e instanceof ClientError ? e : new ClientError(`${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    this.#log.error(error.message)
    if (this.listenerCount('error') > 0) this.emit('error', error)
  }

  #onNotification(n: NetconfNotification): void {
    if (n.event === 'services-commit') {
      this.#enqueue(() => this.#transaction(n.xml))
    } else if (n.event === 'controller-transaction') {
      this.#enqueue(() => this.#postCommit(n.xml))
    } else {
      this.#log.debug(`ignored a ${n.event ?? 'nameless'} notification`)
    }
  }

  async #transaction(xml: string): Promise<void> {
    const channel = this.#channel
    if (!channel || channel.closed || this.#stopping.signal.aborted) return
    const commit = readServicesCommit(xml)
    this.#log.debug(`services-commit tid ${commit.tid}: ${commit.services.map((s) => s.raw).join(', ') || 'all services'}`)
    const result = await runServiceTransaction((op) => channel.rpc(op), commit, {
      modules: this.#modules,
      logger: this.#log,
      serviceTimeoutMs: this.#opts.serviceTimeoutMs ?? 300_000,
      pretty: this.#opts.pretty ?? false,
      signal: this.#stopping.signal,
    })
    if (result.outcome === 'done' && result.runs.length > 0) {
      this.#runs.set(result.tid, result.runs)
      if (this.#runs.size > REMEMBERED) this.#runs.delete(this.#runs.keys().next().value as string)
    }
    this.emit('transaction', result)
  }

  async #postCommit(xml: string): Promise<void> {
    let t: ControllerTransaction
    try {
      t = readControllerTransaction(xml)
    } catch (e) {
      return this.#error(e instanceof ClientError ? e : new ResponseError('unreadable controller-transaction notification', { cause: e }), 'controller-transaction')
    }
    const runs = this.#runs.get(t.tid)
    if (!runs || t.result === 'INIT') return
    this.#runs.delete(t.tid)
    const hook = t.result === 'SUCCESS' ? 'postCommit' : 'postCommitFailed'
    for (const run of runs) {
      const fn = run.module[hook]
      if (!fn) continue
      const event: ServiceHookEvent = { tid: t.tid, service: run.module.service, hook, result: t.result }
      try {
        const ms = this.#opts.serviceTimeoutMs ?? 300_000
        await callWithTimeout((signal) => fn(run.root, { ...run.ctx, signal }), ms, this.#stopping.signal, `${run.module.service} ${hook}`)
      } catch (e) {
        event.error = e instanceof Error ? e.message : String(e)
        this.#error(new ClientError(`service module ${run.module.service} ${hook} failed: ${event.error}`, { cause: e }), hook)
      }
      this.emit('hook', event)
    }
  }

  #onClose(error: ClientError | undefined): void {
    this.#channel = undefined
    this.#stopping.abort(error ?? new NetworkError('the controller connection closed'))
    if (error) this.#log.error(`controller connection lost: ${error.message}`)
    this.emit('close', error)
  }
}
