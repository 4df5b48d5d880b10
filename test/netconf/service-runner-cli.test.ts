// test/netconf/service-runner-cli.test.ts — strato-clixon-server: flag parsing, the -f config file, usage errors, and the real bin spawned against the fake controller.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { runServiceCli } from '../../src/netconf/service-cli-run.js'
import { parseServiceCli, readControllerConfig } from '../../src/netconf/service-cli.js'
import { DEFAULT_CONTROLLER_SOCKET } from '../../src/netconf/service-runner.js'
import { startFakeClixonController } from '../../src/testing/clixon-controller.js'

const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strato-cli-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const CONFIG = `<clixon-config xmlns="http://clicon.org/config">
  <CLICON_SOCK>/run/controller/controller.sock</CLICON_SOCK>
  <CONTROLLER_PYAPI_MODULE_PATH>/usr/local/share/clixon/controller/modules/</CONTROLLER_PYAPI_MODULE_PATH>
  <CONTROLLER_PYAPI_MODULE_FILTER>a,b</CONTROLLER_PYAPI_MODULE_FILTER>
  <CONTROLLER_PYAPI_PIDFILE>/tmp/clixon_server.pid</CONTROLLER_PYAPI_PIDFILE>
</clixon-config>`

describe('parseServiceCli', () => {
  it('maps the clixon_server.py flags', () => {
    const c = parseServiceCli(['-s', '/tmp/c.sock', '-m', './modules', '-e', 'x,y', '-e', 'z', '-d', '-p', '/tmp/p.pid', '-F', '-P', '-l', 'o'])
    expect(c).toEqual({
      kind: 'run',
      options: { socketPath: '/tmp/c.sock', modulesPath: './modules', exclude: ['x', 'y', 'z'], debug: true, pidfile: '/tmp/p.pid', foreground: true, pretty: true, kill: false, log: 'o', configFile: undefined },
    })
  })

  it('has defaults', () => {
    const c = parseServiceCli([])
    expect(c.kind === 'run' && c.options).toMatchObject({ socketPath: DEFAULT_CONTROLLER_SOCKET, modulesPath: undefined, exclude: [], debug: false, foreground: false, log: 'e' })
  })

  it('-f reads CLICON_SOCK and the pyapi settings; command-line flags win, -e lists combine', () => {
    const readFile = (p: string): string => (p === 'controller.xml' ? CONFIG : '')
    const fromFile = parseServiceCli(['-f', 'controller.xml'], { readFile })
    expect(fromFile.kind === 'run' && fromFile.options).toMatchObject({
      socketPath: '/run/controller/controller.sock',
      modulesPath: '/usr/local/share/clixon/controller/modules/',
      exclude: ['a', 'b'],
      pidfile: '/tmp/clixon_server.pid',
      configFile: 'controller.xml',
    })
    const overridden = parseServiceCli(['-f', 'controller.xml', '-s', '/tmp/other.sock', '-e', 'c'], { readFile })
    expect(overridden.kind === 'run' && overridden.options).toMatchObject({ socketPath: '/tmp/other.sock', exclude: ['a', 'b', 'c'] })
  })

  it('reads a real -f file from disk', () => {
    const file = join(tempDir(), 'controller.xml')
    writeFileSync(file, '<clixon-config><CLICON_SOCK> /tmp/x.sock </CLICON_SOCK></clixon-config>')
    const c = parseServiceCli(['-f', file])
    expect(c.kind === 'run' && c.options.socketPath).toBe('/tmp/x.sock')
    expect(readControllerConfig('<clixon-config/>')).toEqual({})
  })

  it('usage errors are one-line InputErrors; -h gives the help', () => {
    expect(() => parseServiceCli(['-x'])).toThrow(InputError)
    expect(() => parseServiceCli(['-s'])).toThrow(/argument missing|requires|-s/)
    expect(() => parseServiceCli(['extra'])).toThrow(InputError)
    expect(() => parseServiceCli(['-l', 'q'])).toThrow(/invalid -l/)
    expect(() => parseServiceCli(['-f', '/nonexistent/controller.xml'])).toThrow(/cannot read the configuration file/)
    for (const argv of [['-x'], ['extra']]) {
      try {
        parseServiceCli(argv)
      } catch (e) {
        expect((e as Error).message).not.toContain('\n')
      }
    }
    const help = parseServiceCli(['-h'])
    expect(help.kind === 'help' && help.text).toContain('-f  Clixon controller configuration file')
  })

  it('runServiceCli exits 2 with one line on a usage error, 0 on -h', async () => {
    const err: string[] = []
    const out: string[] = []
    expect(await runServiceCli(['-q'], { stderr: (l) => void err.push(l), stdout: (l) => void out.push(l) })).toBe(2)
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(/^strato-clixon-server: .*\(-h for help\)$/)
    expect(await runServiceCli(['-m', '/nonexistent/modules'], { stderr: (l) => void err.push(l) })).toBe(2)
    expect(err[1]).toContain('module path /nonexistent/modules does not exist')
    expect(await runServiceCli(['-h'], { stdout: (l) => void out.push(l) })).toBe(0)
    expect(out[0]).toContain('usage: strato-clixon-server')
  })
})

describe('strato-clixon-server bin', () => {
  it('starts with -s and -m, serves a commit, and exits 0 on SIGTERM removing its pidfile', { timeout: 30_000 }, async () => {
    const dir = tempDir()
    const modules = join(dir, 'modules')
    const pidfile = join(dir, 'server.pid')
    const socketPath = join(dir, 'ctl.sock')
    mkdirSync(modules)
    writeFileSync(join(modules, 'hello.mjs'), `export const service = 'hello'\nexport function setup(root, ctx) { root.create('hello', { namespace: 'urn:example:hello', text: 'tid ' + ctx.tid }) }\n`)
    const ctl = await startFakeClixonController({ socketPath, serviceTimeoutMs: 10_000 })
    cleanup.push(() => ctl.close())

    const bin = join(process.cwd(), 'src/bin/strato-clixon-server.ts')
    const child = spawn(process.execPath, ['--import', 'tsx', bin, '-s', socketPath, '-m', modules, '-p', pidfile, '-d'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] })
    cleanup.push(() => void child.kill('SIGKILL'))
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

    const deadline = Date.now() + 20_000
    while (!existsSync(pidfile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(existsSync(pidfile), stderr).toBe(true)

    const result = await ctl.commit({ services: ['hello'] })
    expect(result.outcome, stderr).toBe('done')
    expect(ctl.configXml()).toBe('<hello xmlns="urn:example:hello">tid 1</hello>')

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(existsSync(pidfile)).toBe(false)
    expect(stderr).toContain('runs in the foreground')
    expect(stderr).toContain('stopped')
  })
})
