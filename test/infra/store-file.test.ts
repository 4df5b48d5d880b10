// test/infra/store-file.test.ts — FileStore against the shared contract, its file layout and modes, and locks across real processes.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConflictError, InputError, ResponseError } from '../../src/core/errors.js'
import { FileStore } from '../../src/infra/store-file.js'
import { sampleState, storeContract } from './store-contract.js'

const CHILD = fileURLToPath(new URL('./store-file-child.ts', import.meta.url))

/** A lock file as a crashed holder on another host leaves it (no pid check possible: only the expiry counts). */
async function plantLockFile(dir: string, id: string, ttlMs: number, host = 'elsewhere.example', pid = 1): Promise<void> {
  await mkdir(join(dir, 'locks'), { recursive: true })
  await writeFile(join(dir, 'locks', `${id}.lock`), JSON.stringify({ pid, host, token: 'crashed', expiresAt: Date.now() + ttlMs }))
}

storeContract('FileStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'strato-filestore-'))
  return {
    store: new FileStore(dir),
    plantLock: (id, ttlMs) => plantLockFile(dir, id, ttlMs),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
})

describe('FileStore', () => {
  let dir: string
  let store: FileStore
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strato-filestore-'))
    store = new FileStore(join(dir, 'store'))
  })
  afterEach(async () => rm(dir, { recursive: true, force: true }))

  it('one JSON file per key, files 0600 and directories 0700, no temp files left', async () => {
    await store.putDescription('web', { name: 'web' })
    await store.putState('web', sampleState('web'))
    await store.putScaling('web', { app: 2 })
    await store.putNodeDefinition('ubuntu', [{ resource: { type: 'compute.server' } }])
    const root = join(dir, 'store')
    expect((await readdir(join(root, 'infra', 'web'))).sort()).toEqual(['description.json', 'scaling.json', 'state.json'])
    expect(await readdir(join(root, 'node_def'))).toEqual(['ubuntu.json'])
    expect(JSON.parse(await readFile(join(root, 'infra', 'web', 'scaling.json'), 'utf8'))).toEqual({ app: 2 })
    for (const f of ['infra/web/state.json', 'infra/web/description.json', 'node_def/ubuntu.json']) expect((await stat(join(root, f))).mode & 0o777, f).toBe(0o600)
    for (const d of ['', 'infra', 'infra/web', 'node_def']) expect((await stat(join(root, d))).mode & 0o777, d || 'root').toBe(0o700)
  })

  it('many concurrent writes of one key: every read sees one whole value, never a torn one', async () => {
    const writes = Array.from({ length: 40 }, (_, i) => store.putState('web', sampleState('web', { targets: { app: i }, infraName: 'x'.repeat(20_000 + i) })))
    const reads = Array.from({ length: 40 }, async () => {
      const s = await store.getState('web')
      if (s) expect(s.infraName.length - 20_000).toBe(s.targets.app)
    })
    await Promise.all([...writes, ...reads])
    expect((await readdir(join(dir, 'store', 'infra', 'web')))).toEqual(['state.json'])
  })

  it('a file that is not JSON → ResponseError naming it', async () => {
    await store.putScaling('web', { a: 1 })
    await writeFile(join(dir, 'store', 'infra', 'web', 'scaling.json'), '{"a": 1, trunc')
    const err = await store.getScaling('web').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ResponseError)
    expect((err as Error).message).toContain('scaling.json')
  })

  it('listings skip stray files and directories with names a store never writes', async () => {
    await store.putState('web', sampleState('web'))
    await mkdir(join(dir, 'store', 'infra', 'has space'), { recursive: true })
    await writeFile(join(dir, 'store', 'infra', 'has space', 'state.json'), '{}')
    await writeFile(join(dir, 'store', 'infra', 'stray-file'), '')
    await mkdir(join(dir, 'store', 'infra', 'only-scaling'))
    await writeFile(join(dir, 'store', 'infra', 'only-scaling', 'scaling.json'), '{}')
    await store.putNodeDefinition('ubuntu', [])
    await writeFile(join(dir, 'store', 'node_def', '.ubuntu.json.123.tmp'), '')
    expect(await store.listInfras()).toEqual(['web'])
    expect(await store.listNodeDefinitions()).toEqual(['ubuntu'])
  })

  it('withLock writes { pid, host, token, expiresAt } to locks/<id>.lock (0600) and removes it after', async () => {
    const seen = await store.withLock('web', async () => JSON.parse(await readFile(join(dir, 'store', 'locks', 'web.lock'), 'utf8')) as Record<string, unknown>, { ttlMs: 5_000 })
    expect(seen).toMatchObject({ pid: process.pid, host: hostname(), token: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(seen.expiresAt).toBeGreaterThan(Date.now())
    expect(await readdir(join(dir, 'store', 'locks'))).toEqual([])
  })

  it('a lock of a dead pid on this host is broken at once, whatever its expiry', async () => {
    const dead = spawn(process.execPath, ['-e', '0'])
    await new Promise((r) => dead.on('exit', r))
    await plantLockFile(join(dir, 'store'), 'web', 600_000, hostname(), dead.pid!)
    const t0 = Date.now()
    expect(await store.withLock('web', async () => 'mine', { waitMs: 1_000 })).toBe('mine')
    expect(Date.now() - t0).toBeLessThan(500)
  })

  it("a live holder's lock is not broken; release never removes someone else's lock", async () => {
    await plantLockFile(join(dir, 'store'), 'web', 600_000, hostname(), process.pid)
    await expect(store.withLock('web', async () => 1, { waitMs: 100 })).rejects.toBeInstanceOf(ConflictError)
    expect(JSON.parse(await readFile(join(dir, 'store', 'locks', 'web.lock'), 'utf8')).token).toBe('crashed')
  })

  it('an empty lock file (its creator died before writing) is broken after a grace of 5 s, not before', async () => {
    await mkdir(join(dir, 'store', 'locks'), { recursive: true })
    await writeFile(join(dir, 'store', 'locks', 'web.lock'), '')
    await expect(store.withLock('web', async () => 1, { waitMs: 100 })).rejects.toBeInstanceOf(ConflictError)
    const { utimes } = await import('node:fs/promises')
    const old = new Date(Date.now() - 10_000)
    await utimes(join(dir, 'store', 'locks', 'web.lock'), old, old)
    expect(await store.withLock('web', async () => 'mine', { waitMs: 100 })).toBe('mine')
  })

  it('needs a directory', () => {
    expect(() => new FileStore('')).toThrow(InputError)
  })
})

