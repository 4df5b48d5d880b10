// src/infra/template.ts — OCCO's contextualisation templating, as a closed set of forms: lookups and getip() calls, never code.
import { InputError } from '../core/errors.js'
import type { JsonValue, Variables } from './definition-types.js'

/**
 * What a template can see while one node instance is being built.
 * @example
 * const ctx: TemplateContext = { infraId: 'i-1', nodeId: 'app-0', node: 'app', variables: {}, getIp: () => '10.0.0.5' }
 */
export interface TemplateContext {
  infraId: string
  /** The instance being built (`{{node_id}}`). */
  nodeId: string
  /** Its node name in the description (`{{node_name}}`). */
  node: string
  variables: Variables
  /** The (first) address of a node; undefined while it has none. */
  getIp(node: string): string | undefined
  /** `{{getprivip('n')}}`; without it, `getIp` answers. */
  getPrivIp?(node: string): string | undefined
  /** `{{getipall('n')}}`, comma-joined; without it, `getIp`'s one address. */
  getIpAll?(node: string): string[]
  /** `{{ip}}`: the node's own address, as health-check URLs use it; unset elsewhere. */
  ip?: string
}

type Fn = 'getip' | 'getprivip' | 'getipall'
type Expr =
  | { kind: 'literal'; value: string }
  | { kind: 'name'; name: 'infra_id' | 'node_id' | 'node_name' | 'ip' }
  | { kind: 'variable'; path: (string | number)[] }
  | { kind: 'call'; fn: Fn; node: string }
type Part = string | { expr: Expr; source: string; offset: number }

const SUPPORTED = "infra_id, node_id, node_name, ip, variables.<name>, getip('<node>'), getprivip('<node>'), getipall('<node>'), '<text>'"
const NAMES = new Set(['infra_id', 'node_id', 'node_name', 'ip'])
const FNS = new Set<string>(['getip', 'getprivip', 'getipall'])
const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t' }

/** 1-based line:column of an offset, counted only when an error needs it. */
function position(text: string, offset: number): string {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return `${line}:${offset - start + 1}`
}

const shown = (src: string): string => JSON.stringify(src.length > 60 ? `${src.slice(0, 57)}...` : src)

/** A quoted string starting at `s[i]`; returns its value and the index after it, or undefined if unclosed. */
function readString(s: string, i: number): { value: string; end: number } | undefined {
  const quote = s[i]
  let value = ''
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]!
    if (c === quote) return { value, end: j + 1 }
    if (c === '\\' && j + 1 < s.length) {
      const e = s[++j]!
      // Python keeps unknown escapes as written; so do we.
      value += ESCAPES[e] ?? `\\${e}`
    } else value += c
  }
  return undefined
}

/** `variables.a.b`, `variables.list.0`, `variables['a-b']`: the path after `variables`, or undefined. */
function readVariablePath(src: string): (string | number)[] | undefined {
  if (!src.startsWith('variables')) return undefined
  const path: (string | number)[] = []
  let i = 'variables'.length
  while (i < src.length) {
    if (src[i] === '.') {
      const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+))/.exec(src.slice(i + 1, i + 257))
      if (!m) return undefined
      path.push(m[2] !== undefined ? Number(m[2]) : m[1]!)
      i += 1 + m[0].length
    } else if (src[i] === '[') {
      const m = /^\[\s*(\d+)\s*\]/.exec(src.slice(i, i + 40))
      if (m) {
        path.push(Number(m[1]))
        i += m[0].length
        continue
      }
      let j = i + 1
      while (src[j] === ' ') j++
      if (src[j] !== "'" && src[j] !== '"') return undefined
      const str = readString(src, j)
      if (!str) return undefined
      j = str.end
      while (src[j] === ' ') j++
      if (src[j] !== ']') return undefined
      path.push(str.value)
      i = j + 1
    } else return undefined
  }
  return path.length > 0 ? path : undefined
}

/** The meaning of one `{{ … }}`; undefined for anything outside the supported forms. */
function parseExpr(raw: string): Expr | undefined {
  const src = raw.trim()
  if (NAMES.has(src)) return { kind: 'name', name: src as 'infra_id' }
  if (src[0] === "'" || src[0] === '"') {
    const str = readString(src, 0)
    return str && str.end === src.length ? { kind: 'literal', value: str.value } : undefined
  }
  const call = /^([a-z]+)\s*\(\s*/.exec(src)
  if (call && FNS.has(call[1]!)) {
    const start = call[0].length
    if (src[start] !== "'" && src[start] !== '"') return undefined
    const str = readString(src, start)
    if (!str || !/^\s*\)$/.test(src.slice(str.end))) return undefined
    return { kind: 'call', fn: call[1] as Fn, node: str.value }
  }
  const path = readVariablePath(src)
  return path ? { kind: 'variable', path } : undefined
}

/** Where the `}}` closing the expression opened at `from` is, skipping quoted strings; -1 when unclosed. */
function closeOf(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === "'" || c === '"') {
      const str = readString(text, i)
      if (!str) return -1
      i = str.end - 1
    } else if (c === '}' && text[i + 1] === '}') return i
  }
  return -1
}

