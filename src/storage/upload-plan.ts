// src/storage/upload-plan.ts — the decisions of an upload made before any byte moves: segment size, manifest kind, names.
import { InputError } from '../core/errors.js'
import type { ResolvedSource } from './source.js'
import type { SwiftCapabilities } from './types.js'

/** Swift's defaults when `/info` does not say: 5 GiB objects, 1000 segments per manifest. */
const DEFAULT_MAX_FILE = 5 * 1024 ** 3
const DEFAULT_MAX_SEGMENTS = 1000
/** Segments below this are mostly request overhead; above it, parallelism starts too late. */
export const DEFAULT_SEGMENT_SIZE = 64 * 1024 ** 2

/** What upload() will do. */
export interface UploadPlan {
  segmentSize: number
  useSlo: boolean
  /** Segments the source will make, when its size is known. */
  segments: number | undefined
  /** True when the whole source goes up in one PUT. */
  single: boolean
  segmentContainer: string
  /** Segment names are `${prefix}${index as 8 digits}`. */
  prefix: string
}

/** Options that shape the plan. */
export interface PlanOptions {
  segmentSize?: number | undefined
  useSlo?: boolean | undefined
  segmentContainer?: string | undefined
  resume?: boolean | undefined
}

/**
 * Chooses segment size and manifest kind from the source size and the cluster's limits; refuses
 * (InputError) a segment size or object size the cluster cannot take.
 */
export function planUpload(name: string, container: string, src: ResolvedSource, caps: SwiftCapabilities, opts: PlanOptions): UploadPlan {
  const maxFile = caps.swift?.max_file_size ?? DEFAULT_MAX_FILE
  const maxSegments = caps.slo?.max_manifest_segments ?? DEFAULT_MAX_SEGMENTS
  const minSegment = caps.slo?.min_segment_size ?? 1
  // With no /info at all, SLO support is unknown; DLO works on every Swift.
  const useSlo = opts.useSlo ?? caps.slo !== undefined
  const size = src.size
  let segmentSize: number
  if (opts.segmentSize !== undefined) {
    segmentSize = opts.segmentSize
    if (!Number.isInteger(segmentSize) || segmentSize < 1) throw new InputError(`segmentSize must be a positive integer, got ${String(segmentSize)}`)
    if (segmentSize > maxFile) throw new InputError(`segmentSize ${segmentSize} exceeds the cluster's max_file_size ${maxFile}`)
    if (useSlo && segmentSize < minSegment) throw new InputError(`segmentSize ${segmentSize} is below the cluster's slo.min_segment_size ${minSegment}`)
  } else {
    const spread = size === undefined ? DEFAULT_SEGMENT_SIZE : Math.ceil(size / maxSegments)
    segmentSize = Math.min(maxFile, Math.max(DEFAULT_SEGMENT_SIZE, spread, useSlo ? minSegment : 1))
  }
  const segments = size === undefined ? undefined : Math.max(1, Math.ceil(size / segmentSize))
  if (useSlo && segments !== undefined && segments > maxSegments && !(size !== undefined && size <= segmentSize)) {
    throw new InputError(`${segments} segments of ${segmentSize} bytes exceed the cluster's ${maxSegments} per manifest: use a larger segmentSize`)
  }
  const single = size !== undefined && size <= segmentSize
  if (single && size > maxFile) throw new InputError(`${size} bytes exceed the cluster's max_file_size ${maxFile}`)
  const segmentContainer = opts.segmentContainer ?? `${container}_segments`
  // A file's mtime names its segments, as python-swiftclient does, so an interrupted upload of the
  // same file finds its segments again; other sources are stable only when resuming was asked for.
  const stamp = src.kind === 'file' ? (src.mtimeMs / 1000).toFixed(6) : opts.resume ? 'resumable' : (Date.now() / 1000).toFixed(6)
  const prefix = `${name}/${useSlo ? 'slo/' : ''}${stamp}/${size ?? 'stream'}/${segmentSize}/`
  return { segmentSize, useSlo, segments, single, segmentContainer, prefix }
}

/** The name of segment `index`. */
export function segmentName(plan: UploadPlan, index: number): string {
  return `${plan.prefix}${String(index).padStart(8, '0')}`
}
