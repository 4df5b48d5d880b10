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
