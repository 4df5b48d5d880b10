// test/netconf/service-runner.test.ts — ServiceRunner against the fake Clixon controller on a temp Unix socket: full transactions, errors, timeouts, filtering, hooks, folders.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NetconfRpcError } from '../../src/netconf/rpc-errors.js'
import { SILENT_LOGGER, loadServiceModules, parseServiceRef, type ServiceContext, type ServiceModule } from '../../src/netconf/service-module.js'
import { ServiceRunner, type ServiceHookEvent } from '../../src/netconf/service-runner.js'
import type { ServiceTransactionResult } from '../../src/netconf/service-transaction.js'
import { startFakeClixonController, type FakeClixonController } from '../../src/testing/clixon-controller.js'

let n = 0
const sockPath = (): string => join(tmpdir(), `strato-runner-${process.pid}-${n++}.sock`)
const CO = 'http://clicon.org/controller'
const SVC = 'urn:example:svc'
const INITIAL = `<services xmlns="${SVC}"><svc><instance>a</instance></svc><svc><instance>b</instance></svc></services><devices xmlns="${CO}"><device><name>r1</name><config/></device><device><name>r2</name><config/></device></devices>`

const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function setup(modules: ServiceModule[], opts: Partial<ConstructorParameters<typeof ServiceRunner>[0]> = {}): Promise<{ ctl: FakeClixonController; runner: ServiceRunner }> {
  const ctl = await startFakeClixonController({ socketPath: sockPath(), config: INITIAL, serviceTimeoutMs: 5_000 })
  cleanup.push(() => ctl.close())
  const runner = new ServiceRunner({ socketPath: ctl.socketPath, modules, ...opts })
  cleanup.push(() => runner.stop())
  await runner.start()
  return { ctl, runner }
}

function next<K extends 'transaction' | 'hook'>(runner: ServiceRunner, event: K): Promise<K extends 'transaction' ? ServiceTransactionResult : ServiceHookEvent> {
  return new Promise((resolve) => runner.once(event, resolve as never))
}

/** Adds `<banner>` to device r1, naming the instance and user. */
function bannerModule(service = 'svc', calls: ServiceContext[] = []): ServiceModule {
  return {
    service,
    setup(root, ctx) {
      calls.push(ctx)
      root.find("devices/device[name='r1']/config")?.create('banner', { text: `${service} ${ctx.instance ?? '*'} by ${ctx.user ?? '?'}` })
    },
  }
}

