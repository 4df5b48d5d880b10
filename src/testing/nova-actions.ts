// src/testing/nova-actions.ts — POST /servers/{id}/action: dispatch, and the power, lock, shelve and delete-related actions.
import type { NovaActionSpec } from './nova-action-spec.js'
import { IMAGE_ACTIONS } from './nova-actions-image.js'
import { checkLock, checkState, type NovaContext } from './nova-context.js'
import { invalidInput, isObject, novaEmpty, pyRepr } from './nova-http.js'
import { taskSteps, type ActionOutcome } from './nova-lifecycle.js'
import { COMPUTE_HOST } from './nova-store.js'
import { POWER } from './nova-states.js'
import type { NovaServer } from './nova-types.js'
import { checkString } from './nova-validate.js'

const RUNNING: ActionOutcome = { vmState: 'active', powerState: POWER.RUNNING }

/** An action that starts a task and ends in `outcome` after actionDelayMs; answers 202. */
const simple = (spec: Omit<NovaActionSpec, 'run'>, task: string, outcome: ActionOutcome, status = 202): NovaActionSpec => ({
  ...spec,
  run: (ctx, server) => {
    ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, task, outcome))
    return novaEmpty(status)
  },
})

/** Nova's task_states.ALLOW_REBOOT: the tasks a hard reboot may interrupt. */
const HARD_REBOOT_TASKS = [null, 'rebooting', 'reboot_pending', 'reboot_started', 'resuming', 'rebooting_hard', 'unpausing', 'pausing', 'suspending']

const reboot: NovaActionSpec = {
  name: 'reboot',
  vmStates: null,
  taskStates: null,
  validate: (_ctx, arg) => {
    if (!isObject(arg)) return invalidInput('reboot', arg, `${pyRepr(arg)} is not of type 'object'`)
    if (!('type' in arg)) return invalidInput('reboot', arg, "'type' is a required property")
    if (typeof arg.type !== 'string' || !['HARD', 'SOFT'].includes(arg.type.toUpperCase())) {
      return invalidInput('type', arg.type, `${pyRepr(arg.type)} is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']`)
    }
    return undefined
  },
  run: (ctx, server, arg) => {
    const hard = (arg as { type: string }).type.toUpperCase() === 'HARD'
    const refused = hard
      ? checkState(ctx, 'reboot', server, ['active', 'stopped', 'paused', 'suspended', 'error'], HARD_REBOOT_TASKS)
      : checkState(ctx, 'reboot', server, ['active'], [null])
    if (refused) return refused
    ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, hard ? 'rebooting_hard' : 'rebooting', RUNNING))
    return novaEmpty(202)
  },
}

const lock: NovaActionSpec = {
  name: 'lock',
  vmStates: null,
  taskStates: null,
  lock: false,
  validate: (ctx, arg) => {
    if (arg === null || arg === undefined) return undefined
    if (!ctx.mv.atLeast('2.73') || !isObject(arg)) return invalidInput('lock', arg, `${pyRepr(arg)} is not of type 'null'`)
    return checkString(arg.locked_reason, 'locked_reason')
  },
  run: (ctx, server, arg) => {
    server.locked = true
    server.lockedBy = ctx.caller.isAdmin && ctx.caller.projectId !== server.projectId ? 'admin' : 'owner'
    server.lockedReason = isObject(arg) && typeof arg.locked_reason === 'string' ? arg.locked_reason : null
    server.updatedAt = ctx.state.now()
    return novaEmpty(202)
  },
}

const unlock: NovaActionSpec = {
  name: 'unlock',
  vmStates: null,
  taskStates: null,
  lock: false,
  run: (ctx, server) => {
    if (server.lockedBy === 'admin' && !ctx.caller.isAdmin) {
      return ctx.fail(403, "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.")
    }
    Object.assign(server, { locked: false, lockedBy: null, lockedReason: null, updatedAt: ctx.state.now() })
    return novaEmpty(202)
  },
}

const resetState: NovaActionSpec = {
  name: 'os-resetState',
  vmStates: null,
  taskStates: null,
  lock: false,
  validate: (_ctx, arg) =>
    isObject(arg) && (arg.state === 'active' || arg.state === 'error') ? undefined : invalidInput('os-resetState', arg, "'state' is a required property"),
  run: (ctx, server, arg) => {
    if (!ctx.caller.isAdmin) return ctx.fail(403, "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.")
    ctx.state.cancel(server.id)
    Object.assign(server, { vmState: (arg as { state: 'active' | 'error' }).state, taskState: null, updatedAt: ctx.state.now() })
    return novaEmpty(202)
  },
}

