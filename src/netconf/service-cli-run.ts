// src/netconf/service-cli-run.ts — runs strato-clixon-server: logger, pidfile, ServiceRunner, signals, exit codes.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { format } from 'node:util'
import { type ClientError, InputError } from '../core/errors.js'
import { parseServiceCli, type ServiceCliOptions } from './service-cli.js'
import type { ServiceLogger } from './service-module.js'
import { ServiceRunner } from './service-runner.js'

/** Where the CLI writes and which process it controls; the defaults are the real process. */
export interface ServiceCliIo {
  stdout?: (line: string) => void
  stderr?: (line: string) => void
  /** The process signals are taken from. Default `process`. */
  proc?: Pick<NodeJS.Process, 'once' | 'off' | 'pid' | 'kill'>
}

const NAME = 'strato-clixon-server'

/**
 * A timestamped line logger for the CLI (debug lines only with `-d`).
 * @example const log = cliLogger(true, (l) => process.stderr.write(l + '\n'))
 */
export function cliLogger(debug: boolean, write: (line: string) => void): ServiceLogger {
  const line =
    (level: string) =>
    (...args: unknown[]): void =>
      write(`${new Date().toISOString()} ${level} ${format(...args)}`)
  return { debug: debug ? line('DEBUG') : () => {}, info: line('INFO'), warn: line('WARN'), error: line('ERROR') }
}

function killFromPidfile(o: ServiceCliOptions, io: Required<ServiceCliIo>): number {
  if (o.pidfile === undefined) throw new InputError('-z needs a pidfile (-p or CONTROLLER_PYAPI_PIDFILE)')
  let pid: number
  try {
    pid = Number(readFileSync(o.pidfile, 'utf8').trim())
  } catch {
    io.stderr(`${NAME}: pidfile ${o.pidfile} not found`)
    return 1
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new InputError(`pidfile ${o.pidfile} holds no pid`)
  io.proc.kill(pid, 'SIGTERM')
  io.stdout(`${NAME}: sent SIGTERM to ${pid}`)
  return 0
}

/**
 * The whole program: parse, start the runner, write the pidfile, wait for SIGINT / SIGTERM (exit
 * 0) or a lost controller connection (exit 1); usage errors print one line and give 2. strato
 * always runs in the foreground — under systemd or a container that is what you want — so
 * without `-F` it only prints a note instead of daemonizing.
 * @example process.exitCode = await runServiceCli(process.argv.slice(2))
 */
export async function runServiceCli(argv: readonly string[], ioIn: ServiceCliIo = {}): Promise<number> {
  const io: Required<ServiceCliIo> = {
    stdout: ioIn.stdout ?? ((l) => void process.stdout.write(`${l}\n`)),
    stderr: ioIn.stderr ?? ((l) => void process.stderr.write(`${l}\n`)),
    proc: ioIn.proc ?? process,
  }
  let o: ServiceCliOptions
  try {
    const command = parseServiceCli(argv)
    if (command.kind === 'help') {
      io.stdout(command.text)
      return 0
    }
    o = command.options
    if (o.kill) return killFromPidfile(o, io)
    if (o.modulesPath !== undefined && !existsSync(o.modulesPath)) throw new InputError(`module path ${o.modulesPath} does not exist`)
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    io.stderr(`${NAME}: ${e.message} (-h for help)`)
    return 2
  }
  const log = cliLogger(o.debug, o.log === 'o' ? io.stdout : io.stderr)
  if (!o.foreground) log.info(`${NAME} runs in the foreground (-F is implied); detach it with your service manager`)
  const runner = new ServiceRunner({ socketPath: o.socketPath, modulesPath: o.modulesPath, exclude: o.exclude, logger: log, pretty: o.pretty })
  runner.on('error', () => undefined) // already logged by the runner
  try {
    await runner.start()
  } catch (e) {
    log.error(`cannot start: ${e instanceof Error ? e.message : String(e)}`)
    await runner.stop()
    return 1
  }
  if (o.pidfile !== undefined) {
    try {
      writeFileSync(o.pidfile, `${io.proc.pid}\n`)
    } catch (e) {
      log.error(`cannot write the pidfile ${o.pidfile}: ${e instanceof Error ? e.message : String(e)}`)
      await runner.stop()
      return 1
    }
  }
  const code = await new Promise<number>((resolve) => {
    const onSignal = (): void => finish(0)
    const onClose = (error: ClientError | undefined): void => finish(error ? 1 : 0)
    const finish = (c: number): void => {
      io.proc.off('SIGINT', onSignal)
      io.proc.off('SIGTERM', onSignal)
      runner.off('close', onClose)
      resolve(c)
    }
    io.proc.once('SIGINT', onSignal)
    io.proc.once('SIGTERM', onSignal)
    runner.once('close', onClose)
  })
  await runner.stop()
  if (o.pidfile !== undefined) {
    try {
      unlinkSync(o.pidfile)
    } catch {
      // already gone
    }
  }
  log.info(`${NAME} stopped`)
  return code
}