describe('ServiceRunner: transactions', () => {
  it('runs a module, merges its edits into actions (only the modified device) and sends transaction-actions-done', async () => {
    const calls: ServiceContext[] = []
    const { ctl, runner } = await setup([bannerModule('svc', calls)])
    const event = next(runner, 'transaction')
    const result = await ctl.commit({ services: ["svc[instance='a']"], user: 'alice', diff: true })
    expect(result).toMatchObject({ outcome: 'done', services: ['svc'], result: 'SUCCESS' })
    expect(result.edits).toEqual([`<devices xmlns="${CO}"><device><name>r1</name><config><banner>svc a by alice</banner></config></device></devices>`])
    expect(ctl.actions.find("devices/device[name='r1']/config/banner")?.text).toBe('svc a by alice')
    expect(calls[0]).toMatchObject({ tid: '1', user: 'alice', instance: 'a', diff: true })
    expect(await event).toMatchObject({ tid: '1', outcome: 'done', edits: 1, services: ['svc'], requested: ["svc[instance='a']"] })
    // fixed message-id 42, one user lookup, one get-config, one edit, one done
    expect(ctl.rpcLog.every((x) => x.includes('message-id="42"'))).toBe(true)
    expect(ctl.rpcLog.map((x) => /<rpc[^>]*>\s*<([\w-]+)/.exec(x)?.[1])).toEqual(['create-subscription', 'create-subscription', 'get', 'get-config', 'edit-config', 'transaction-actions-done'])
  })

  it('a module that throws sends transaction-error with its message and no edits', async () => {
    const { ctl, runner } = await setup([
      {
        service: 'bad',
        setup(root) {
          root.find('services')?.create('svc').create('instance', { text: 'x' })
          throw new Error('no such user')
        },
      },
    ], { logger: SILENT_LOGGER })
    const event = next(runner, 'transaction')
    const result = await ctl.commit()
    expect(result).toMatchObject({ outcome: 'error', reason: 'Service module bad returned an error: no such user', edits: [], result: 'FAILED' })
    expect(ctl.configXml()).not.toContain('<instance>x</instance>')
    expect(await event).toMatchObject({ outcome: 'error', reason: 'Service module bad returned an error: no such user', edits: 0 })
  })

  it('a module that runs past serviceTimeoutMs fails the transaction and sees its signal abort', async () => {
    let aborted = false
    const { ctl } = await setup(
      [
        {
          service: 'slow',
          setup: (_root, ctx) =>
            new Promise<void>((resolve) => {
              ctx.signal.addEventListener('abort', () => {
                aborted = true
                resolve()
              })
            }),
        },
      ],
      { serviceTimeoutMs: 50, logger: SILENT_LOGGER },
    )
    const result = await ctl.commit()
    expect(result.outcome).toBe('error')
    expect(result.reason).toBe('Service module slow returned an error: timed out after 50 ms')
    expect(result.edits).toEqual([])
    expect(aborted).toBe(true)
  })

  it('runs only the modules the commit names, once per instance; no services means all', async () => {
    const a: ServiceContext[] = []
    const b: ServiceContext[] = []
    const { ctl } = await setup([bannerModule('svc', a), bannerModule('other', b)])
    const r1 = await ctl.commit({ services: ["svc[instance='a']", "svc[instance='b']"] })
    expect(r1.services).toEqual(['svc'])
    expect(a.map((c) => c.instance)).toEqual(['a', 'b'])
    expect(b).toHaveLength(0)
    const r2 = await ctl.commit()
    expect(r2.services).toEqual(['svc', 'other'])
    expect(b.map((c) => c.instance)).toEqual([undefined])
    const r3 = await ctl.commit({ services: ['nobody'] })
    expect(r3).toMatchObject({ outcome: 'done', services: [], edits: [] })
  })

  it('exclude leaves a module out', async () => {
    const a: ServiceContext[] = []
    const { ctl, runner } = await setup([bannerModule('svc', a), bannerModule('other')], { exclude: ['svc'] })
    expect(runner.modules.map((m) => m.service)).toEqual(['other'])
    expect((await ctl.commit()).services).toEqual(['other'])
    expect(a).toHaveLength(0)
  })

  it('processes transactions one at a time in arrival order', async () => {
    const order: string[] = []
    const { ctl } = await setup([
      {
        service: 'svc',
        async setup(_root, ctx) {
          order.push(`start ${ctx.tid}`)
          await new Promise((r) => setTimeout(r, 30))
          order.push(`end ${ctx.tid}`)
        },
      },
    ])
    const results = await Promise.all([ctl.commit(), ctl.commit(), ctl.commit()])
    expect(results.map((r) => r.outcome)).toEqual(['done', 'done', 'done'])
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'])
  })

  it('uses the module xpath and namespaces for get-config', async () => {
    let seen = ''
    const { ctl } = await setup([{ service: 'svc', xpath: "/s:services/s:svc[s:instance='b']", namespaces: { s: SVC }, setup: (root) => void (seen = root.toXml()) }])
    await ctl.commit()
    expect(seen).toBe(`<config><services xmlns="${SVC}"><svc><instance>b</instance></svc></services></config>`)
    expect(ctl.rpcLog.find((x) => x.includes('<get-config>'))).toContain(`xmlns:s="${SVC}"`)
  })
})

describe('ServiceRunner: hooks', () => {
  it('runs preCommit before writing, postCommit on SUCCESS and postCommitFailed on FAILED', async () => {
    const seen: string[] = []
    const module: ServiceModule = {
      ...bannerModule(),
      preCommit: (root) => void root.find("devices/device[name='r2']/config")?.create('motd', { text: 'pre' }),
      postCommit: (root, ctx) => void seen.push(`ok ${ctx.tid} ${root.find("devices/device[name='r2']/config/motd")?.text}`),
      postCommitFailed: (_root, ctx) => void seen.push(`failed ${ctx.tid}`),
    }
    const { ctl, runner } = await setup([module])
    let hook = next(runner, 'hook')
    const ok = await ctl.commit()
    expect(ok.edits[0]).toContain('<motd>pre</motd>')
    expect(await hook).toMatchObject({ tid: '1', service: 'svc', hook: 'postCommit', result: 'SUCCESS' })
    hook = next(runner, 'hook')
    await ctl.commit({ pushFails: 'device r1 closed the connection' })
    expect(await hook).toMatchObject({ tid: '2', hook: 'postCommitFailed', result: 'FAILED' })
    expect(seen).toEqual(['ok 1 pre', 'failed 2'])
  })

  it('a failing post hook is reported as an error event, not sent anywhere', async () => {
    const { ctl, runner } = await setup([{ ...bannerModule(), postCommit: () => Promise.reject(new Error('audit log down')) }], { logger: SILENT_LOGGER })
    const errors: string[] = []
    runner.on('error', (e) => void errors.push(e.message))
    const hook = next(runner, 'hook')
    await ctl.commit()
    expect((await hook).error).toBe('audit log down')
    expect(errors).toEqual(['service module svc postCommit failed: audit log down'])
  })
})

