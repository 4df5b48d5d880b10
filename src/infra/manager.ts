// src/infra/manager.ts — InfraManager: deploy (with rollback), destroy, status, listIps, list, scale and maintain, over a store and resource handlers.
import { randomUUID } from 'node:crypto'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ConflictError, InputError, NotFoundError } from '../core/errors.js'
import { parseInfraDefinition } from './definition-parse.js'
import type { InfraDefinition, JsonValue, NodeDefinitions } from './definition-types.js'
import { buildLevels, rollBack, type LevelOptions } from './deploy.js'
import type { Leftover } from './deploy-error.js'
import type { InfraEvent } from './events.js'
import type { InfraClients, ResourceHandlers } from './handler-types.js'
import { builtinHandlers } from './handlers/index.js'
import { checkHealth, type HealthChecker } from './health.js'
import { createInstance, deleteInstance, deleteContext, nextIndex, type OpEnv } from './instance-ops.js'
import { planNodes, type NodePlan } from './plan.js'
import { StateBook } from './state-book.js'
import { FileStore } from './store-file.js'
import type { InfraState, InfraStore, InstanceRecord } from './store-types.js'

/** Options of `new InfraManager()`. */
export interface InfraManagerOptions {
  /** Default: a FileStore in `$XDG_STATE_HOME/strato/infra` (`~/.local/state/strato/infra`). */
  store?: InfraStore
  /** Your handlers, by resource type; they win over the built-in ones of the same name. */
  handlers?: ResourceHandlers
  /** The clients the handlers use. */
  clients?: InfraClients
  /** Node definitions used when the store has none for a type. */
  nodeDefinitions?: NodeDefinitions
  /** Replaces the TCP/HTTP health checks (tests, or checks of your own). */
  healthCheck?: HealthChecker
  /** Time allowed for each delete during rollback and destroy. Default 600 000 ms. */
  deleteTimeoutMs?: number
  /** How long an operation waits for another process's lock on the same infra. Default 30 000 ms. */
  lockWaitMs?: number
}

/** Options of deploy, destroy, scale and maintain. */
export interface InfraOperationOptions extends LevelOptions {
  /** Every step of every instance, as it happens. */
  onEvent?: (event: InfraEvent) => void
}

/** What deploy resolves with: the infra id and each node's ready instances. */
export interface DeployResult {
  infraId: string
  nodes: Record<string, InstanceRecord[]>
}

/** What destroy did. */
export interface DestroyResult {
  infraId: string
  deleted: string[]
  leftovers: Leftover[]
}

/** One line of `list()`. */
export interface InfraSummary {
  infraId: string
  infraName: string
  status: InfraState['status']
  instances: number
}

/**
 * Deploys whole infrastructures from OCCO-style descriptions and takes them down again. Every
 * step is recorded in the store first, so a crash, an error or Ctrl-C never loses track of a
 * resource: a failed or aborted deploy deletes what it created (newest first) and rejects with a
 * DeployError whose report says what failed and what, if anything, was left behind.
 * @example
 * const manager = new InfraManager({ clients: { compute, storage }, store: new FileStore('./state') })
 * await importNodeDefinitions(manager.store, nodeDefsYaml)
 * const { infraId } = await manager.deploy(yamlText, { parallel: true, signal, onEvent: console.log })
 * console.log(await manager.listIps(infraId))
 * await manager.destroy(infraId)
 */
export class InfraManager {
  /** Where descriptions, state and node definitions live. */
  readonly store: InfraStore
  readonly #handlers: ResourceHandlers
  readonly #clients: InfraClients
  readonly #nodeDefinitions: NodeDefinitions
  readonly #healthCheck: HealthChecker
  readonly #deleteTimeoutMs: number
  readonly #lockWaitMs: number

  constructor(opts: InfraManagerOptions = {}) {
    const stateHome = process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state')
    this.store = opts.store ?? new FileStore(join(stateHome, 'strato', 'infra'))
    this.#handlers = { ...builtinHandlers(), ...opts.handlers }
    this.#clients = opts.clients ?? {}
    this.#nodeDefinitions = opts.nodeDefinitions ?? {}
    this.#healthCheck = opts.healthCheck ?? checkHealth
    this.#deleteTimeoutMs = opts.deleteTimeoutMs ?? 600_000
    this.#lockWaitMs = opts.lockWaitMs ?? 30_000
  }

