// src/autoscale/phantom/states.ts — EPU instance states (`lifecycle_state`): their numeric order, running and failed.

/**
 * The instance states of Phantom's EPU (`epu/states.py`), as they appear in an instance's
 * `lifecycle_state`. The numeric prefix orders them: below 600 an instance is on its way up,
 * 600 is running, above 600 it failed, is going away or is gone.
 * @example if (instance.lifecycle_state === EPU_STATES.RUNNING) console.log(instance.public_ip)
 */
export const EPU_STATES = {
  REQUESTING: '100-REQUESTING',
  REQUESTED: '200-REQUESTED',
  ERROR_RETRYING: '300-ERROR_RETRYING',
  PENDING: '400-PENDING',
  STARTED: '500-STARTED',
  RUNNING: '600-RUNNING',
  RUNNING_FAILED: '650-RUNNING_FAILED',
  TERMINATING: '700-TERMINATING',
  TERMINATED: '800-TERMINATED',
  FAILED: '900-FAILED',
  REJECTED: '950-REJECTED',
} as const

const RUNNING = 600

/**
 * The numeric prefix of an EPU state, or undefined when the text has none (Phantom reports an
 * empty `lifecycle_state` for an instance the EPU has not described yet).
 * @example epuStateNumber('600-RUNNING') // 600
 */
export function epuStateNumber(state: string): number | undefined {
  const m = typeof state === 'string' ? /^\s*(\d+)(?:-|$)/.exec(state) : null
  return m ? Number(m[1]) : undefined
}

/**
 * True for `600-RUNNING` (started and contextualized), the one state in which an instance works.
 * @example const up = instances.filter((i) => isEpuRunning(i.lifecycle_state))
 */
export function isEpuRunning(state: string): boolean {
  return epuStateNumber(state) === RUNNING
}

/**
 * True past running (above 600): `650-RUNNING_FAILED`, `700-TERMINATING`, `800-TERMINATED`,
 * `900-FAILED`, `950-REJECTED`. Such an instance will not become running again; Phantom's Query
 * API reports it `Unhealthy`. An unknown or empty state is not failed.
 * @example if (isEpuFailed(i.lifecycle_state)) console.warn(`${i.id} is ${i.lifecycle_state}`)
 */
export function isEpuFailed(state: string): boolean {
  const n = epuStateNumber(state)
  return n !== undefined && n > RUNNING
}
