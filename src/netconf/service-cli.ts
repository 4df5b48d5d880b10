// src/netconf/service-cli.ts — the strato-clixon-server command line: clixon_server.py's flags parsed into ServiceRunner options.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { InputError } from '../core/errors.js'
import { DEFAULT_CONTROLLER_SOCKET } from './service-runner.js'

/** What the command line asks for. */
export interface ServiceCliOptions {
  socketPath: string
  modulesPath: string | undefined
  exclude: string[]
  debug: boolean
  pidfile: string | undefined
  foreground: boolean
  pretty: boolean
  /** `-z`: stop the server whose pid is in the pidfile, then exit. */
  kill: boolean
  /** `-l`: `o` stdout, `e` stderr (default), `s` syslog (not available: stderr is used). */
  log: 'o' | 'e' | 's'
  configFile: string | undefined
}

/** The result of {@link parseServiceCli}: run, or print the help. */
export type ServiceCliCommand = { kind: 'run'; options: ServiceCliOptions } | { kind: 'help'; text: string }

/** Settings read from a Clixon controller configuration file. */
export interface ControllerConfigSettings {
  socketPath?: string
  modulesPath?: string
  exclude?: string[]
  pidfile?: string
}

/** The `-h` text. */
export const SERVICE_CLI_USAGE = `usage: strato-clixon-server [-f controller.xml] [-s socket] [-m modules] [-e name[,name]] [-p pidfile] [-d] [-F] [-P] [-z] [-l o|e|s]
  -f  Clixon controller configuration file (CLICON_SOCK, CONTROLLER_PYAPI_MODULE_PATH, _MODULE_FILTER, _PIDFILE)
  -s  Clixon controller socket path (default ${DEFAULT_CONTROLLER_SOCKET})
  -m  Service modules folder (.js/.mjs files, searched recursively)
  -e  Services to exclude (repeatable, or a comma separated list)
  -d  Debug logging
  -p  Pidfile (written at start, removed at exit)
  -F  Run in the foreground (strato always does; accepted for compatibility)
  -P  Pretty-print XML
  -z  Stop the server whose pid is in the pidfile
  -l  Log to std(o)ut or std(e)rr; (s)yslog is not supported and means stderr
  -h  This help`

/** The text of the first `<NAME>` element, entities decoded. */
function elementText(xml: string, name: string): string | undefined {
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}\\s*>`).exec(xml)
  if (!m) return undefined
  const text = (m[1] as string)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
  return text === '' ? undefined : text
}

function list(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '')
}

/**
 * Reads the settings strato-clixon-server uses from a controller configuration file (the
 * `clixon-config` XML): `CLICON_SOCK`, `CONTROLLER_PYAPI_MODULE_PATH`,
 * `CONTROLLER_PYAPI_MODULE_FILTER` and `CONTROLLER_PYAPI_PIDFILE`, each optional.
 * @example readControllerConfig('<clixon-config><CLICON_SOCK>/run/c.sock</CLICON_SOCK></clixon-config>').socketPath // '/run/c.sock'
 */
export function readControllerConfig(text: string): ControllerConfigSettings {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '') // a commented-out setting is not a setting
  const out: ControllerConfigSettings = {}
  const sock = elementText(xml, 'CLICON_SOCK')
  const modules = elementText(xml, 'CONTROLLER_PYAPI_MODULE_PATH')
  const filter = elementText(xml, 'CONTROLLER_PYAPI_MODULE_FILTER')
  const pidfile = elementText(xml, 'CONTROLLER_PYAPI_PIDFILE')
  if (sock !== undefined) out.socketPath = sock
  if (modules !== undefined) out.modulesPath = modules
  if (filter !== undefined) out.exclude = list([filter])
  if (pidfile !== undefined) out.pidfile = pidfile
  return out
}

/**
 * Parses the command line (without `node` and the script). Usage errors are InputErrors with a
 * one-line message. Flags given on the command line win over the `-f` file (clixon_server.py lets
 * the file win, which makes `-s` useless next to `-f`); `-e` lists from both are combined.
 * @example parseServiceCli(['-s', '/tmp/ctl.sock', '-m', './modules', '-e', 'a,b'])
 */
export function parseServiceCli(argv: readonly string[], io: { readFile?: (path: string) => string } = {}): ServiceCliCommand {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'f' },
        socket: { type: 'string', short: 's' },
        modules: { type: 'string', short: 'm' },
        exclude: { type: 'string', short: 'e', multiple: true },
        debug: { type: 'boolean', short: 'd' },
        pidfile: { type: 'string', short: 'p' },
        foreground: { type: 'boolean', short: 'F' },
        pretty: { type: 'boolean', short: 'P' },
        kill: { type: 'boolean', short: 'z' },
        log: { type: 'string', short: 'l' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (e) {
    throw new InputError((e instanceof Error ? e.message : String(e)).split('\n')[0] as string, { cause: e })
  }
  if (values.help) return { kind: 'help', text: SERVICE_CLI_USAGE }
  const log = values.log ?? 'e'
  if (log !== 'o' && log !== 'e' && log !== 's') throw new InputError(`invalid -l value ${JSON.stringify(log)}: use o, e or s`)
  for (const [flag, v] of [['-s', values.socket], ['-m', values.modules], ['-p', values.pidfile], ['-f', values.config]] as const) {
    if (v !== undefined && v.trim() === '') throw new InputError(`${flag} needs a non-empty value`)
  }
  let file: ControllerConfigSettings = {}
  if (values.config !== undefined) {
    let text: string
    try {
      text = (io.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(values.config)
    } catch (e) {
      throw new InputError(`cannot read the configuration file ${values.config}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    }
    file = readControllerConfig(text)
  }
  return {
    kind: 'run',
    options: {
      socketPath: values.socket ?? file.socketPath ?? DEFAULT_CONTROLLER_SOCKET,
      modulesPath: values.modules ?? file.modulesPath,
      exclude: [...new Set([...(file.exclude ?? []), ...list(values.exclude ?? [])])],
      debug: values.debug ?? false,
      pidfile: values.pidfile ?? file.pidfile,
      foreground: values.foreground ?? false,
      pretty: values.pretty ?? false,
      kill: values.kill ?? false,
      log,
      configFile: values.config,
    },
  }
}
