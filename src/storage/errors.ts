// src/storage/errors.ts — the one failure only storage has: bytes that arrived different from what was sent.
import { ClientError } from '../core/errors.js'

/**
 * The MD5 strato computed while sending differs from the ETag Swift stored: the data was altered
 * on the way. The object or segment is not kept as good (it is removed, or the manifest that
 * would reference it is never written). `details` holds `expected` and `received`.
 * @example catch (e) { if (e instanceof ChecksumError) console.error('corrupted in transit:', e.details) }
 */
export class ChecksumError extends ClientError {
  override readonly name = 'ChecksumError' as const
}

/** A ChecksumError for `what`, naming both digests. */
export function checksumError(what: string, expected: string, received: string | undefined, url?: string): ChecksumError {
  return new ChecksumError(`${what}: sent MD5 ${expected} but the server stored ${received ?? 'no ETag'}`, {
    code: 'ChecksumMismatch',
    details: [`expected ${expected}`, `received ${received ?? '(none)'}`],
    retryable: true,
    ...(url ? { url } : {}),
  })
}