  /**
   * Deploys a description (YAML text, an object, or a parsed InfraDefinition): checks everything
   * first (InputError, nothing created), then builds level by level with each node's `scaling.min`
   * instances. Rejects with DeployError after rolling back on any error or abort.
   * @example const { infraId, nodes } = await manager.deploy(def, { parallel: 4 })
   */
  async deploy(description: string | object | InfraDefinition, opts: InfraOperationOptions = {}): Promise<DeployResult> {
    const definition = isDefinition(description) ? description : await parseInfraDefinition(description as string | object)
    const plans = await planNodes(definition, this.store, this.#handlers, this.#nodeDefinitions)
    const infraId = randomUUID()
    const now = new Date().toISOString()
    const targets = Object.fromEntries(definition.nodes.map((n) => [n.name, n.scaling.min]))
    const book = new StateBook(this.store, { infraId, infraName: definition.infraName, status: 'deploying', instances: [], targets, createdAt: now, updatedAt: now })
    return this.store.withLock(
      infraId,
      async (lockLost) => {
        await this.store.putDescription(infraId, definition.source)
        await this.store.putScaling(infraId, targets)
        await book.flush()
        const env = this.#env(infraId, book, opts)
        // A lost lock ends the build like an abort: we no longer work on this infra alone.
        const signal = opts.signal ? AbortSignal.any([opts.signal, lockLost]) : lockLost
        await buildLevels(env, definition, plans, (plan) => plan.node.scaling.min, { ...opts, signal })
        book.setStatus('ready')
        try {
          await book.flush()
        } catch (error) {
          // Built, but not recorded as such: an error like any other, so everything goes again.
          throw await rollBack(env, { error, nodeId: undefined, node: undefined })
        }
        return { infraId, nodes: groupReady(book.state) }
      },
      { waitMs: this.#lockWaitMs },
    )
  }

  /**
   * Deletes every resource of an infra, newest first (occo-infra-stop). With nothing left behind
   * the infra is removed from the store; otherwise it stays, status `failed`, with its leftovers.
   * @example const { leftovers } = await manager.destroy(infraId)
   */
  async destroy(infraId: string, opts: InfraOperationOptions = {}): Promise<DestroyResult> {
    return this.#locked(infraId, async (book) => {
      book.setStatus('destroying')
      await book.flush()
      const env = this.#env(infraId, book, opts)
      const deleted: string[] = []
      const leftovers: Leftover[] = []
      for (const record of [...book.state.instances].reverse()) {
        if (record.state === 'deleted') continue
        const had = record.ref !== undefined
        const leftover = await deleteInstance(env, record)
        if (leftover) leftovers.push(leftover)
        else if (had) deleted.push(record.nodeId)
      }
      if (leftovers.length > 0) {
        book.setStatus('failed')
        await book.flush()
      } else await this.store.deleteInfra(infraId)
      return { infraId, deleted, leftovers }
    })
  }

  /** The recorded state of an infra; NotFoundError when there is none. @example (await manager.status(id)).status */
  async status(infraId: string): Promise<InfraState> {
    const state = await this.store.getState(checkId(infraId))
    if (!state) throw new NotFoundError(`no infrastructure ${infraId} in the store`)
    return state
  }

  /** The addresses of each node's ready instances (occo-infra-start --listips). @example await manager.listIps(id) // { db: ['10.0.0.4'] } */
  async listIps(infraId: string): Promise<Record<string, string[]>> {
    const state = await this.status(infraId)
    const out: Record<string, string[]> = {}
    for (const r of state.instances) if (r.state === 'ready') (out[r.node] ??= []).push(...(r.address === undefined ? [] : [r.address]))
    return out
  }

  /** Every infra in the store. @example for (const i of await manager.list()) console.log(i.infraId, i.status) */
  async list(): Promise<InfraSummary[]> {
    const out: InfraSummary[] = []
    for (const infraId of await this.store.listInfras()) {
      const s = await this.store.getState(infraId)
      if (s) out.push({ infraId, infraName: s.infraName, status: s.status, instances: s.instances.filter((r) => r.state !== 'deleted').length })
    }
    return out
  }

  /**
   * Sets a node's instance count, clamped to its `scaling.min`..`max`, creating or deleting
   * (newest first) instances to match. A failed create is rolled back (that instance only) and
   * rethrown. Resolves with the count that was applied.
   * @example await manager.scale(id, 'web', 4) // 4, or max when max < 4
   */
  async scale(infraId: string, node: string, count: number, opts: InfraOperationOptions = {}): Promise<{ node: string; target: number; created: string[]; deleted: string[] }> {
    if (!Number.isInteger(count) || count < 0) throw new InputError(`count must be a whole number ≥ 0; got ${count}`)
    return this.#locked(infraId, { live: true }, async (book) => {
      const { plans } = await this.#replan(infraId)
      const plan = plans.get(node)
      if (!plan) throw new InputError(`infrastructure ${infraId} has no node "${node}"`)
      const target = Math.min(plan.node.scaling.max, Math.max(plan.node.scaling.min, count))
      book.state.targets[node] = target
      await this.store.putScaling(infraId, book.state.targets)
      const env = this.#env(infraId, book, opts)
      const live = () => book.state.instances.filter((r) => r.node === node && r.state === 'ready')
      const created: string[] = []
      const deleted: string[] = []
      while (live().length < target) created.push((await this.#createOne(env, plan, opts.signal)).nodeId)
      for (const victim of live().slice(target).reverse()) if (!(await deleteInstance(env, victim))) deleted.push(victim.nodeId)
      await book.flush()
      return { node, target, created, deleted }
    })
  }

