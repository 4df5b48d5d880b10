// src/testing/swift-versions.ts — legacy versioned writes: X-Versions-Location (stack) and X-History-Location (history).
import type { SwiftContext } from './swift-context.js'
import { swiftError, xTimestamp } from './swift-http.js'
import type { SwiftContainer } from './swift-store.js'

/** Content type of the delete markers history mode writes. */
const DELETE_MARKER = 'application/x-deleted;swift_versions_deleted=1'

/** `%03x<name>/`: versions of one object sort together and apart from longer names. */
const versionPrefix = (name: string): string => `${name.length.toString(16).padStart(3, '0')}${name}/`

const location = (c: SwiftContainer): { target: string; mode: 'stack' | 'history' } | undefined =>
  c.versionsLocation ? { target: c.versionsLocation, mode: 'stack' } : c.historyLocation ? { target: c.historyLocation, mode: 'history' } : undefined

/** The versions container, if the caller may write to it; Swift answers 412 otherwise. */
function versionsContainer(ctx: SwiftContext, target: string): SwiftContainer | Response {
  const box = ctx.store.container(ctx.account, target)
  const decision = ctx.can('PUT', target, 'x')
  if (!box || decision === 401 || decision === 403) return swiftError(412)
  return box
}

/**
 * Before an object is overwritten in a versioned container, its current version is copied to
 * the versions container as `%03x<name>/<timestamp>`. Returns a 412 when that is impossible.
 * @example const err = archiveCurrent(ctx, container, name); if (err) return err
 */
export function archiveCurrent(ctx: SwiftContext, container: SwiftContainer, name: string): Response | undefined {
  const loc = ctx.features.has('versioned_writes') ? location(container) : undefined
  const current = loc ? container.get(name) : undefined
  if (!loc || !current) return undefined
  const box = versionsContainer(ctx, loc.target)
  if (box instanceof Response) return box
  box.put({ ...current, name: `${versionPrefix(name)}${xTimestamp(current.timestamp).padStart(16, '0')}`, timestamp: ctx.store.tick() })
  return undefined
}

/**
 * A DELETE in a versioned container. Stack mode restores the newest archived version (and
 * removes it from the archive); history mode archives the current one and writes a delete
 * marker. Returns the status to answer with, or undefined to delete normally.
 * @example const handled = deleteVersioned(ctx, container, name)
 */
export function deleteVersioned(ctx: SwiftContext, container: SwiftContainer, name: string): number | Response | undefined {
  const loc = ctx.features.has('versioned_writes') ? location(container) : undefined
  if (!loc) return undefined
  if (loc.mode === 'history') {
    const err = archiveCurrent(ctx, container, name)
    if (err) return err
    const box = versionsContainer(ctx, loc.target)
    if (box instanceof Response) return box
    const marker = ctx.store.newObject(`${versionPrefix(name)}${xTimestamp(ctx.store.tick()).padStart(16, '0')}`, new Uint8Array(0), { contentType: DELETE_MARKER })
    box.put(marker)
    return undefined
  }
  const box = ctx.store.container(ctx.account, loc.target)
  const prefix = versionPrefix(name)
  const versions = box ? box.names().filter((n) => n.startsWith(prefix)) : []
  const newest = versions.length ? box!.get(versions[versions.length - 1]!) : undefined
  if (!box || !newest || newest.contentType === DELETE_MARKER) return undefined
  const denied = versionsContainer(ctx, loc.target)
  if (denied instanceof Response) return denied
  container.put({ ...newest, name, timestamp: ctx.store.tick() })
  box.delete(newest.name)
  return 204
}
