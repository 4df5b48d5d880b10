// src/testing/nova-states.ts — Nova's map between (vm_state, task_state) and the status a server shows, both ways.
import type { NovaServerStatus, NovaVmState } from './nova-types.js'

const RESIZING = ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish']
const REBUILDING = ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning']

/** Nova's _STATE_MAP: per vm_state, the status for a task_state (`default` for the others). */
const STATE_MAP: Record<NovaVmState, Record<string, NovaServerStatus>> = {
  active: {
    default: 'ACTIVE',
    ...Object.fromEntries(['rebooting', 'reboot_pending', 'reboot_started'].map((t) => [t, 'REBOOT'])),
    ...Object.fromEntries(['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'].map((t) => [t, 'HARD_REBOOT'])),
    updating_password: 'PASSWORD',
    ...Object.fromEntries(REBUILDING.map((t) => [t, 'REBUILD'])),
    migrating: 'MIGRATING',
    ...Object.fromEntries(RESIZING.map((t) => [t, 'RESIZE'])),
  },
  building: { default: 'BUILD' },
  stopped: { default: 'SHUTOFF', ...Object.fromEntries(RESIZING.map((t) => [t, 'RESIZE'])), ...Object.fromEntries(REBUILDING.map((t) => [t, 'REBUILD'])) },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', ...Object.fromEntries(REBUILDING.map((t) => [t, 'REBUILD'])) },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
}

/**
 * The status Nova shows for a vm_state and task_state.
 * @example statusOf('active', 'powering-off') // 'ACTIVE'; statusOf('resized', null) // 'VERIFY_RESIZE'
 */
export function statusOf(vmState: NovaVmState, taskState: string | null): NovaServerStatus {
  const map = STATE_MAP[vmState]
  return (taskState !== null ? map[taskState] : undefined) ?? map.default!
}

/**
 * Nova's task_and_vm_state_from_status: the vm_states and task_states (`default` standing for any
 * task) whose status is one of `statuses` (case-insensitive; a comma is not a separator).
 * @example statesForStatuses(['REBOOT']) // { vmStates: ['active'], taskStates: ['reboot_pending', 'reboot_started', 'rebooting'] }
 */
export function statesForStatuses(statuses: readonly string[]): { vmStates: NovaVmState[]; taskStates: string[] } {
  const wanted = statuses.map((s) => s.toLowerCase())
  const vmStates = new Set<NovaVmState>()
  const taskStates = new Set<string>()
  for (const [vmState, map] of Object.entries(STATE_MAP) as [NovaVmState, Record<string, NovaServerStatus>][]) {
    for (const [taskState, status] of Object.entries(map)) {
      if (!wanted.includes(status.toLowerCase())) continue
      vmStates.add(vmState)
      taskStates.add(taskState)
    }
  }
  return { vmStates: [...vmStates].sort(), taskStates: [...taskStates].sort() }
}

/** Power states (`OS-EXT-STS:power_state`). */
export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const

/**
 * The vm_state, task_state and power state that make a server show `status`.
 * @example stateFor('SHUTOFF') // { vmState: 'stopped', taskState: null, powerState: 4 }
 */
export function stateFor(status: NovaServerStatus): { vmState: NovaVmState; taskState: string | null; powerState: number } {
  const running = POWER.RUNNING
  const table: Record<NovaServerStatus, [NovaVmState, string | null, number]> = {
    ACTIVE: ['active', null, running],
    BUILD: ['building', 'spawning', POWER.NOSTATE],
    DELETED: ['deleted', null, POWER.NOSTATE],
    ERROR: ['error', null, POWER.NOSTATE],
    HARD_REBOOT: ['active', 'rebooting_hard', running],
    MIGRATING: ['active', 'migrating', running],
    PASSWORD: ['active', 'updating_password', running],
    PAUSED: ['paused', null, POWER.PAUSED],
    REBOOT: ['active', 'rebooting', running],
    REBUILD: ['active', 'rebuilding', POWER.NOSTATE],
    RESCUE: ['rescued', null, running],
    RESIZE: ['active', 'resize_prep', running],
    REVERT_RESIZE: ['resized', 'resize_reverting', running],
    SHELVED: ['shelved', null, POWER.SHUTDOWN],
    SHELVED_OFFLOADED: ['shelved_offloaded', null, POWER.SHUTDOWN],
    SHUTOFF: ['stopped', null, POWER.SHUTDOWN],
    SOFT_DELETED: ['soft-delete', null, POWER.SHUTDOWN],
    SUSPENDED: ['suspended', null, POWER.SUSPENDED],
    VERIFY_RESIZE: ['resized', null, running],
  }
  const [vmState, taskState, powerState] = table[status]
  return { vmState, taskState, powerState }
}

/**
 * Whether `status` is one of the statuses Nova knows (a list filter on anything else is a 400 from 2.38).
 * @example isServerStatus('ACTIVE') // true
 */
export function isServerStatus(status: string): status is NovaServerStatus {
  return ALL_STATUSES.includes(status as NovaServerStatus)
}

const ALL_STATUSES: NovaServerStatus[] = [
  'ACTIVE',
  'BUILD',
  'DELETED',
  'ERROR',
  'HARD_REBOOT',
  'MIGRATING',
  'PASSWORD',
  'PAUSED',
  'REBOOT',
  'REBUILD',
  'RESCUE',
  'RESIZE',
  'REVERT_RESIZE',
  'SHELVED',
  'SHELVED_OFFLOADED',
  'SHUTOFF',
  'SOFT_DELETED',
  'SUSPENDED',
  'VERIFY_RESIZE',
]