  /**
   * One maintenance pass (occo-infra-manage): instances whose handler reports `failed` or `gone`
   * are deleted and rebuilt, and missing instances are created up to each node's target. An
   * instance whose delete fails is reported in `leftovers` (still replaced, so the node keeps its count).
   * @example const { rebuilt, leftovers } = await manager.maintain(id)
   */
  async maintain(infraId: string, opts: InfraOperationOptions = {}): Promise<{ rebuilt: string[]; created: string[]; leftovers: Leftover[] }> {
    return this.#locked(infraId, { live: true }, async (book) => {
      const { plans } = await this.#replan(infraId)
      const env = this.#env(infraId, book, opts)
      const rebuilt: string[] = []
      const created: string[] = []
      const leftovers: Leftover[] = []
      for (const record of book.state.instances.filter((r) => r.state === 'ready' || r.state === 'failed')) {
        const handler = this.#handlers[record.resourceType]
        const health = record.state === 'failed' ? 'failed' : ((await handler?.status?.(record.ref as JsonValue, deleteContext(env, record, AbortSignal.timeout(60_000))).catch(() => 'failed' as const)) ?? 'ready')
        if (health !== 'failed' && health !== 'gone') continue
        const leftover = await deleteInstance(env, record)
        if (leftover) leftovers.push(leftover)
        else rebuilt.push(record.nodeId)
      }
      for (const [name, plan] of plans) {
        const target = book.state.targets[name] ?? plan.node.scaling.min
        while (book.state.instances.filter((r) => r.node === name && r.state === 'ready').length < target) created.push((await this.#createOne(env, plan, opts.signal)).nodeId)
      }
      book.setStatus(leftovers.length > 0 ? 'failed' : 'ready')
      await book.flush()
      return { rebuilt, created, leftovers }
    })
  }

  async #createOne(env: OpEnv, plan: NodePlan, signal: AbortSignal | undefined): Promise<InstanceRecord> {
    const index = nextIndex(env.book, plan.node.name)
    try {
      return await createInstance(env, plan, index, signal ?? new AbortController().signal)
    } catch (e) {
      const record = env.book.get(`${plan.node.name}-${index}`)
      if (record) await deleteInstance(env, record)
      throw e
    }
  }

  async #replan(infraId: string): Promise<{ definition: InfraDefinition; plans: Map<string, NodePlan> }> {
    const source = await this.store.getDescription(infraId)
    if (source === undefined) throw new NotFoundError(`no description of infrastructure ${infraId} in the store`)
    const definition = await parseInfraDefinition(source as object)
    return { definition, plans: await planNodes(definition, this.store, this.#handlers, this.#nodeDefinitions) }
  }

  #locked<T>(infraId: string, ...args: [fn: (book: StateBook) => Promise<T>] | [opts: { live: boolean }, fn: (book: StateBook) => Promise<T>]): Promise<T> {
    const [opts, fn] = args.length === 1 ? [{ live: false }, args[0]] : args
    return this.store.withLock(
      checkId(infraId),
      async () => {
        const state = await this.store.getState(infraId)
        if (!state) throw new NotFoundError(`no infrastructure ${infraId} in the store`)
        // Scaling or maintaining a rolled-back or half-destroyed infra would quietly rebuild it.
        if (opts.live && state.status !== 'ready' && state.status !== 'deploying') throw new ConflictError(`infrastructure ${infraId} is ${state.status}: only a ready one can be scaled or maintained`)
        return fn(new StateBook(this.store, state))
      },
      { waitMs: this.#lockWaitMs },
    )
  }

  #env(infraId: string, book: StateBook, opts: InfraOperationOptions): OpEnv {
    const started = Date.now()
    return {
      infraId,
      book,
      handlers: this.#handlers,
      clients: this.#clients,
      healthCheck: this.#healthCheck,
      deleteTimeoutMs: this.#deleteTimeoutMs,
      emit: (event) => opts.onEvent?.({ ...event, infraId, elapsedMs: Date.now() - started }),
    }
  }
}

function isDefinition(value: unknown): value is InfraDefinition {
  return typeof value === 'object' && value !== null && Array.isArray((value as InfraDefinition).levels) && typeof (value as InfraDefinition).infraName === 'string'
}

function checkId(infraId: string): string {
  if (typeof infraId !== 'string' || infraId === '') throw new InputError('an infra id is required')
  return infraId
}

function groupReady(state: InfraState): Record<string, InstanceRecord[]> {
  const out: Record<string, InstanceRecord[]> = {}
  for (const r of state.instances) if (r.state === 'ready') (out[r.node] ??= []).push(structuredClone(r))
  return out
}
