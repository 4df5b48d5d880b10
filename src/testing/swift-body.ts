// src/testing/swift-body.ts — request bodies in, object bytes out: read once, slice without copying, stream in small copies.

/**
 * A slice of stored bytes; large-object bodies are lists of these, never one big copy.
 * @example const part: BodyPart = { data: obj.data, start: 0, end: obj.data.length }
 */
export interface BodyPart {
  data: Uint8Array
  start: number
  /** Exclusive. */
  end: number
}

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

/**
 * Total length of parts.
 * @example partsLength([{ data, start: 0, end: data.length }])
 */
export function partsLength(parts: readonly BodyPart[]): number {
  return parts.reduce((n, p) => n + (p.end - p.start), 0)
}

/**
 * The parts covering bytes [start, end) of the concatenation, still pointing at stored data.
 * @example sliceParts(parts, 0, 100) // the first 100 bytes
 */
export function sliceParts(parts: readonly BodyPart[], start: number, end: number): BodyPart[] {
  const out: BodyPart[] = []
  let offset = 0
  for (const p of parts) {
    const len = p.end - p.start
    const from = Math.max(start, offset)
    const to = Math.min(end, offset + len)
    if (from < to) out.push({ data: p.data, start: p.start + (from - offset), end: p.start + (to - offset) })
    offset += len
    if (offset >= end) break
  }
  return out
}

/**
 * Joins parts into one new array (for copies, which must not alias the source).
 * @example const bytes = concatParts(parts)
 */
export function concatParts(parts: readonly BodyPart[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(partsLength(parts))
  let offset = 0
  for (const p of parts) {
    out.set(p.data.subarray(p.start, p.end), offset)
    offset += p.end - p.start
  }
  return out
}

const CHUNK = 1024 * 1024

/**
 * A response body over parts. Each chunk is a copy of at most 1 MiB: a reader may keep or
 * mutate what it gets without touching the store, and memory stays flat for large objects.
 * @example new Response(streamParts(parts), { headers })
 */
export function streamParts(parts: readonly BodyPart[]): ReadableStream<Uint8Array> {
  let i = 0
  let pos = parts[0]?.start ?? 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (i < parts.length && pos >= parts[i]!.end) {
        i++
        pos = parts[i]?.start ?? 0
      }
      const p = parts[i]
      if (!p) {
        controller.close()
        return
      }
      const to = Math.min(p.end, pos + CHUNK)
      controller.enqueue(p.data.slice(pos, to))
      pos = to
    },
  })
}

/**
 * Flips one byte in the middle, the way a bad NIC or proxy corrupts data in transit.
 * @example corrupt(bytes) // a copy with one byte changed
 */
export function corrupt(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = data.slice()
  if (out.length === 0) return out
  const i = Math.floor(out.length / 2)
  out[i] = out[i]! ^ 0xff
  return out
}
