// src/testing/glance-faults.ts — injected failures for the fake Glance: error answers, corrupted data, wrong checksums.
import { FaultList, pathRule, type FaultHandle } from './fault-list.js'

/**
 * One injected fault, applied to requests matching `method` and `path`, `times` times (default
 * once; `Infinity` for always).
 *
 * - `status` (with optional `body` and `headers`): answer with it instead of doing anything;
 *   without `body` the answer is Glance's own error page for that status.
 * - `corruptBody`: flip one byte of the data of a PUT …/file or …/stage before it is hashed and
 *   stored (the image's checksum then describes the corrupt bytes), or of a GET …/file answer
 *   (headers still describe the good data).
 * - `wrongChecksum`: a PUT …/file records a wrong `checksum` and `os_hash_value`; a GET …/file
 *   answers a wrong Content-MD5.
 * @example glance.faults.add({ method: 'GET', path: /\/file$/, status: 503, times: 2 })
 */
export interface FakeGlanceFault {
  method?: string
  /** A RegExp is tested against the path after `/image` (e.g. `/v2/images/<id>/file`) with its query; a string must equal that path. */
  path?: RegExp | string
  status?: number
  body?: string
  headers?: Record<string, string>
  times?: number
  corruptBody?: boolean
  wrongChecksum?: boolean
}

/**
 * A fault that was added: how often it fired, and a way to take it back.
 * @example const f = glance.faults.add({ status: 500 }); …; expect(f.hits).toBe(1); f.remove()
 */
export type FakeGlanceFaultHandle = FaultHandle<FakeGlanceFault>

/**
 * What the faults matching one request ask for.
 * @example const effect = faults.take('GET', '/v2/images/x/file')
 */
export interface GlanceFaultEffect {
  status?: number
  body?: string
  headers?: Record<string, string>
  corruptBody: boolean
  wrongChecksum: boolean
}

/**
 * The fake Glance's fault list. Faults are matched in the order they were added, and every
 * matching one with `times` left applies (the first `status` wins).
 * @example
 * glance.faults.add({ method: 'PUT', path: /\/file$/, corruptBody: true })
 * glance.faults.add({ method: 'POST', path: '/v2/images', status: 503, times: 2 })
 */
export class FakeGlanceFaults extends FaultList<FakeGlanceFault> {
  /** Consumes the faults matching a request (path after the prefix, with its query). */
  take(method: string, pathAndQuery: string): GlanceFaultEffect | undefined {
    const taken = this.consume(method, pathRule(pathAndQuery), false)
    if (taken.length === 0) return undefined
    const effect: GlanceFaultEffect = { corruptBody: false, wrongChecksum: false }
    const answer = taken.find((f) => f.status !== undefined)
    if (answer) {
      effect.status = answer.status!
      if (answer.body !== undefined) effect.body = answer.body
      if (answer.headers) effect.headers = answer.headers
    }
    effect.corruptBody = taken.some((f) => f.corruptBody === true)
    effect.wrongChecksum = taken.some((f) => f.wrongChecksum === true)
    return effect
  }
}

/**
 * A copy of the bytes with one flipped (the middle one), or the bytes themselves when empty.
 * @example const bad = flipByte(Buffer.from('abc')) // 'a' + '\x9d' + 'c'
 */
export function flipByte(data: Buffer): Buffer {
  if (data.length === 0) return data
  const copy = Buffer.from(data)
  const i = Math.floor(copy.length / 2)
  copy[i] = copy[i]! ^ 0xff
  return copy
}
