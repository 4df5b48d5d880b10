// src/netconf/messages.ts — NETCONF message shapes: the hello, capability URIs and a cheap look at a message's root element.
import { ResponseError } from '../core/errors.js'
import { parseXml } from '../core/xml.js'

/** The NETCONF base namespace, on `<hello>`, `<rpc>` and `<rpc-reply>`. */
export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0'
/** The base:1.0 capability (end-of-message framing only). */
export const CAP_BASE_10 = 'urn:ietf:params:netconf:base:1.0'
/** The base:1.1 capability; when both hellos carry it, both sides switch to chunked framing. */
export const CAP_BASE_11 = 'urn:ietf:params:netconf:base:1.1'

/**
 * Escapes text for XML content or a double-quoted attribute.
 * @example escapeXml('a&b<c>"') // 'a&amp;b&lt;c&gt;&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
}

/**
 * The client's `<hello>`, capability URIs escaped (a `?module=a&revision=b` URI needs it).
 * @example buildHello([CAP_BASE_10, CAP_BASE_11])
 */
export function buildHello(capabilities: readonly string[]): string {
  const caps = capabilities.map((c) => `<capability>${escapeXml(c)}</capability>`).join('')
  return `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>${caps}</capabilities></hello>`
}

/** What the server said in its `<hello>`. */
export interface ServerHello {
  /** Capability URIs in the order the server listed them, whitespace trimmed. */
  capabilities: string[]
  /** The `<session-id>`, or `undefined` when the server sent none (RFC 6241 requires one; Clixon may omit it). */
  sessionId: number | undefined
}

/**
 * Parses the server's `<hello>` (namespace prefixes ignored). Rejects with ResponseError when the
 * message is not a hello, lists no capabilities, or carries a session-id that is not a number.
 * Call `loadXmlParser()` from core/xml.js once before.
 * @example parseHello(xml).capabilities.includes(CAP_BASE_11)
 */
export function parseHello(xml: string): ServerHello {
  const doc = parseXml(xml, { arrayPaths: ['hello.capabilities.capability'] })
  const hello = doc['hello']
  if (typeof hello !== 'object' || hello === null) throw new ResponseError('the first NETCONF message is not a <hello>', { details: [xml.slice(0, 500)] })
  const h = hello as Record<string, unknown>
  const list = (h['capabilities'] as Record<string, unknown> | undefined)?.['capability']
  const capabilities = (Array.isArray(list) ? list : []).map(textOf).filter((c) => c.length > 0)
  if (capabilities.length === 0) throw new ResponseError('the server <hello> lists no capabilities', { details: [xml.slice(0, 500)] })
  const rawId = h['session-id']
  let sessionId: number | undefined
  if (rawId !== undefined) {
    sessionId = Number(textOf(rawId))
    if (!Number.isSafeInteger(sessionId) || sessionId < 0) throw new ResponseError(`the server <hello> has a bad session-id "${textOf(rawId)}"`)
  }
  return { capabilities, sessionId }
}

/** The text of a parsed element: a string, or the `#text` of one with attributes. @example textOf({ '#text': 'x', '@_lang': 'en' }) // 'x' */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['#text'] === 'string') {
    return ((value as Record<string, unknown>)['#text'] as string).trim()
  }
  return ''
}

/** A capability URI taken apart (RFC 6020 §5.6.4 / RFC 7950 §5.6.4 module capabilities). */
export interface Capability {
  /** The URI as given. */
  uri: string
  /** The URI without its query, e.g. `urn:ietf:params:netconf:capability:candidate:1.0`. */
  base: string
  module?: string
  revision?: string
  /** From `features=a,b`. */
  features?: string[]
  /** From `deviations=m1,m2`. */
  deviations?: string[]
  /** Every query parameter, the ones above included (e.g. with-defaults' `basic-mode`). */
  params: Record<string, string>
}

/**
 * Takes a capability URI apart: `?module=…&revision=…&features=a,b&deviations=…`.
 * @example
 * parseCapability('urn:example:if?module=ietf-interfaces&revision=2014-05-08&features=arbitrary-names')
 * // { uri, base: 'urn:example:if', module: 'ietf-interfaces', revision: '2014-05-08', features: ['arbitrary-names'], params: {…} }
 */
export function parseCapability(uri: string): Capability {
  const trimmed = uri.trim()
  const q = trimmed.indexOf('?')
  const cap: Capability = { uri: trimmed, base: q < 0 ? trimmed : trimmed.slice(0, q), params: {} }
  if (q < 0) return cap
  // `&amp;` survives when a server escaped twice; treat it as the separator it was meant to be.
  for (const [key, value] of new URLSearchParams(trimmed.slice(q + 1).replace(/&amp;/g, '&'))) cap.params[key] = value
  const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
  if (cap.params['module'] !== undefined) cap.module = cap.params['module']
  if (cap.params['revision'] !== undefined) cap.revision = cap.params['revision']
  if (cap.params['features'] !== undefined) cap.features = list(cap.params['features'])
  if (cap.params['deviations'] !== undefined) cap.deviations = list(cap.params['deviations'])
  return cap
}

/** The start tag of a message's root element, read without parsing the whole message. */
export interface RootElement {
  /** Local name, without prefix: `rpc-reply`, `notification`, `hello`, … */
  name: string
  /** The prefix (`nc` of `nc:rpc-reply`), or `''`. */
  prefix: string
  /** Attributes by local name (entity references decoded). */
  attributes: Record<string, string>
  /** Index just after the start tag. */
  end: number
  selfClosing: boolean
}

const PROLOG = /(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/y
const START_TAG = /<(?:([\w.-]+):)?([\w.-]+)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y
const ATTR = /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/**
 * The first element start tag at or after `from`, skipping whitespace, the XML declaration and
 * comments; `undefined` when there is none there.
 * @example readStartTag('<?xml version="1.0"?><rpc-reply message-id="7">')?.attributes['message-id'] // '7'
 */
export function readStartTag(xml: string, from = 0): RootElement | undefined {
  PROLOG.lastIndex = from
  PROLOG.exec(xml)
  START_TAG.lastIndex = PROLOG.lastIndex
  const m = START_TAG.exec(xml) // a BOM is skipped by PROLOG: \s matches U+FEFF
  if (!m) return undefined
  const attributes: Record<string, string> = {}
  for (const a of (m[3] ?? '').matchAll(ATTR)) {
    const qname = a[1] as string
    const name = qname.startsWith('xmlns') ? qname : qname.replace(/^[\w.-]+:(?!$)/, '')
    attributes[name] = decodeEntities(a[2] ?? a[3] ?? '')
  }
  return { name: m[2] as string, prefix: m[1] ?? '', attributes, end: START_TAG.lastIndex, selfClosing: m[4] === '/' }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD'
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] as string
  })
}
