// src/netconf/service-transaction.ts — one services-commit transaction: user lookup, get-config, setup with a time limit, merge edits, done or error.
import { ClientError, TimeoutError } from '../core/errors.js'
import { ConfigTree } from './config-tree.js'
import type { RpcReply } from './rpc-reply.js'
import {
  actionsDoneXml,
  editActionsConfigXml,
  getActionsConfigXml,
  readTransactionUser,
  transactionErrorXml,
  transactionGetXml,
  type ServicesCommit,
} from './service-messages.js'
import type { ServiceContext, ServiceHook, ServiceLogger, ServiceModule } from './service-module.js'

/** Sends one RPC over the controller socket and resolves with its reply. */
export type ServiceRpc = (operation: string) => Promise<RpcReply>

/** Options of {@link runServiceTransaction}. */
export interface ServiceTransactionOptions {
  modules: readonly ServiceModule[]
  logger: ServiceLogger
  /** Time limit of each setup / preCommit call (0 = none). */
  serviceTimeoutMs: number
  /** Pretty-print the edit-config payloads. */
  pretty: boolean
  /** Aborted when the runner stops: running modules see it through `ctx.signal`. */
  signal: AbortSignal
}

/** One module's run in a transaction: what it was given and the tree it left. */
export interface ServiceModuleRun {
  module: ServiceModule
  instance: string | undefined
  root: ConfigTree
  ctx: ServiceContext
}

/** How a transaction went, as ServiceRunner reports it in its `transaction` event. */
export interface ServiceTransactionResult {
  tid: string
  /** Names of the services that ran (what `transaction-actions-done` listed). */
  services: string[]
  /** The `<service>` entries of the notification, as received. */
  requested: string[]
  outcome: 'done' | 'error'
  /** Why it failed (the `<reason>` sent in `transaction-error`, or a socket failure). */
  reason?: string
  /** How many edit-config RPCs were sent. */
  edits: number
  user: string | undefined
  /** The module runs, for the post-commit hooks. */
  runs: ServiceModuleRun[]
}

/** The TimeoutError of callWithTimeout's own limit, told apart from a TimeoutError the hook itself threw. */
class HookTimeout extends TimeoutError {}

/**
 * Calls a hook with a time limit. On timeout the hook's signal is aborted and a TimeoutError is
 * thrown; the hook cannot be killed, so whatever it does later is simply ignored.
 * @example await callWithTimeout((signal) => module.setup(root, { ...ctx, signal }), 1000, stop, 'setup')
 */
export async function callWithTimeout(fn: (signal: AbortSignal) => void | Promise<void>, ms: number, parent: AbortSignal, what: string): Promise<void> {
  const ac = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let onParent: (() => void) | undefined
  const limits = new Promise<never>((_, reject) => {
    onParent = () => {
      ac.abort(parent.reason)
      reject(parent.reason instanceof Error ? parent.reason : new ClientError(`${what} was cancelled`))
    }
    if (parent.aborted) onParent()
    else parent.addEventListener('abort', onParent, { once: true })
    if (ms > 0) {
      timer = setTimeout(() => {
        const error = new HookTimeout(`${what} timed out after ${ms} ms`)
        ac.abort(error)
        reject(error)
      }, ms)
    }
  })
  try {
    await Promise.race([Promise.resolve().then(() => fn(ac.signal)), limits])
  } finally {
    clearTimeout(timer)
    if (onParent) parent.removeEventListener('abort', onParent)
  }
}

/**
 * The edit-config payloads for a tree a service changed: each modified top-level element, and
 * under `devices` only the modified children (devices the service did not touch are not sent,
 * as in the Python server). Unmodified top-level elements are not sent: merging them is a no-op.
 * @example editsFor(root).length // 1 when only <services> changed
 */
export function editsFor(root: ConfigTree, pretty = false): string[] {
  const out: string[] = []
  for (const top of root.children()) {
    if (!top.modified) continue
    if (top.name !== 'devices') {
      out.push(top.toXml({ pretty }))
      continue
    }
    const copy = top.clone()
    const original = top.children()
    const copies = copy.children()
    original.forEach((child, i) => {
      if (!child.modified) copies[i]?.delete()
    })
    out.push(copy.toXml({ pretty }))
  }
  return out
}

