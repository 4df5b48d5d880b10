// src/netconf/config-tree-text.ts — names, characters and escaping for ConfigTree: NCName checks, XML 1.0 character checks, entity decoding and encoding.
import { InputError, ResponseError } from '../core/errors.js'

/** The NETCONF base:1.0 namespace, home of the `operation` attribute and of `<config>`. */
export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0'
/** The namespace the `xml:` prefix is always bound to. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace'

const START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}'
const REST = `${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`
const NCNAME = new RegExp(`^[${START}][${REST}]*$`, 'u')
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/**
 * Whether a string is an XML NCName (a name without a colon), the form of every local name and prefix.
 * @example isNcName('interface') // true; isNcName('1st') // false
 */
export function isNcName(name: string): boolean {
  return NCNAME.test(name)
}

/** A qualified name split in two. */
export interface QName {
  prefix: string | undefined
  local: string
}

/**
 * Splits `prefix:local` (or `local`), checking both parts are NCNames; InputError otherwise.
 * @example splitQName('nc:operation') // { prefix: 'nc', local: 'operation' }
 */
export function splitQName(name: string, what = 'name'): QName {
  const q = trySplitQName(name)
  if (!q) throw new InputError(`invalid XML ${what} ${JSON.stringify(name)}: not a name or prefix:name (XML NCNames)`)
  return q
}

/** Like {@link splitQName}, but undefined instead of an error. @example trySplitQName('a:b:c') // undefined */
export function trySplitQName(name: string): QName | undefined {
  const i = name.indexOf(':')
  const prefix = i < 0 ? undefined : name.slice(0, i)
  const local = i < 0 ? name : name.slice(i + 1)
  if (!isNcName(local) || (prefix !== undefined && !isNcName(prefix))) return undefined
  return { prefix, local }
}

/**
 * Checks that text can be written in XML 1.0 (no NUL, no C0 controls but tab/newline/CR, no lone surrogates).
 * @example checkXmlChars('eth0', 'text') // returns 'eth0'
 */
export function checkXmlChars(value: string, what: string): string {
  const m = BAD_CHAR.exec(value)
  if (m) throw new InputError(`${what} holds U+${m[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 cannot represent`)
  return value
}

/**
 * Escapes element text: `&`, `<`, `>` (so `]]>` never appears) and CR (which a parser would turn into a newline).
 * @example escapeText('a < b && ]]>') // 'a &lt; b &amp;&amp; ]]&gt;'
 */
export function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'))
}

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\n': '&#10;', '\t': '&#9;', '\r': '&#13;' }

/**
 * Escapes an attribute value for a double-quoted attribute: `&`, `<`, `"`, and tab/newline/CR as
 * character references (a parser would turn them into spaces otherwise).
 * @example escapeAttribute('say "hi"\n') // 'say &quot;hi&quot;&#10;'
 */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<"\n\t\r]/g, (c) => ATTR_ESCAPES[c] ?? c)
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/**
 * Decodes the five predefined entities and numeric character references in one pass (so `&amp;lt;`
 * becomes `&lt;`, never `<`). Any other entity, a bare `&` or a reference to a character XML
 * forbids is a ResponseError.
 * @example decodeXmlText('&lt;a&gt; &#65;&#x42;') // '<a> AB'
 */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return checkParsedChars(raw)
  const out = raw.replace(/&([^;&\s]{0,12});|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new ResponseError('malformed XML: a bare "&" (write &amp;)', { details: [raw.slice(0, 200)] })
    const named = NAMED[ref]
    if (named !== undefined) return named
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref)
    const code = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : NaN
    if (!m) throw new ResponseError(`malformed XML: entity ${whole} is not one of the five predefined ones (entities are never expanded)`)
    if (!(code <= 0x10ffff) || BAD_CHAR.test(String.fromCodePoint(code))) throw new ResponseError(`malformed XML: ${whole} is not an XML character`)
    return String.fromCodePoint(code)
  })
  return checkParsedChars(out)
}

function checkParsedChars(text: string): string {
  const m = BAD_CHAR.exec(text)
  if (m) throw new ResponseError(`malformed XML: U+${m[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')} is not an XML character`)
  return text
}
