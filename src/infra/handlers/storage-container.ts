// src/infra/handlers/storage-container.ts — `storage.container`: a Swift container, emptied before it is deleted.
import type { ResourceHandler } from '../handler-types.js'
import { type BuiltinHandlerOptions, Params, deleteSignal, ignoreNotFound, isNotFound, needClient, refString, resourceName, timing } from './common.js'

const TYPE = 'storage.container'

/** What `storage.container` keeps: the container's name. */
export type StorageContainerRef = { name: string }

/**
 * The `storage.container` handler. Params: optional `name` (default
 * `<infraId[0..8]>-<nodeId>`), `metadata` (an object of strings), `readAcl`, `writeAcl`.
 * Delete empties the container first (objects written by later steps do not make a rollback
 * fail), then deletes it; a container already gone is fine. An existing container of that name
 * is taken over (Swift's PUT is idempotent) and deleted with the infrastructure.
 * @example resource: { type: 'storage.container', metadata: { owner: 'ops' } }
 */
export function storageContainerHandler(opts: BuiltinHandlerOptions = {}): ResourceHandler<StorageContainerRef> {
  const t = timing(opts)
  return {
    async create(ctx) {
      const p = new Params(TYPE, ctx.params)
      const name = resourceName(ctx, p.optString('name'))
      if (name.includes('/')) throw p.wrong('name', 'a container name without "/"', name)
      const metadata = p.optStringRecord('metadata')
      const readAcl = p.optString('readAcl')
      const writeAcl = p.optString('writeAcl')
      const storage = needClient(ctx, TYPE, 'storage')
      await storage.containers.create(name, {
        signal: ctx.signal,
        ...(metadata ? { metadata } : {}),
        ...(readAcl !== undefined ? { readAcl } : {}),
        ...(writeAcl !== undefined ? { writeAcl } : {}),
      })
      const ref: StorageContainerRef = { name }
      await ctx.created(ref)
      return { ref }
    },

    async delete(ref, ctx) {
      const name = refString(TYPE, ref, 'name')
      const storage = needClient(ctx, TYPE, 'storage')
      await ignoreNotFound(() => storage.containers.delete(name, { force: true, signal: deleteSignal(t) }))
    },

    async status(ref, ctx) {
      const storage = needClient(ctx, TYPE, 'storage')
      try {
        await storage.containers.info(refString(TYPE, ref, 'name'), { signal: ctx.signal })
        return 'ready'
      } catch (e) {
        if (isNotFound(e)) return 'gone'
        throw e
      }
    },
  }
}
