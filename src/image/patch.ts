// src/image/patch.ts — a plain object of changes as the JSON Patch Glance's PATCH takes.
import { isBaseField } from './fields.js'

/** Media type of Glance's PATCH body (JSON Patch with Glance's v2.1 rules). */
export const JSON_PATCH_TYPE = 'application/openstack-images-v2.1-json-patch'

/**
 * One JSON Patch operation as Glance takes it.
 * @example { op: 'replace', path: '/name', value: 'debian-12' }
 */
export type ImagePatchOp =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string }

/**
 * The JSON Pointer of a top-level key: `~` becomes `~0` and `/` becomes `~1` (RFC 6901), so a
 * property named `a/b` is `/a~1b`.
 * @example pointer('a/b~c') // '/a~1b~0c'
 */
export function pointer(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
}

/**
 * Builds the patch: base attributes (always present on an image) are replaced, a null included
 * for the nullable ones; a custom property already on `current` is replaced, or removed when its
 * new value is null; a new one is added. A null for a property `current` lacks adds nothing,
 * because Glance refuses to remove what is not there (409).
 * @example
 * buildPatch({ name: 'n', hw_disk_bus: 'scsi', note: null }, { note: 'x' })
 * // [{ op: 'replace', path: '/name', value: 'n' }, { op: 'add', path: '/hw_disk_bus', value: 'scsi' }, { op: 'remove', path: '/note' }]
 */
export function buildPatch(changes: Record<string, unknown>, current: Record<string, unknown> | undefined): ImagePatchOp[] {
  const ops: ImagePatchOp[] = []
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue
    const path = pointer(key)
    if (isBaseField(key)) {
      ops.push({ op: 'replace', path, value })
      continue
    }
    const exists = current !== undefined && Object.hasOwn(current, key)
    if (value === null) {
      if (exists) ops.push({ op: 'remove', path })
    } else {
      ops.push(exists ? { op: 'replace', path, value } : { op: 'add', path, value })
    }
  }
  return ops
}

/** True when some change concerns a custom property, whose presence decides add, replace or remove. */
export function needsCurrent(changes: Record<string, unknown>): boolean {
  return Object.keys(changes).some((k) => !isBaseField(k))
}