const unshelved = (s: NovaServer, at: number): void => {
  s.host = COMPUTE_HOST
  s.launchedAt = at
}
const offloaded = (s: NovaServer): void => {
  s.host = null
}

/** Every action the fake knows, by its key in the request body. */
export const ACTIONS: Record<string, NovaActionSpec> = {
  reboot,
  'os-start': simple({ name: 'start', vmStates: ['stopped'] }, 'powering-on', RUNNING),
  'os-stop': simple({ name: 'stop', vmStates: ['active', 'error'] }, 'powering-off', { vmState: 'stopped', powerState: POWER.SHUTDOWN }),
  pause: simple({ name: 'pause', vmStates: ['active'] }, 'pausing', { vmState: 'paused', powerState: POWER.PAUSED }),
  unpause: simple({ name: 'unpause', vmStates: ['paused'] }, 'unpausing', RUNNING),
  suspend: simple({ name: 'suspend', vmStates: ['active'] }, 'suspending', { vmState: 'suspended', powerState: POWER.SUSPENDED }),
  resume: simple({ name: 'resume', vmStates: ['suspended'] }, 'resuming', RUNNING),
  unrescue: simple({ name: 'unrescue', vmStates: ['rescued'] }, 'unrescuing', RUNNING),
  shelve: simple({ name: 'shelve', vmStates: ['active', 'stopped', 'paused', 'suspended'] }, 'shelving', { vmState: 'shelved_offloaded', powerState: POWER.SHUTDOWN, change: offloaded }),
  shelveOffload: simple({ name: 'shelveOffload', vmStates: ['shelved'] }, 'shelving_offloading', { vmState: 'shelved_offloaded', change: offloaded }),
  unshelve: simple({ name: 'unshelve', vmStates: ['shelved', 'shelved_offloaded'] }, 'unshelving', { ...RUNNING, change: unshelved }),
  restore: simple({ name: 'restore', vmStates: ['soft-delete'] }, 'restoring', RUNNING),
  forceDelete: {
    name: 'forceDelete',
    vmStates: null,
    run: (ctx, server) => {
      ctx.state.schedule(server, taskSteps(ctx.config.actionDelayMs, 'deleting', { vmState: 'deleted', powerState: POWER.NOSTATE, change: (s, at) => Object.assign(s, { deletedAt: at, addresses: [] }) }))
      return novaEmpty(202)
    },
  },
  trigger_crash_dump: simple({ name: 'trigger_crash_dump', vmStates: ['active', 'paused', 'rescued', 'resized', 'error'], min: '2.17' }, 'crash_dumping', {}),
  lock,
  unlock,
  'os-resetState': resetState,
  ...IMAGE_ACTIONS,
}

/**
 * `POST /servers/{id}/action`: one action key in the body; 400 for an unknown one, 404 outside
 * its microversion range, then Nova's checks (validation 400, 404, lock 409, state 409).
 * @example await serverAction(ctx, id)
 */
export async function serverAction(ctx: NovaContext, id: string): Promise<Response> {
  const body = await ctx.body()
  if (body instanceof Response) return body
  const keys = Object.keys(body)
  if (keys.length !== 1) return ctx.fail(400, 'Malformed request body')
  const key = keys[0]!
  const spec = ACTIONS[key]
  if (!spec) return ctx.fail(400, `There is no such action: ${key}`)
  if ((spec.min && !ctx.mv.atLeast(spec.min)) || (spec.max && !ctx.mv.atMost(spec.max))) return ctx.fail(404)
  const arg = body[key]
  const invalid = spec.validate?.(ctx, arg)
  if (invalid) return ctx.fail(400, invalid)
  const server = ctx.server(id)
  if (server instanceof Response) return server
  if (spec.lock ?? true) {
    const locked = checkLock(ctx, server)
    if (locked) return locked
  }
  const refused = checkState(ctx, spec.name, server, spec.vmStates, spec.taskStates === undefined ? [null] : spec.taskStates)
  if (refused) return refused
  return spec.run(ctx, server, arg)
}
