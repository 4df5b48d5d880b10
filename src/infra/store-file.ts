// src/infra/store-file.ts — FileStore: the InfraStore contract as one JSON file per key in a directory, locks across processes.
import { readdir, rmdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import type { JsonValue, NodeImplementation } from './definition-types.js'
import { fileLockBackend, fsError, readOptional, removeOptional, writeAtomic } from './store-file-io.js'
import { checkName, decodeJson, encodeJson, isName, runLocked } from './store-shared.js'
import type { InfraState, InfraStore, LockOptions } from './store-types.js'

/**
 * Options of {@link FileStore}.
 * @example new FileStore('/var/lib/strato', { fsync: false }) // a scratch store in tests
 */
export interface FileStoreOptions {
  /** fsync every file and its directory after writing (default true); off only for scratch data. */
  fsync?: boolean
}

const PARTS = ['description', 'state', 'scaling'] as const

/**
 * An {@link InfraStore} in a directory, one JSON file per key:
 * `infra/<id>/description.json`, `infra/<id>/state.json`, `infra/<id>/scaling.json`,
 * `node_def/<type>.json`, and lock files `locks/<id>.lock`. Writes are atomic (temp file,
 * fsync, rename), files 0600 and directories 0700. Ids and types are 1-200 of
 * `[A-Za-z0-9._@:-]`, not `.` or `..`, so none can leave the directory (InputError otherwise).
 *
 * withLock works across processes on one host, and across hosts on a shared file system whose
 * clocks agree: the lock file is created with O_EXCL and holds `{ pid, host, token, expiresAt }`;
 * a lock whose expiry passed, or whose pid on this host is dead, is broken by the next waiter.
 * It is not reentrant: a nested withLock on the same infra (same directory) from inside `fn`
 * rejects at once with a ConflictError; through a second FileStore of the same directory it
 * would wait `waitMs` for itself and then reject with a ConflictError, never hang.
 * @example
 * const store = new FileStore('/var/lib/strato')
 * await store.withLock('web', async () => {
 *   await store.putScaling('web', { app: 3 })
 * })
 */
export class FileStore implements InfraStore {
  /** The absolute directory the store lives in. */
  readonly directory: string
  readonly #fsync: boolean

  constructor(directory: string, opts: FileStoreOptions = {}) {
    if (typeof directory !== 'string' || directory === '') throw new InputError('FileStore needs a directory')
    this.directory = resolve(directory)
    this.#fsync = opts.fsync ?? true
  }

  /** @example await store.putDescription('web', { name: 'web', nodes: [] }) */
  async putDescription(infraId: string, description: JsonValue): Promise<void> {
    await this.#write(this.#infraFile(infraId, 'description'), encodeJson('description', description))
  }

  /** @example const description = await store.getDescription('web') */
  async getDescription(infraId: string): Promise<JsonValue | undefined> {
    return this.#read<JsonValue>(this.#infraFile(infraId, 'description'))
  }

  /** @example await store.putState('web', { ...state, status: 'ready' }) */
  async putState(infraId: string, state: InfraState): Promise<void> {
    await this.#write(this.#infraFile(infraId, 'state'), encodeJson('state', state))
  }

  /** @example const state = await store.getState('web') */
  async getState(infraId: string): Promise<InfraState | undefined> {
    return this.#read<InfraState>(this.#infraFile(infraId, 'state'))
  }

  /** @example await store.putScaling('web', { app: 3 }) */
  async putScaling(infraId: string, scaling: Record<string, number>): Promise<void> {
    await this.#write(this.#infraFile(infraId, 'scaling'), encodeJson('scaling', scaling))
  }

  /** @example const targets = (await store.getScaling('web')) ?? {} */
  async getScaling(infraId: string): Promise<Record<string, number> | undefined> {
    return this.#read<Record<string, number>>(this.#infraFile(infraId, 'scaling'))
  }

  /** Ids with a description or a state file, sorted. @example const ids = await store.listInfras() */
  async listInfras(): Promise<string[]> {
    const ids: string[] = []
    for (const name of await this.#list(join(this.directory, 'infra'))) {
      if (!isName(name)) continue
      const files = await this.#list(join(this.directory, 'infra', name))
      if (files.includes('description.json') || files.includes('state.json')) ids.push(name)
    }
    return ids.sort()
  }

  /** Removes the three files, then the directory when nothing else is left in it. @example await store.deleteInfra('web') */
  async deleteInfra(infraId: string): Promise<void> {
    for (const part of PARTS) await removeOptional(this.#infraFile(infraId, part))
    try {
      await rmdir(join(this.directory, 'infra', infraId))
    } catch {
      // ENOENT: never existed; ENOTEMPTY: a concurrent write's temp file. Either way the keys are gone.
    }
  }

  /** @example await store.putNodeDefinition('ubuntu', [{ resource: { type: 'compute.server', flavor: 'm1.small' } }]) */
  async putNodeDefinition(type: string, implementations: NodeImplementation[]): Promise<void> {
    await this.#write(this.#nodeDefFile(type), encodeJson('node definition', implementations))
  }

  /** @example const impls = await store.getNodeDefinition('ubuntu') */
  async getNodeDefinition(type: string): Promise<NodeImplementation[] | undefined> {
    return this.#read<NodeImplementation[]>(this.#nodeDefFile(type))
  }

  /** Sorted. @example const types = await store.listNodeDefinitions() */
  async listNodeDefinitions(): Promise<string[]> {
    return (await this.#list(join(this.directory, 'node_def')))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter(isName)
      .sort()
  }

  /**
   * See {@link InfraStore.withLock}; the lock is `locks/<id>.lock`.
   * @example await store.withLock('web', async (lost) => deploy({ signal: lost }), { waitMs: 30_000 })
   */
  async withLock<T>(infraId: string, fn: (signal: AbortSignal) => Promise<T>, opts?: LockOptions): Promise<T> {
    const path = join(this.directory, 'locks', `${checkName('infra id', infraId)}.lock`)
    return runLocked(`file:${path}`, infraId, opts, fileLockBackend(path, this.#fsync), fn)
  }

  /** A FileStore holds no open files between calls. @example await store.close() */
  async close(): Promise<void> {}

  #infraFile(infraId: string, part: (typeof PARTS)[number]): string {
    return join(this.directory, 'infra', checkName('infra id', infraId), `${part}.json`)
  }

  #nodeDefFile(type: string): string {
    return join(this.directory, 'node_def', `${checkName('node type', type)}.json`)
  }

  async #write(path: string, text: string): Promise<void> {
    await writeAtomic(path, text, this.#fsync)
  }

  async #read<T>(path: string): Promise<T | undefined> {
    const text = await readOptional(path)
    return text === undefined ? undefined : decodeJson<T>(path, text)
  }

  async #list(dir: string): Promise<string[]> {
    try {
      return await readdir(dir)
    } catch (e) {
      // ENOTDIR: a stray file where a directory was expected holds no keys.
      const code = (e as { code?: unknown }).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return []
      throw fsError('list', dir, e)
    }
  }
}
