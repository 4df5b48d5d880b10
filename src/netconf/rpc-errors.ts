// src/netconf/rpc-errors.ts — NetconfRpcError: every <rpc-error> of a reply, with all its fields.
import { ClientError, type ClientErrorInit } from '../core/errors.js'
import { textOf } from './messages.js'

/** One `<rpc-error>` (RFC 6241 §4.3). Fields the server left out are `undefined`. */
export interface RpcErrorDetail {
  /** `transport`, `rpc`, `protocol` or `application`. */
  type: string
  /** e.g. `unknown-element`, `lock-denied`, `data-missing`, `access-denied`. */
  tag: string
  /** `error` or `warning`. */
  severity: string
  appTag?: string
  /** An XPath to the element in error. */
  path?: string
  message?: string
  /** The `<error-info>` children, parsed (prefixes removed), e.g. `{ 'bad-element': 'foo' }` or `{ 'session-id': '4' }`. */
  info?: Record<string, unknown>
}

/** Everything a NetconfRpcError is built from. */
export interface NetconfRpcErrorInit extends ClientErrorInit {
  /** The message-id of the RPC the server refused. */
  messageId?: string
  /** The raw `<rpc-reply>`. */
  xml?: string
}

/**
 * The server answered an RPC with one or more `<rpc-error>` of severity `error`. `errors` lists
 * every one; `code` is the first error's tag, `details` has one line per error, and the
 * `message` names the first error (and how many more there are).
 *
 * @example
 * try { await channel.rpc('<lock><target><candidate/></target></lock>') }
 * catch (e) { if (e instanceof NetconfRpcError && e.errors[0]?.tag === 'lock-denied') console.log('locked by', e.errors[0].info) }
 */
export class NetconfRpcError extends ClientError {
  override readonly name = 'NetconfRpcError' as const
  readonly errors: RpcErrorDetail[]
  readonly messageId: string | undefined
  readonly xml: string | undefined

  constructor(errors: RpcErrorDetail[], init: NetconfRpcErrorInit = {}) {
    const first = errors[0]
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    const text = first ? `NETCONF rpc-error ${first.tag} (${first.type})${first.message ? `: ${first.message}` : ''}${more}` : 'NETCONF rpc-error'
    super(text, { code: first?.tag, details: errors.map(describeRpcError), ...init })
    this.errors = errors
    this.messageId = init.messageId
    this.xml = init.xml
  }
}

/**
 * One line for an rpc-error: `protocol/unknown-element (error) at /a/b: message [app-tag x]`.
 * @example describeRpcError({ type: 'rpc', tag: 'missing-attribute', severity: 'error' }) // 'rpc/missing-attribute (error)'
 */
export function describeRpcError(e: RpcErrorDetail): string {
  let line = `${e.type}/${e.tag} (${e.severity})`
  if (e.path) line += ` at ${e.path}`
  if (e.message) line += `: ${e.message}`
  if (e.appTag) line += ` [app-tag ${e.appTag}]`
  if (e.info) line += ` info ${JSON.stringify(e.info)}`
  return line
}

/**
 * The `<rpc-error>` elements of a parsed `<rpc-reply>` element (as core/xml.js `parseXml` gives it,
 * prefixes removed), in order.
 * @example readRpcErrors(parseXml(xml)['rpc-reply'])
 */
export function readRpcErrors(reply: unknown): RpcErrorDetail[] {
  if (typeof reply !== 'object' || reply === null) return []
  const raw = (reply as Record<string, unknown>)['rpc-error']
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list.map((item: unknown) => {
    const e = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {}
    const detail: RpcErrorDetail = {
      type: textOf(e['error-type']),
      tag: textOf(e['error-tag']),
      severity: textOf(e['error-severity']) || 'error',
    }
    const optional: [keyof RpcErrorDetail, string][] = [
      ['appTag', 'error-app-tag'],
      ['path', 'error-path'],
      ['message', 'error-message'],
    ]
    for (const [key, xmlName] of optional) {
      if (e[xmlName] !== undefined) (detail as unknown as Record<string, string>)[key] = textOf(e[xmlName])
    }
    const info = e['error-info']
    if (typeof info === 'object' && info !== null) detail.info = info as Record<string, unknown>
    else if (typeof info === 'string' && info.trim() !== '') detail.info = { '#text': info.trim() }
    return detail
  })
}
