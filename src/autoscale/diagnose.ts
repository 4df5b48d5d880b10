// src/autoscale/diagnose.ts — turns a server's bare 500 into the error AWS would have sent, by asking what is missing.
import { ClientError, NotFoundError, errorInit } from '../core/errors.js'

/** One thing a failed call depends on, and how to check that it exists. */
export interface Precondition {
  /** What it is, in AWS's words, e.g. `AutoScalingGroup 'web'`. */
  what: string
  exists: () => Promise<boolean>
}

/**
 * Runs `send`; when the server answers with a 500 that carries no error code (moto does this for
 * an unknown group, launch configuration, policy or instance, where AWS sends a ValidationError),
 * checks the call's preconditions and rejects with a NotFoundError naming the missing one. Any
 * other failure, or a 500 whose preconditions all hold, is passed on unchanged. Costs nothing on
 * success.
 * @example await explainServerError(() => client.query('SetDesiredCapacity', p), [{ what: `AutoScalingGroup '${name}'`, exists: () => groupExists(name) }])
 */
export async function explainServerError<T>(send: () => Promise<T>, preconditions: readonly Precondition[], signal?: AbortSignal): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (!(error instanceof ClientError) || error.status !== 500 || error.code !== undefined || signal?.aborted) throw error
    for (const p of preconditions) {
      let exists: boolean
      try {
        exists = await p.exists()
      } catch {
        throw error // the check failed too: the original error is the better report
      }
      if (!exists) {
        throw new NotFoundError(`${p.what} not found (the server answered 500 instead of saying so)`, {
          ...errorInit(error),
          code: 'ValidationError',
          details: [error.message, ...error.details],
          retryable: false,
          cause: error,
        })
      }
    }
    throw error
  }
}
