// src/testing/nova-lifecycle.ts — the steps a server goes through on build and on each action, as timed transitions.
import { COMPUTE_HOST, type NovaStep } from './nova-store.js'
import { POWER } from './nova-states.js'
import type { NovaFault, NovaServer, NovaVmState } from './nova-types.js'

/**
 * The build: scheduling → networking → block_device_mapping → spawning over `delayMs`, then
 * ACTIVE (running, launched) or, with a `failure`, ERROR with that fault and no host.
 * @example state.schedule(server, buildSteps(200))
 */
export function buildSteps(delayMs: number, failure?: NovaFault): NovaStep[] {
  return [
    { afterMs: delayMs * 0.25, apply: (s) => void Object.assign(s, { taskState: 'networking', host: COMPUTE_HOST }) },
    { afterMs: delayMs * 0.5, apply: (s) => void (s.taskState = 'block_device_mapping') },
    { afterMs: delayMs * 0.75, apply: (s) => void (s.taskState = 'spawning') },
    {
      afterMs: delayMs,
      apply: (s, at) => {
        if (failure) {
          Object.assign(s, { vmState: 'error', taskState: null, powerState: POWER.NOSTATE, host: null, fault: failure })
        } else {
          Object.assign(s, { vmState: 'active', taskState: null, powerState: POWER.RUNNING, launchedAt: at, progress: 0 })
        }
      },
    },
  ]
}

/**
 * The end state of an action: vm_state, power state and anything else to change.
 * @example const stopped: ActionOutcome = { vmState: 'stopped', powerState: POWER.SHUTDOWN }
 */
export interface ActionOutcome {
  vmState?: NovaVmState
  powerState?: number
  change?: (server: NovaServer, at: number) => void
}

/**
 * An action that sets `taskState` at once and reaches `outcome` (task cleared) after `delayMs`.
 * @example state.schedule(server, taskSteps(100, 'powering-off', { vmState: 'stopped', powerState: POWER.SHUTDOWN }))
 */
export function taskSteps(delayMs: number, taskState: string, outcome: ActionOutcome): NovaStep[] {
  return [
    { afterMs: 0, apply: (s) => void (s.taskState = taskState) },
    {
      afterMs: delayMs,
      apply: (s, at) => {
        s.taskState = null
        if (outcome.vmState) s.vmState = outcome.vmState
        if (outcome.powerState !== undefined) s.powerState = outcome.powerState
        outcome.change?.(s, at)
      },
    },
  ]
}

/**
 * Deletion: task `deleting`, then the server is gone (vm_state deleted, addresses released),
 * or soft-deleted when `soft` (`reclaim_instance_interval` set).
 * @example state.schedule(server, deleteSteps(100, false))
 */
export function deleteSteps(delayMs: number, soft: boolean): NovaStep[] {
  if (soft) return taskSteps(delayMs, 'soft-deleting', { vmState: 'soft-delete', powerState: POWER.SHUTDOWN })
  return taskSteps(delayMs, 'deleting', {
    vmState: 'deleted',
    powerState: POWER.NOSTATE,
    change: (s, at) => {
      s.deletedAt = at
      s.addresses = []
    },
  })
}
