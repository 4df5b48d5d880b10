// src/testing/request-body.ts — a fake service reads a request body whole, with a size limit.

/**
 * Reads a request body into one Uint8Array: chunks are collected and joined once, so a 70 MiB
 * upload costs one copy, not one per chunk. Stops early with `tooLarge` past `limit` bytes.
 * @example const body = await readBody(request, limits.maxFileSize); if (body.tooLarge) return swiftError(413)
 */
export async function readBody(request: Request, limit: number): Promise<{ data: Uint8Array; tooLarge: boolean }> {
  if (!request.body) return { data: new Uint8Array(0), tooLarge: false }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      return { data: new Uint8Array(0), tooLarge: true }
    }
    chunks.push(value)
  }
  // Always a fresh copy: an in-process client may reuse the buffer it uploaded from.
  const data = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    data.set(c, offset)
    offset += c.byteLength
  }
  return { data, tooLarge: false }
}