function selectRuns(modules: readonly ServiceModule[], commit: ServicesCommit): Array<{ module: ServiceModule; instance: string | undefined }> {
  if (commit.services.length === 0) return modules.map((module) => ({ module, instance: undefined }))
  const runs: Array<{ module: ServiceModule; instance: string | undefined }> = []
  for (const module of modules) {
    const instances = new Set(commit.services.filter((r) => r.name === module.service).map((r) => r.instance))
    for (const instance of instances) runs.push({ module, instance })
  }
  return runs
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

async function lookupUser(rpc: ServiceRpc, tid: string, log: ServiceLogger): Promise<string | undefined> {
  try {
    const reply = await rpc(transactionGetXml(tid))
    return readTransactionUser(reply.data ?? '', tid)
  } catch (e) {
    log.debug(`transaction ${tid}: no user (${message(e)})`)
    return undefined
  }
}

class TransactionAbort extends Error {}

async function runModule(rpc: ServiceRpc, run: { module: ServiceModule; instance: string | undefined }, base: Omit<ServiceContext, 'instance' | 'signal'>, opts: ServiceTransactionOptions): Promise<ServiceModuleRun> {
  const { module, instance } = run
  let reply: RpcReply
  try {
    reply = await rpc(getActionsConfigXml(module.xpath ?? '/', module.namespaces ?? {}))
  } catch (e) {
    throw new TransactionAbort(`Service module ${module.service} could not read the actions datastore: ${message(e)}`)
  }
  // The data may hold several top-level elements; a namespace-less <config> keeps them as they are.
  const root = ConfigTree.parse(`<config>${reply.data ?? ''}</config>`)
  const ctx: ServiceContext = { ...base, instance, signal: opts.signal }
  const call = async (hook: ServiceHook, what: string): Promise<void> => {
    try {
      await callWithTimeout((signal) => hook(root, { ...ctx, signal }), opts.serviceTimeoutMs, opts.signal, `${module.service} ${what}`)
    } catch (e) {
      const why = e instanceof HookTimeout ? `timed out after ${opts.serviceTimeoutMs} ms` : message(e)
      throw new TransactionAbort(`Service module ${module.service} returned an error: ${why}`)
    }
  }
  opts.logger.debug(`transaction ${base.tid}: running ${module.service}${instance === undefined ? '' : `[${instance}]`}`)
  await call(module.setup, 'setup')
  if (module.preCommit) await call(module.preCommit, 'preCommit')
  return { module, instance, root, ctx }
}

/**
 * Handles one services-commit notification: looks up the user, runs every matching module on a
 * fresh get-config of `actions` (each with `serviceTimeoutMs`), and only when all succeeded sends
 * their edits and `transaction-actions-done`. The first failure sends `transaction-error` instead,
 * with no edits. Never throws: a socket failure comes back as outcome `error`.
 *
 * @example const result = await runServiceTransaction((op) => channel.rpc(op), commit, { modules, logger, serviceTimeoutMs: 300_000, pretty: false, signal })
 */
export async function runServiceTransaction(rpc: ServiceRpc, commit: ServicesCommit, opts: ServiceTransactionOptions): Promise<ServiceTransactionResult> {
  const { tid } = commit
  const log = opts.logger
  const requested = commit.services.map((s) => s.raw)
  const planned = selectRuns(opts.modules, commit)
  const services = [...new Set(planned.map((r) => r.module.service))]
  const user = await lookupUser(rpc, tid, log)
  const base = { log, tid, user, diff: commit.diff }
  const result: ServiceTransactionResult = { tid, services, requested, outcome: 'done', edits: 0, user, runs: [] }
  try {
    for (const run of planned) result.runs.push(await runModule(rpc, run, base, opts))
    const edits = result.runs.flatMap((r) => editsFor(r.root, opts.pretty))
    for (const edit of edits) {
      try {
        await rpc(editActionsConfigXml(edit))
      } catch (e) {
        throw new TransactionAbort(`edit-config of the actions datastore failed: ${message(e)}`)
      }
      result.edits++
    }
    await rpc(actionsDoneXml(tid, services))
    log.info(`transaction ${tid}: done (${services.join(', ') || 'no services'}, ${result.edits} edit${result.edits === 1 ? '' : 's'})`)
    return result
  } catch (e) {
    result.outcome = 'error'
    result.reason = message(e)
    if (!(e instanceof TransactionAbort)) return result // the socket itself failed: nothing more can be sent
    log.error(`transaction ${tid}: ${result.reason}`)
    try {
      await rpc(transactionErrorXml(tid, result.reason))
    } catch (sendError) {
      result.reason += ` (and sending transaction-error failed: ${message(sendError)})`
    }
    return result
  }
}
