// src/testing/nova-action-spec.ts — how a server action is declared: its state checks, lock check, microversion range and effect.
import type { NovaContext } from './nova-context.js'
import type { NovaServer, NovaVmState } from './nova-types.js'

/**
 * One `POST /servers/{id}/action` verb.
 * - `name`: how Nova names it in 409 messages (`Cannot 'stop' instance …`).
 * - `vmStates` / `taskStates`: Nova's check_instance_state (null: any; taskStates default `[null]`).
 * - `lock`: whether a locked server refuses it (409) for non-admins. Default true.
 * - `min` / `max`: microversion range (outside it: 404).
 * - `run`: validates the action's argument and applies it; called after the checks.
 * @example const pause: NovaActionSpec = { name: 'pause', vmStates: ['active'], run: (ctx, s) => … }
 */
export interface NovaActionSpec {
  name: string
  vmStates: readonly NovaVmState[] | null
  taskStates?: readonly (string | null)[] | null
  lock?: boolean
  min?: string
  max?: string
  /** Checks of the argument that come before any state check (Nova's schema validation). */
  validate?: (ctx: NovaContext, arg: unknown) => string | undefined
  run(ctx: NovaContext, server: NovaServer, arg: unknown): Response | Promise<Response>
}
