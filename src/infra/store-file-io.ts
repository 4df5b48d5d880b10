// src/infra/store-file-io.ts — FileStore's file primitives: atomic JSON writes, reads that treat "missing" as undefined, the lock file.
import { randomUUID } from 'node:crypto'
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { ClientError } from '../core/errors.js'
import type { LockBackend } from './store-shared.js'

/** A Node system error's code, when it has one. */
function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? ((e as { code?: unknown }).code as string | undefined) : undefined
}

/**
 * A failed file operation as a strato error (the system error is the `cause`).
 * @example throw fsError('write', path, e)
 */
export function fsError(op: string, path: string, e: unknown): ClientError {
  if (e instanceof ClientError) return e
  return new ClientError(`FileStore: cannot ${op} ${path}: ${codeOf(e) ?? (e as Error).message}`, { cause: e })
}

/**
 * Writes `text` so that a reader sees the old file or the new one, never half of either: a temp
 * file in the same directory (rename is only atomic within one file system), fsync, rename over
 * the target, then fsync of the directory so the rename itself survives a power cut.
 * Files are created 0600 and directories 0700: states may hold addresses and credentials.
 * @example await writeAtomic('/var/lib/strato/infra/web/state.json', '{"status":"ready"}', true)
 */
export async function writeAtomic(path: string, text: string, fsync: boolean): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${randomUUID()}.tmp`)
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const fh = await open(tmp, 'wx', 0o600)
    try {
      await fh.writeFile(text)
      if (fsync) await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined)
    throw fsError('write', path, e)
  }
  if (fsync) await syncDir(dir)
}

async function syncDir(dir: string): Promise<void> {
  // Some platforms and file systems refuse fsync on a directory; the data is written already.
  try {
    const fh = await open(dir, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
  } catch {
    /* best effort */
  }
}

/**
 * The file's text, or undefined when it does not exist.
 * @example const text = await readOptional(path)
 */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined
    throw fsError('read', path, e)
  }
}

/**
 * Removes a file; one that is not there is fine.
 * @example await removeOptional(path)
 */
export async function removeOptional(path: string): Promise<void> {
  try {
    await rm(path, { force: true })
  } catch (e) {
    throw fsError('remove', path, e)
  }
}

/**
 * What a lock file holds. `expiresAt` is epoch milliseconds: hosts sharing the directory (NFS)
 * need clocks in step to within a fraction of `ttlMs`.
 * @example { pid: 4242, host: 'build-1', token: '6f1c…', expiresAt: 1767225600000 }
 */
export interface LockFileContent {
  pid: number
  host: string
  token: string
  expiresAt: number
}

/** A lock file that is not (yet) valid JSON is being written by its creator; only this old is it garbage. */
const PARTIAL_LOCK_GRACE_MS = 5_000

interface SeenLock {
  raw: string
  content: LockFileContent | undefined
  mtimeMs: number
}

async function readLock(path: string): Promise<SeenLock | undefined> {
  try {
    const [raw, st] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    let content: LockFileContent | undefined
    try {
      const v = JSON.parse(raw) as Partial<LockFileContent>
      if (typeof v.token === 'string' && typeof v.expiresAt === 'number' && typeof v.pid === 'number' && typeof v.host === 'string') content = v as LockFileContent
    } catch {
      /* partial: see PARTIAL_LOCK_GRACE_MS */
    }
    return { raw, content, mtimeMs: st.mtimeMs }
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined
    throw fsError('read', path, e)
  }
}

/** Whether a process of this host with that pid exists; EPERM means it does (another user's). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return codeOf(e) !== 'ESRCH'
  }
}

function isStale(seen: SeenLock): boolean {
  const now = Date.now()
  if (!seen.content) return now - seen.mtimeMs > PARTIAL_LOCK_GRACE_MS
  if (seen.content.expiresAt <= now) return true
  // A dead holder on this host is stale at once: no need to wait out the ttl after a SIGKILL.
  return seen.content.host === hostname() && !pidAlive(seen.content.pid)
}

/**
 * Moves the lock file aside, then checks the file moved is the one judged stale (its text as
 * read). If another holder replaced it meanwhile, the moved file goes back (`link` fails when a
 * third one exists already; that holder then finds its lock lost at its next refresh).
 * `mine` selects what may be removed; true when the lock file is gone now.
 */
async function takeAway(path: string, mine: (raw: string) => boolean): Promise<boolean> {
  const aside = `${path}.${randomUUID()}.aside`
  try {
    await rename(path, aside)
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return true
    throw fsError('move', path, e)
  }
  const raw = await readFile(aside, 'utf8').catch(() => '')
  if (!mine(raw)) {
    await link(aside, path).catch(() => undefined)
    await rm(aside, { force: true })
    return false
  }
  await rm(aside, { force: true })
  return true
}

/**
 * The lock of one infra as a file `path` created with O_EXCL (`open(path, 'wx')`), holding
 * {@link LockFileContent}. A lock past its expiry, or held by a dead pid of this host, is stale
 * and broken; the expiry is refreshed by an atomic rewrite; release removes only our own token.
 * @example const backend = fileLockBackend('/var/lib/strato/locks/web.lock', true)
 */
export function fileLockBackend(path: string, fsync: boolean): LockBackend {
  const content = (token: string, ttlMs: number): string =>
    JSON.stringify({ pid: process.pid, host: hostname(), token, expiresAt: Date.now() + ttlMs } satisfies LockFileContent)
  const tokenIs = (token: string) => (raw: string) => {
    try {
      return (JSON.parse(raw) as Partial<LockFileContent>).token === token
    } catch {
      return false
    }
  }
  return {
    async tryAcquire(token, ttlMs) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch((e: unknown) => {
        throw fsError('create the directory of', path, e)
      })
      // Two rounds: a stale lock broken in the first leaves the way free for the second.
      for (let round = 0; round < 2; round++) {
        let fh
        try {
          fh = await open(path, 'wx', 0o600)
        } catch (e) {
          if (codeOf(e) !== 'EEXIST') throw fsError('create', path, e)
          const seen = await readLock(path)
          if (seen && !isStale(seen)) return false
          if (seen && !(await takeAway(path, (raw) => raw === seen.raw))) return false
          continue
        }
        try {
          await fh.writeFile(content(token, ttlMs))
          if (fsync) await fh.sync()
        } catch (e) {
          await fh.close().catch(() => undefined)
          await rm(path, { force: true })
          throw fsError('write', path, e)
        }
        await fh.close()
        return true
      }
      return false
    },
    async refresh(token, ttlMs) {
      const seen = await readLock(path)
      if (seen?.content?.token !== token) return false
      await writeAtomic(path, content(token, ttlMs), fsync)
      return true
    },
    async release(token) {
      const seen = await readLock(path)
      if (seen?.content?.token === token) await takeAway(path, tokenIs(token))
    },
  }
}
