// src/image/wait.ts — images.waitFor(): poll an image until it reaches a status, failing fast when it cannot.
import { InputError } from '../core/errors.js'
import { waitFor } from '../core/waiter.js'
import type { ImageClient } from './client.js'
import type { Image, ImageStatus } from './schemas.js'

/**
 * Options of `images.waitFor()`.
 * @example { timeoutMs: 600_000, intervalMs: 2000, signal }
 */
export interface WaitForImageOptions {
  /** Give up after this long (TimeoutError naming the last status). Default: no limit. */
  timeoutMs?: number
  /** First pause between polls; pauses grow ×1.5 up to `maxIntervalMs`. Default 2000 ms. */
  intervalMs?: number
  /** Longest pause. Default 30 000 ms. */
  maxIntervalMs?: number
  signal?: AbortSignal
  /** Called with each polled image. */
  onPoll?: (image: Image) => void
}

// States an image does not leave: waiting for anything else would only run into the timeout.
const TERMINAL = ['killed', 'deleted', 'pending_delete']

/**
 * Polls until the image has `status`; rejects with WaitFailedError as soon as it is `killed`,
 * `deleted` or `pending_delete` (unless that is the status awaited) or lists stores in
 * `os_glance_failed_import` (an import failed there), naming them.
 */
export function waitForImage(client: ImageClient, id: string, status: ImageStatus | (string & {}), opts: WaitForImageOptions = {}): Promise<Image> {
  if (typeof id !== 'string' || id === '') return Promise.reject(new InputError('image id must be a non-empty string'))
  if (typeof status !== 'string' || status === '') return Promise.reject(new InputError('status must be a non-empty string'))
  return waitFor((signal) => client.images.get(id, { signal }), {
    until: (img) => img.status === status,
    failWhen: (img) => {
      const failedStores = storesOf(img.os_glance_failed_import)
      if (failedStores.length > 0) return `import failed for store${failedStores.length > 1 ? 's' : ''} ${failedStores.join(', ')}`
      if (img.status !== status && TERMINAL.includes(img.status)) return `image ${id} is ${img.status}`
      return false
    },
    describe: (img) => img.status,
    what: `image ${id} to be ${status}`,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
    ...(opts.maxIntervalMs !== undefined ? { maxIntervalMs: opts.maxIntervalMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onPoll ? { onPoll: opts.onPoll } : {}),
  })
}

/** Glance keeps store lists as comma-separated strings (`''` when none). */
function storesOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : []
}