describe('ServiceRunner: lifecycle', () => {
  it('a second runner is refused with "services-commit client already registered"', async () => {
    const { ctl } = await setup([bannerModule()])
    const second = new ServiceRunner({ socketPath: ctl.socketPath, modules: [bannerModule()] })
    const error = await second.start().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetconfRpcError)
    expect((error as Error).message).toContain('services-commit client already registered')
    expect(second.running).toBe(false)
    await new Promise((r) => setTimeout(r, 20))
    expect(ctl.sessionCount).toBe(1)
  })

  it('start() rejects cleanly when no controller listens', async () => {
    const runner = new ServiceRunner({ socketPath: sockPath(), connectTimeoutMs: 500 })
    await expect(runner.start()).rejects.toThrow(/cannot connect/)
    await runner.stop()
  })

  it('stop() closes the socket and leaves no timers or handles', async () => {
    const count = (kind: string): number => process.getActiveResourcesInfo().filter((r) => r === kind).length
    const before = { timers: count('Timeout'), pipes: count('PipeWrap'), servers: count('PipeServerWrap') }
    const { ctl, runner } = await setup([bannerModule()])
    await ctl.commit()
    await runner.stop()
    await runner.stop() // idempotent
    expect(runner.running).toBe(false)
    await new Promise((r) => setTimeout(r, 20))
    expect(ctl.sessionCount).toBe(0)
    await ctl.close()
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers)
    expect(count('PipeWrap')).toBeLessThanOrEqual(before.pipes) // the worker's own stdio pipes stay
    expect(count('PipeServerWrap')).toBeLessThanOrEqual(before.servers)
  })

  it('stop() during a running module aborts it and fails that transaction', async () => {
    let started!: () => void
    const running = new Promise<void>((r) => (started = r))
    const { ctl, runner } = await setup([{ service: 'svc', setup: (_root, ctx) => new Promise<void>((resolve) => (started(), ctx.signal.addEventListener('abort', () => resolve()))) }], { logger: SILENT_LOGGER })
    const event = next(runner, 'transaction')
    const commit = ctl.commit()
    await running
    await runner.stop()
    expect((await event).outcome).toBe('error')
    expect((await commit).outcome).toBe('error')
  })

  it('emits close with an error when the controller goes away', async () => {
    const { ctl, runner } = await setup([bannerModule()], { logger: SILENT_LOGGER })
    const closed = new Promise((resolve) => runner.once('close', resolve))
    await ctl.close()
    expect(await closed).toBeInstanceOf(Error)
    expect(runner.running).toBe(false)
  })
})

describe('service modules from a folder', () => {
  it('loads .mjs/.js ESM files recursively, skips # and ~ names and helpers, honours exclude', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strato-modules-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    mkdirSync(join(dir, 'nested'))
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
    writeFileSync(join(dir, 'alpha.mjs'), `export const service = 'alpha'\nexport function setup(root) { root.find('services').create('svc').create('instance', { text: 'from-alpha' }) }\n`)
    writeFileSync(join(dir, 'nested', 'beta.js'), `export default { service: 'beta', xpath: '/', setup() {}, postCommit() {} }\n`)
    writeFileSync(join(dir, 'gamma.mjs'), `export const service = 'gamma'\nexport function setup() {}\n`)
    writeFileSync(join(dir, 'helper.js'), `export const shared = 1\n`)
    writeFileSync(join(dir, '#alpha.mjs#'), `throw new Error('editor lock file imported')\n`)
    writeFileSync(join(dir, 'alpha.mjs~'), `throw new Error('backup imported')\n`)
    writeFileSync(join(dir, '#broken.mjs'), `throw new Error('lock file imported')\n`)
    writeFileSync(join(dir, 'old~.js'), `throw new Error('backup imported')\n`)
    const modules = await loadServiceModules(dir, { exclude: ['gamma'] })
    expect(modules.map((m) => m.service)).toEqual(['alpha', 'beta'])
    expect(typeof modules[1]?.postCommit).toBe('function')

    const ctl = await startFakeClixonController({ socketPath: sockPath(), config: INITIAL })
    cleanup.push(() => ctl.close())
    const runner = new ServiceRunner({ socketPath: ctl.socketPath, modulesPath: dir, exclude: ['beta'] })
    cleanup.push(() => runner.stop())
    await runner.start()
    expect(runner.modules.map((m) => m.service)).toEqual(['alpha', 'gamma'])
    const result = await ctl.commit({ services: ['alpha'] })
    expect(result.outcome).toBe('done')
    expect(ctl.configXml()).toContain('<instance>from-alpha</instance>')
  })

  it('a module file that fails to import is an InputError at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strato-modules-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'bad.mjs'), `throw new Error('syntax of doom')\n`)
    await expect(loadServiceModules(dir)).rejects.toThrow(/cannot load service module .*bad\.mjs: syntax of doom/)
  })

  it('parseServiceRef splits name[key=instance]', () => {
    expect(parseServiceRef("ssh-users[instance='a']")).toMatchObject({ name: 'ssh-users', instance: 'a' })
    expect(parseServiceRef('ex:ssh-users[ex:instance="b c"]')).toMatchObject({ name: 'ssh-users', instance: 'b c' })
    expect(parseServiceRef('plain')).toMatchObject({ name: 'plain', instance: undefined })
  })
})
