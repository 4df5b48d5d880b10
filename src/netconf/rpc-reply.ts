// src/netconf/rpc-reply.ts — an <rpc-reply> read cheaply: ok, data, warnings, errors; the full parse only when asked.
import { ResponseError } from '../core/errors.js'
import { parseXml } from '../core/xml.js'
import { readStartTag } from './messages.js'
import { NetconfRpcError, readRpcErrors, type RpcErrorDetail } from './rpc-errors.js'

const RPC_ERROR = /<(?:[\w.-]+:)?rpc-error[\s>/]/

/**
 * A successful `<rpc-reply>`. `xml` is the reply exactly as received; `ok` and `data` are found by
 * looking at its first child only, so a 10 MB `<data>` reply is not parsed twice; `parsed` parses
 * the whole reply on first access (prefixes removed, attributes under `@_`, values as strings).
 *
 * `data` is the raw inner XML of a `<data>` first child (`''` for `<data/>`). Namespace
 * declarations made on `<rpc-reply>` or `<data>` themselves are not copied into it; YANG content
 * normally declares its own (`<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">`).
 *
 * @example
 * const reply = await channel.rpc('<get-config><source><running/></source></get-config>')
 * if (reply.data !== undefined) tree = ConfigTree.parse(reply.data)
 */
export class RpcReply {
  /** The message-id the reply carries. */
  readonly messageId: string
  /** The whole `<rpc-reply>` as received. */
  readonly xml: string
  /** True when the reply is `<ok/>`. */
  readonly ok: boolean
  /** The inner XML of `<data>`, when the reply carries one. */
  readonly data: string | undefined
  /** `<rpc-error>` elements of severity `warning` (an RPC that only warns still succeeds). */
  readonly warnings: RpcErrorDetail[]
  #parsed: Record<string, unknown> | undefined
  readonly #maxBytes: number

  constructor(messageId: string, xml: string, init: { ok: boolean; data: string | undefined; warnings: RpcErrorDetail[]; parsed?: Record<string, unknown>; maxBytes: number }) {
    this.messageId = messageId
    this.xml = xml
    this.ok = init.ok
    this.data = init.data
    this.warnings = init.warnings
    this.#parsed = init.parsed
    this.#maxBytes = init.maxBytes
  }

  /** The `<rpc-reply>` element parsed with strato's safe XML settings. @example reply.parsed['data'] */
  get parsed(): Record<string, unknown> {
    this.#parsed ??= replyElement(parseXml(this.xml, { maxBytes: this.#maxBytes }))
    return this.#parsed
  }
}

function replyElement(doc: Record<string, unknown>): Record<string, unknown> {
  const r = doc['rpc-reply']
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : {}
}

/**
 * Reads an `<rpc-reply>` message: an {@link RpcReply} for success (`<ok/>`, `<data>`, anything
 * else, or only warnings), or a thrown {@link NetconfRpcError} when it holds an `<rpc-error>` of
 * severity `error`. Needs core/xml.js `loadXmlParser()` to have run.
 * @example const reply = readRpcReply(xml, '7')
 */
export function readRpcReply(xml: string, messageId: string, maxBytes = 64 * 1024 * 1024): RpcReply {
  const root = readStartTag(xml)
  if (!root || root.name !== 'rpc-reply') throw new ResponseError('not an <rpc-reply>', { details: [xml.slice(0, 500)] })
  const child = root.selfClosing ? undefined : readStartTag(xml, root.end)
  let warnings: RpcErrorDetail[] = []
  let parsed: Record<string, unknown> | undefined
  if (RPC_ERROR.test(xml)) {
    parsed = replyElement(parseXml(xml, { maxBytes, arrayPaths: ['rpc-reply.rpc-error'] }))
    const errors = readRpcErrors(parsed)
    const fatal = errors.filter((e) => e.severity !== 'warning')
    if (fatal.length > 0) throw new NetconfRpcError(fatal, { messageId, xml })
    warnings = errors
  }
  let data: string | undefined
  if (child?.name === 'data') data = child.selfClosing ? '' : innerXml(xml, child)
  // `<ok/>` may follow warnings: then the parse made for them says; otherwise the first child does.
  const ok = parsed ? 'ok' in parsed : child?.name === 'ok'
  return new RpcReply(messageId, xml, { ok, data, warnings, maxBytes, ...(parsed ? { parsed } : {}) })
}

function innerXml(xml: string, el: { name: string; prefix: string; end: number }): string {
  const close = `</${el.prefix ? `${el.prefix}:` : ''}${el.name}`
  const at = xml.lastIndexOf(close)
  if (at < el.end) throw new ResponseError(`<rpc-reply> has no ${close}>`, { details: [xml.slice(0, 500)] })
  return xml.slice(el.end, at)
}
