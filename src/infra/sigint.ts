// src/infra/sigint.ts — Ctrl-C for scripts and the CLI: the first aborts (and so rolls back), the second exits.
import { AbortError } from '../core/errors.js'

/** What {@link abortOnInterrupt} gives back. */
export interface InterruptHandle {
  /** Fires on the first SIGINT (or SIGTERM). Pass it to `deploy({ signal })`. */
  signal: AbortSignal
  /** Removes the signal handlers (call it when the operation is over). */
  dispose(): void
}

/**
 * Installs SIGINT and SIGTERM handlers for the length of an operation: the first signal aborts
 * `signal` with an AbortError (`interrupted`) so a deployment rolls back, and prints `message`;
 * a second one exits at once with code 130, leaving whatever is half done (the store says what).
 * @example
 * const interrupt = abortOnInterrupt()
 * try { await manager.deploy(def, { signal: interrupt.signal }) } finally { interrupt.dispose() }
 */
export function abortOnInterrupt(opts: { message?: string; exit?: (code: number) => void; write?: (line: string) => void } = {}): InterruptHandle {
  const controller = new AbortController()
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`))
  const exit = opts.exit ?? ((code: number) => process.exit(code))
  const onSignal = (name: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      write(opts.message ?? `${name}: rolling back what was created; press Ctrl-C again to exit at once`)
      controller.abort(new AbortError('interrupted'))
      return
    }
    write(`${name} again: exiting without finishing the rollback`)
    exit(130)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
