// src/infra/deploy.ts — building an infrastructure level by level, and on any error or abort deleting everything it built, newest first.
import { abortReason } from '../core/abort.js'
import { AbortError } from '../core/errors.js'
import { ConcurrencyLimiter } from '../core/concurrency.js'
import type { InfraDefinition } from './definition-types.js'
import { DeployError, type DeployReport, type Leftover } from './deploy-error.js'
import { createInstance, deleteInstance, nextIndex, type OpEnv } from './instance-ops.js'
import type { NodePlan } from './plan.js'

/** How the instances of one dependency level are created. */
export interface LevelOptions {
  /** `false` (default, as OCCO): one at a time; `true`: all at once; a number: at most that many at once. */
  parallel?: boolean | number
  signal?: AbortSignal
}

/** One instance to create. */
interface Step {
  plan: NodePlan
  index: number
}

/**
 * Creates `count(node)` instances of each node, level by level (a level finishes before the next
 * starts). The first failure aborts its siblings (their handlers see `ctx.signal` fire) and ends
 * the build; so does `signal`. Either way every instance created so far is deleted in reverse
 * creation order, the state is recorded as `rolled-back` (or `failed` when something could not be
 * deleted), and a DeployError with the report is thrown.
 * @example await buildLevels(env, definition, plans, (node) => node.scaling.min, { parallel: 8, signal })
 */
export async function buildLevels(env: OpEnv, definition: InfraDefinition, plans: Map<string, NodePlan>, count: (plan: NodePlan) => number, opts: LevelOptions = {}): Promise<void> {
  const limit = opts.parallel === true ? Number.MAX_SAFE_INTEGER : typeof opts.parallel === 'number' ? Math.max(1, Math.floor(opts.parallel)) : 1
  let failure: { error: unknown; nodeId: string | undefined; node: string | undefined } | undefined
  for (const level of definition.levels) {
    if (opts.signal?.aborted) {
      failure = { error: abortReason(opts.signal, 'deployment'), nodeId: undefined, node: undefined }
      break
    }
    const steps: Step[] = []
    for (const name of level) {
      const plan = plans.get(name) as NodePlan
      const first = nextIndex(env.book, name)
      for (let k = 0; k < count(plan); k++) steps.push({ plan, index: first + k })
    }
    const stop = new AbortController()
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal
    const limiter = new ConcurrencyLimiter({ limit, signal })
    // The failure is noted inside the task, before its slot is released, so no queued sibling starts after it.
    await Promise.allSettled(
      steps.map((step) =>
        limiter.run(async (s) => {
          if (failure) throw abortReason(stop.signal, 'deployment')
          try {
            return await createInstance(env, step.plan, step.index, s)
          } catch (error) {
            // The first error is the story; the aborts it caused in siblings are its consequences.
            if (!failure) failure = { error: opts.signal?.aborted ? abortReason(opts.signal, 'deployment') : error, nodeId: `${step.plan.node.name}-${step.index}`, node: step.plan.node.name }
            stop.abort(error)
            throw error
          }
        }),
      ),
    )
    if (failure) break
  }
  if (!failure && opts.signal?.aborted) failure = { error: abortReason(opts.signal, 'deployment'), nodeId: undefined, node: undefined }
  if (failure) throw await rollBack(env, failure)
}

/**
 * Deletes every instance of the infra that is not deleted yet, newest first, and records the
 * outcome. Resolves with the DeployError to throw (its report lists what went and what is left).
 * @example throw await rollBack(env, { error, node: 'db', nodeId: 'db-0' })
 */
export async function rollBack(env: OpEnv, failure: { error: unknown; nodeId: string | undefined; node: string | undefined }): Promise<DeployError> {
  const { book } = env
  const aborted = failure.error instanceof AbortError || (failure.error instanceof Error && failure.error.name === 'AbortError')
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error)
  book.setStatus('rolling-back', { node: failure.node ?? '', message: reason })
  await book.flush().catch(() => undefined)
  const rolledBack: string[] = []
  const leftovers: Leftover[] = []
  for (const record of [...book.state.instances].reverse()) {
    if (record.state === 'deleted') continue
    const hadResource = record.ref !== undefined
    const leftover = await deleteInstance(env, record).catch((e: unknown) => ({ nodeId: record.nodeId, node: record.node, resourceType: record.resourceType, ref: record.ref, error: (e as Error).message }))
    if (leftover) leftovers.push(leftover)
    else if (hadResource) rolledBack.push(record.nodeId)
  }
  book.setStatus(leftovers.length > 0 ? 'failed' : 'rolled-back')
  await book.flush().catch(() => undefined)
  const report: DeployReport = { infraId: env.infraId, failedNode: failure.node, failedNodeId: failure.nodeId, reason, aborted, rolledBack, leftovers }
  return new DeployError(report, { cause: failure.error })
}