describe('FileStore across processes', () => {
  let dir: string
  const children: ChildProcess[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strato-filestore-x-'))
  })
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  function child(...args: string[]): ChildProcess {
    const c = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(c)
    return c
  }

  function exitOf(c: ChildProcess): Promise<{ code: number | null; stderr: string }> {
    let stderr = ''
    c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    return new Promise((r) => c.on('exit', (code) => r({ code, stderr })))
  }

  it('two processes incrementing one counter 50 times each under withLock end at 100', async () => {
    const store = new FileStore(dir)
    await store.putState('web', sampleState('web', { targets: { counter: 0 } }))
    const results = await Promise.all([exitOf(child('count', dir, 'web', '50')), exitOf(child('count', dir, 'web', '50'))])
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 })
    expect((await store.getState('web'))?.targets.counter).toBe(100)
    expect(await readdir(join(dir, 'locks'))).toEqual([])
  }, 60_000)

  it("a SIGKILLed holder's lock (ttl 10 min) is broken by the next process at once", async () => {
    const holder = child('hold', dir, 'web')
    const exited = exitOf(holder)
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve())
      holder.on('exit', (code) => reject(new Error(`holder exited (${code}) before locking`)))
    })
    const store = new FileStore(dir)
    await expect(store.withLock('web', async () => 1, { waitMs: 200 })).rejects.toBeInstanceOf(ConflictError)
    holder.kill('SIGKILL')
    await exited
    const t0 = Date.now()
    expect(await store.withLock('web', async () => 'taken over', { waitMs: 5_000 })).toBe('taken over')
    expect(Date.now() - t0).toBeLessThan(1_000)
  }, 60_000)
})
