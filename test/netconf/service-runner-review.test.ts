// test/netconf/service-runner-review.test.ts — review findings for ServiceRunner, strato-clixon-server and the fake Clixon controller, each a regression test.
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TimeoutError } from '../../src/core/errors.js'
import { runServiceCli, type ServiceCliIo } from '../../src/netconf/service-cli-run.js'
import { readControllerConfig } from '../../src/netconf/service-cli.js'
import { SILENT_LOGGER, type ServiceModule } from '../../src/netconf/service-module.js'
import { ServiceRunner } from '../../src/netconf/service-runner.js'
import { startFakeClixonController, type FakeClixonController } from '../../src/testing/clixon-controller.js'

let n = 0
const sockPath = (): string => join(tmpdir(), `strato-review-${process.pid}-${n++}.sock`)
const CO = 'http://clicon.org/controller'
const INITIAL = `<devices xmlns="${CO}"><device><name>r1</name><config/></device></devices>`

const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function controller(): Promise<FakeClixonController> {
  const ctl = await startFakeClixonController({ socketPath: sockPath(), config: INITIAL, serviceTimeoutMs: 5_000 })
  cleanup.push(() => ctl.close())
  return ctl
}

async function setup(modules: ServiceModule[]): Promise<{ ctl: FakeClixonController; runner: ServiceRunner }> {
  const ctl = await controller()
  const runner = new ServiceRunner({ socketPath: ctl.socketPath, modules, logger: SILENT_LOGGER })
  cleanup.push(() => runner.stop())
  await runner.start()
  return { ctl, runner }
}

const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('review: transaction-error keeps the module message', () => {
  it("a module's own TimeoutError is reported with its message, not as the service timeout", async () => {
    const { ctl } = await setup([
      {
        service: 'svc',
        setup() {
          throw new TimeoutError('GET https://ipam.example/api got no answer within 2000 ms')
        },
      },
    ])
    const result = await ctl.commit()
    expect(result.outcome).toBe('error')
    expect(result.reason).toBe('Service module svc returned an error: GET https://ipam.example/api got no answer within 2000 ms')
  })

  it('a module message with control characters (ANSI colours) still reaches the controller as transaction-error', async () => {
    const { ctl } = await setup([
      {
        service: 'svc',
        setup() {
          throw new Error('\u001b[31mansible failed\u001b[0m\u0000')
        },
      },
    ])
    const result = await ctl.commit({ timeoutMs: 2_000 })
    expect(result.outcome).toBe('error')
    expect(result.reason).toContain('ansible failed')
  })
})

describe('review: lifecycle', () => {
  it('stop() while start() is connecting leaves nothing connected', async () => {
    const ctl = await controller()
    const runner = new ServiceRunner({ socketPath: ctl.socketPath, modules: [{ service: 'svc', setup() {} }], logger: SILENT_LOGGER })
    cleanup.push(() => runner.stop())
    const started = runner.start().catch((e: unknown) => e)
    await runner.stop()
    await started
    await settle()
    expect(runner.running).toBe(false)
    expect(ctl.sessionCount).toBe(0)
  })
})

/** A stand-in for `process`: signals are emitted by the test. */
function fakeProc(): Required<ServiceCliIo>['proc'] & EventEmitter {
  const emitter = new EventEmitter() as EventEmitter & { pid: number; kill: (pid: number, signal?: string) => true }
  emitter.pid = 4242
  emitter.kill = () => true
  return emitter as never
}

describe('review: strato-clixon-server', () => {
  it('a pidfile that cannot be written stops the runner and exits 1 instead of leaving it connected', async () => {
    const ctl = await controller()
    const dir = mkdtempSync(join(tmpdir(), 'strato-review-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const err: string[] = []
    const proc = fakeProc()
    const run = runServiceCli(['-s', ctl.socketPath, '-p', join(dir, 'missing', 'server.pid'), '-F'], { stderr: (l) => void err.push(l), stdout: () => {}, proc }).catch((e: unknown) => e)
    const code = await Promise.race([run, settle(2_000).then(() => 'still running')])
    if (code === 'still running') proc.emit('SIGTERM')
    expect(code).toBe(1)
    await settle()
    expect(ctl.sessionCount).toBe(0)
    expect(err.join('\n')).toContain('server.pid')
  })

  it('-f ignores settings inside XML comments', () => {
    const xml = `<clixon-config>
  <!-- <CLICON_SOCK>/old/controller.sock</CLICON_SOCK> -->
  <CLICON_SOCK>/run/controller.sock</CLICON_SOCK>
  <!--<CONTROLLER_PYAPI_PIDFILE>/tmp/old.pid</CONTROLLER_PYAPI_PIDFILE>-->
</clixon-config>`
    expect(readControllerConfig(xml)).toEqual({ socketPath: '/run/controller.sock' })
  })
})

describe('review: fake Clixon controller', () => {
  it("a queued transaction's result lists only its own edits", async () => {
    const { ctl } = await setup([{ service: 'svc', setup: (root, ctx) => void root.find("devices/device[name='r1']/config")?.create(`b${ctx.tid}`, { text: ctx.tid }) }])
    const [r1, r2] = await Promise.all([ctl.commit(), ctl.commit()])
    expect(r1?.edits).toHaveLength(1)
    expect(r2?.edits).toHaveLength(1)
    expect(r2?.edits[0]).toContain('<b2>2</b2>')
  })
})
