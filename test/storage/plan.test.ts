// test/storage/plan.test.ts — segment size, manifest kind and segment names, decided before any byte moves.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import type { ResolvedSource } from '../../src/storage/source.js'
import { DEFAULT_SEGMENT_SIZE, planUpload, segmentName } from '../../src/storage/upload-plan.js'

const MiB = 1024 * 1024
const file = (size: number): ResolvedSource => ({ kind: 'file', path: '/x', size, mtimeMs: 1_700_000_000_123 })
const caps = { swift: { max_file_size: 5 * 1024 * MiB }, slo: { max_manifest_segments: 1000, min_segment_size: 1 } }

describe('planUpload', () => {
  it('sends small sources in one PUT and large ones as 64 MiB SLO segments', () => {
    expect(planUpload('o', 'c', file(10 * MiB), caps, {})).toMatchObject({ single: true, useSlo: true, segmentSize: DEFAULT_SEGMENT_SIZE })
    const big = planUpload('o', 'c', file(1024 * MiB), caps, {})
    expect(big).toMatchObject({ single: false, segments: 16, segmentSize: 64 * MiB, segmentContainer: 'c_segments' })
  })

  it('grows the segment size so no manifest has more than max_manifest_segments', () => {
    const p = planUpload('o', 'c', file(200 * 1024 * MiB), caps, {})
    expect(p.segments).toBeLessThanOrEqual(1000)
    expect(p.segmentSize).toBe(Math.ceil((200 * 1024 * MiB) / 1000))
    const tight = planUpload('o', 'c', file(100 * MiB), { ...caps, slo: { max_manifest_segments: 10 } }, { segmentSize: undefined })
    expect(tight.segments).toBeLessThanOrEqual(10)
  })

  it('uses DLO when /info is missing or useSlo is false', () => {
    expect(planUpload('o', 'c', file(200 * MiB), {}, {}).useSlo).toBe(false)
    expect(planUpload('o', 'c', file(200 * MiB), caps, { useSlo: false }).useSlo).toBe(false)
  })

  it('refuses segment sizes and object sizes the cluster cannot take', () => {
    expect(() => planUpload('o', 'c', file(MiB), caps, { segmentSize: 0 })).toThrow(InputError)
    expect(() => planUpload('o', 'c', file(MiB), caps, { segmentSize: 1.5 })).toThrow(InputError)
    expect(() => planUpload('o', 'c', file(MiB), { slo: { min_segment_size: 1024 } }, { segmentSize: 100 })).toThrow(/min_segment_size/)
    expect(() => planUpload('o', 'c', file(MiB), { swift: { max_file_size: 100 } }, { segmentSize: 1000 })).toThrow(/max_file_size/)
    expect(() => planUpload('o', 'c', file(10_000), caps, { segmentSize: 1 })).toThrow(/exceed the cluster's 1000 per manifest/)
  })

  it('names segments after the file mtime, size and segment size (stable for resume)', () => {
    const p = planUpload('dir/o', 'c', file(3 * MiB), caps, { segmentSize: MiB })
    expect(segmentName(p, 2)).toBe(`dir/o/slo/1700000000.123000/${3 * MiB}/${MiB}/00000002`)
    const stream: ResolvedSource = { kind: 'stream', stream: new Blob([]).stream(), size: undefined }
    expect(planUpload('o', 'c', stream, caps, { resume: true }).prefix).toBe(`o/slo/resumable/stream/${DEFAULT_SEGMENT_SIZE}/`)
    expect(planUpload('o', 'c', file(3 * MiB), caps, { segmentSize: MiB, useSlo: false }).prefix).not.toContain('/slo/')
  })
})
