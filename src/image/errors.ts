// src/image/errors.ts — the failure only images have: data whose digest differs from what Glance recorded.
import { ClientError } from '../core/errors.js'

/**
 * The bytes sent or received do not match what Glance recorded (`checksum`, the MD5, or
 * `os_hash_value`, by `os_hash_algo`), or the size differs. After an upload the image is left on
 * the server as it is (Glance's image data cannot be replaced: delete the image and upload
 * again); after a download the partial file is removed. `details` names each digest compared.
 * @example
 * try { await image.images.upload(id, '/tmp/disk.qcow2') }
 * catch (e) { if (e instanceof ImageChecksumError) await image.images.delete(id) }
 */
export class ImageChecksumError extends ClientError {
  override readonly name = 'ImageChecksumError' as const
}

/** One comparison of a digest (or the size) strato computed with the one Glance reported. */
export interface DigestCheck {
  /** `size`, `md5` (Glance's `checksum`, or the Content-MD5 header) or the `os_hash_algo`. */
  what: string
  /** What strato computed from the bytes. */
  computed: string
  /** What Glance reported. */
  reported: string
}

/** An ImageChecksumError for the failed comparisons among `checks`, or undefined when all agree. */
export function checksumMismatch(what: string, checks: readonly DigestCheck[], aftermath: string, url?: string): ImageChecksumError | undefined {
  const bad = checks.filter((c) => c.computed !== c.reported)
  if (bad.length === 0) return undefined
  const names = bad.map((c) => c.what).join(' and ')
  return new ImageChecksumError(`${what}: ${names} of the data differ${bad.length > 1 ? '' : 's'} from what Glance reported; ${aftermath}`, {
    code: 'ChecksumMismatch',
    details: bad.map((c) => `${c.what}: computed ${c.computed}, Glance reported ${c.reported}`),
    ...(url ? { url } : {}),
  })
}
