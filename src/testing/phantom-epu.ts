// src/testing/phantom-epu.ts — EPU instance states (epu/states.py) and where an instance is in them at a given fake time.

// The states are the public client's: one list, as Phantom's epu/states.py has one.
import { EPU_STATES } from '../autoscale/phantom/states.js'
export { EPU_STATES }

/** One EPU state string. @example const s: EpuState = '600-RUNNING' */
export type EpuState = (typeof EPU_STATES)[keyof typeof EPU_STATES]

/**
 * Timings of one instance on the fake clock: launched at `launchedAt`, running from `readyAt`,
 * terminating from `terminatingAt` until `goneAt`.
 * @example { launchedAt: 0, readyAt: 200, terminatingAt: 500, goneAt: 600 }
 */
export interface EpuTimes {
  launchedAt: number
  readyAt: number
  terminatingAt?: number
  goneAt?: number
}

/**
 * The EPU state at `now`: the launch goes 100-REQUESTING, 200-REQUESTED, 400-PENDING,
 * 500-STARTED (a quarter of the launch time each), then 600-RUNNING; a termination is
 * 700-TERMINATING for its first half and 800-TERMINATED for the second.
 * @example epuState({ launchedAt: 0, readyAt: 200 }, 120) // '400-PENDING'
 */
export function epuState(t: EpuTimes, now: number): EpuState {
  if (t.terminatingAt !== undefined && now >= t.terminatingAt) {
    const half = t.terminatingAt + ((t.goneAt ?? t.terminatingAt) - t.terminatingAt) / 2
    return now < half ? EPU_STATES.TERMINATING : EPU_STATES.TERMINATED
  }
  if (now >= t.readyAt) return EPU_STATES.RUNNING
  const f = (now - t.launchedAt) / Math.max(1, t.readyAt - t.launchedAt)
  return f < 0.25 ? EPU_STATES.REQUESTING : f < 0.5 ? EPU_STATES.REQUESTED : f < 0.75 ? EPU_STATES.PENDING : EPU_STATES.STARTED
}

/**
 * Phantom's health rule: `Healthy` while the state's numeric prefix is at most 600.
 * @example epuHealth('650-RUNNING_FAILED') // 'Unhealthy'
 */
export function epuHealth(state: string): 'Healthy' | 'Unhealthy' {
  return Number.parseInt(state, 10) <= 600 ? 'Healthy' : 'Unhealthy'
}