/** Splits a template into text and checked expressions; every syntax problem is an InputError with its line:col. */
function compile(template: string): Part[] {
  const parts: Part[] = []
  let i = 0
  // Cached: searching for `{%` again from every `{{` would make large templates quadratic.
  let nextStatement = template.indexOf('{%')
  while (i < template.length) {
    const open = template.indexOf('{{', i)
    if (nextStatement !== -1 && nextStatement < i) nextStatement = template.indexOf('{%', i)
    if (nextStatement !== -1 && (open === -1 || nextStatement < open)) {
      // A Jinja statement passed through verbatim would silently misconfigure the node.
      throw new InputError(`template statements ({% … %}) are not supported, at ${position(template, nextStatement)}; write {{ '{%' }} for a literal "{%"`, { code: 'InvalidTemplate' })
    }
    if (open === -1) break
    if (open > i) parts.push(template.slice(i, open))
    const close = closeOf(template, open + 2)
    if (close === -1) throw new InputError(`unclosed "{{" at ${position(template, open)}`, { code: 'InvalidTemplate' })
    const source = template.slice(open + 2, close)
    const expr = parseExpr(source)
    if (!expr) {
      throw new InputError(`unsupported template expression ${shown(source.trim())} at ${position(template, open)} (supported: ${SUPPORTED})`, {
        code: 'InvalidTemplate',
      })
    }
    parts.push({ expr, source: source.trim(), offset: open })
    i = close + 2
  }
  if (i < template.length) parts.push(template.slice(i))
  return parts
}

/** How a variable's value is written: text as is, null as nothing, lists and mappings as JSON. */
function show(v: JsonValue): string {
  if (typeof v === 'string') return v
  if (v === null) return ''
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function lookup(variables: Variables, path: readonly (string | number)[]): JsonValue | undefined {
  let v: JsonValue | undefined = variables
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k]
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, String(k))) v = v[String(k)]
    else return undefined
  }
  return v
}

function evaluate(expr: Expr, ctx: TemplateContext, where: () => string): string {
  switch (expr.kind) {
    case 'literal':
      return expr.value
    case 'name':
      if (expr.name === 'infra_id') return ctx.infraId
      if (expr.name === 'node_id') return ctx.nodeId
      if (expr.name === 'node_name') return ctx.node
      if (ctx.ip === undefined) throw new InputError(`ip is not available here (only in health-check URLs), at ${where()}`, { code: 'InvalidTemplate' })
      return ctx.ip
    case 'variable': {
      const v = lookup(ctx.variables, expr.path)
      if (v === undefined) {
        const name = ['variables', ...expr.path].map((k, i) => (i === 0 ? k : typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')
        throw new InputError(`unknown variable ${name} at ${where()}`, { code: 'UnknownVariable' })
      }
      return show(v)
    }
    case 'call': {
      const ips =
        expr.fn === 'getipall'
          ? (ctx.getIpAll?.(expr.node) ?? [ctx.getIp(expr.node)].filter((a): a is string => a !== undefined))
          : [(expr.fn === 'getprivip' && ctx.getPrivIp ? ctx.getPrivIp(expr.node) : ctx.getIp(expr.node))].filter((a): a is string => a !== undefined)
      if (ips.length === 0) {
        throw new InputError(`${expr.fn}('${expr.node}'): node ${expr.node} has no address yet (at ${where()})`, { code: 'NoAddress' })
      }
      return ips.join(',')
    }
  }
}

/**
 * Fills a contextualisation template (cloud-init user data, resource parameters, health-check
 * URLs). Only these forms exist, whitespace inside the braces allowed: `{{infra_id}}`,
 * `{{node_id}}`, `{{node_name}}`, `{{ip}}` (when `ctx.ip` is set), `{{variables.x}}` (also
 * `variables.a.b`, `variables.list.0`, `variables['a-b']`), `{{getip('db')}}`,
 * `{{getprivip('db')}}`, `{{getipall('db')}}` (comma-joined), and string literals —
 * `{{ '{{' }}` writes a literal `{{`, as in Jinja. Nothing is ever evaluated as code:
 * anything else in braces (filters, `cut()`, `cmd()`, attribute access) is an InputError naming
 * the expression and its line:col, as is a Jinja `{% … %}` statement. `{# … #}` and lone `}}`
 * are plain text (shell's `${#x}` stays intact). Variables render as text; numbers and
 * booleans via `String`, null as nothing, lists and mappings as JSON.
 * @example
 * renderTemplate("DB={{ getip('db') }}:{{variables.port}}", { infraId: 'i', nodeId: 'app-0', node: 'app',
 *   variables: { port: 5432 }, getIp: () => '10.0.0.7' }) // 'DB=10.0.0.7:5432'
 */
export function renderTemplate(template: string, ctx: TemplateContext): string {
  let out = ''
  for (const part of compile(template)) {
    out += typeof part === 'string' ? part : evaluate(part.expr, ctx, () => position(template, part.offset))
  }
  return out
}

/**
 * Checks a template's syntax without rendering it: the InputError renderTemplate would throw
 * for an unsupported expression, before any node exists (used when node definitions are read).
 * @example checkTemplate('#cloud-config\nhostname: {{node_id}}') // ok; checkTemplate('{{ x() }}') throws
 */
export function checkTemplate(template: string): void {
  compile(template)
}

/**
 * The node names a template reads addresses of (`getip`, `getprivip`, `getipall`), each once,
 * in order of first use: the manager checks that they are dependees, so their addresses exist
 * when the template is rendered. Throws InputError for an unsupported expression.
 * @example templateDependencies("{{getip('db')}},{{ getipall(\"cache\") }}") // ['db', 'cache']
 */
export function templateDependencies(template: string): string[] {
  const out = new Set<string>()
  for (const part of compile(template)) if (typeof part !== 'string' && part.expr.kind === 'call') out.add(part.expr.node)
  return [...out]
}
