// src/netconf/config-tree-parse.ts — the order- and namespace-preserving fast-xml-parser variant behind ConfigTree.parse.
import type * as XmlEngine from '../core/xml-engine.js'
import { InputError, ResponseError } from '../core/errors.js'
import { XML_NS, decodeXmlText, trySplitQName } from './config-tree-text.js'

// Loaded on first use, like core/xml.ts: importing strato must not pay fast-xml-parser's start-up.
let fxp: typeof XmlEngine | undefined
let loading: Promise<void> | undefined

/**
 * Loads the XML parser ConfigTree.parse needs (once; later calls return the same promise).
 * NetconfSession and ServiceRunner call it themselves; {@link ConfigTree.fromXml} does too.
 * @example await loadConfigTreeParser(); const tree = ConfigTree.parse(xml)
 */
export function loadConfigTreeParser(): Promise<void> {
  loading ??= import('../core/xml-engine.js').then((m) => void (fxp = m))
  return loading
}

/** Whether {@link loadConfigTreeParser} has finished. @example if (!configTreeParserLoaded()) await loadConfigTreeParser() */
export function configTreeParserLoaded(): boolean {
  return fxp !== undefined
}

/** One element as read from the document: names split, namespaces resolved, text and attributes decoded. */
export interface ParsedElement {
  prefix: string | undefined
  local: string
  /** Resolved namespace URI; undefined when the element is in no namespace. */
  namespace: string | undefined
  /** The element's own xmlns declarations, `''` for the default namespace (value `''` undeclares it). */
  declarations: Array<[prefix: string, uri: string]>
  attributes: Array<{ name: string; namespace: string | undefined; value: string }>
  text: string
  children: ParsedElement[]
}

/** Limits of {@link parseElements}. */
export interface ParseElementsOptions {
  /** Largest document accepted, in UTF-16 code units. Default 64 MiB (NETCONF configs get large). */
  maxBytes?: number
}

type OrderedEntry = Record<string, unknown>
const DOCTYPE = /<!DOCTYPE|<!ENTITY/i

/**
 * Parses an XML document or fragment (several top-level elements are allowed) into
 * {@link ParsedElement}s, in document order. DOCTYPEs and entity declarations are refused, only the
 * five predefined entities and character references are decoded, comments and processing
 * instructions are dropped, CDATA joins the text. Malformed input is a ResponseError.
 * @example parseElements('<a xmlns="urn:x"><b>1</b></a>')[0]?.children[0]?.text // '1'
 */
export function parseElements(xml: string, opts: ParseElementsOptions = {}): ParsedElement[] {
  if (!fxp) throw new InputError('the XML parser is loaded on first use: await loadConfigTreeParser() (or use ConfigTree.fromXml)')
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024
  if (xml.length > maxBytes) throw new ResponseError(`XML document of ${xml.length} bytes exceeds the ${maxBytes}-byte limit`)
  if (DOCTYPE.test(xml)) throw new ResponseError('XML documents with a DOCTYPE or entity declarations are refused', { details: [xml.slice(0, 200)] })
  const text = xml.replace(/\r\n?/g, '\n') // XML end-of-line handling, before anything else
  // The validator wants one root; a fragment (a <config>'s content) may have several, so it checks them under a wrapper.
  const body = text.replace(/^\uFEFF?\s*<\?xml[\s\S]*?\?>/, '')
  const valid = fxp.XMLValidator.validate(`<r>${body}</r>`, { allowBooleanAttributes: false })
  if (valid !== true) throw new ResponseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`, { details: [text.slice(0, 500)] })
  if (!/>\s*$/.test(text)) throw new ResponseError('malformed XML: text after the last element', { details: [text.slice(-200)] })
  const parser = new fxp.XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false, // decoded here, in one pass, so nothing is decoded twice
    htmlEntities: false,
    cdataPropName: '#cdata',
    commentPropName: '#comment',
    ignoreDeclaration: true,
    ignorePiTags: true,
  })
  let entries: OrderedEntry[]
  try {
    entries = parser.parse(text) as OrderedEntry[]
  } catch (cause) {
    throw new ResponseError(`malformed XML: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, details: [text.slice(0, 500)] })
  }
  const out: ParsedElement[] = []
  for (const entry of entries) {
    const name = elementName(entry)
    if (name !== undefined) out.push(toElement(entry, name, new Map([['xml', XML_NS]])))
    else if ('#text' in entry && String(entry['#text']).trim() !== '') throw new ResponseError('malformed XML: text outside any element')
  }
  if (out.length === 0) throw new ResponseError('malformed XML: no element found', { details: [text.slice(0, 200)] })
  return out
}

function elementName(entry: OrderedEntry): string | undefined {
  return Object.keys(entry).find((k) => k !== ':@' && k !== '#text' && k !== '#comment' && k !== '#cdata')
}

function toElement(entry: OrderedEntry, name: string, outer: Map<string, string>): ParsedElement {
  const q = trySplitQName(name)
  if (!q) throw new ResponseError(`malformed XML: ${JSON.stringify(name)} is not a valid element name`)
  const rawAttrs = (entry[':@'] ?? {}) as Record<string, string>
  const scope = new Map(outer)
  const declarations: Array<[string, string]> = []
  const plain: Array<[string, string]> = []
  for (const [key, raw] of Object.entries(rawAttrs)) {
    if (raw.includes('<')) throw new ResponseError(`malformed XML: "<" in the value of attribute ${key}`)
    const value = decodeXmlText(raw.replace(/[\t\n]/g, ' ')) // attribute-value normalisation
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      const prefix = key === 'xmlns' ? '' : key.slice(6)
      if (prefix !== '' && (value === '' || prefix === 'xmlns')) throw new ResponseError(`malformed XML: bad namespace declaration ${key}="${value}"`)
      if ((prefix === 'xml') !== (value === XML_NS)) throw new ResponseError(`malformed XML: the xml prefix and ${XML_NS} belong together`)
      declarations.push([prefix, value])
      scope.set(prefix, value)
    } else plain.push([key, value])
  }
  const resolve = (prefix: string | undefined, what: string): string | undefined => {
    const ns = scope.get(prefix ?? '')
    if (prefix !== undefined && ns === undefined) throw new ResponseError(`malformed XML: prefix "${prefix}" of ${what} is not declared`)
    return ns === '' ? undefined : ns
  }
  const attributes = plain.map(([key, value]) => {
    const aq = trySplitQName(key)
    if (!aq) throw new ResponseError(`malformed XML: ${JSON.stringify(key)} is not a valid attribute name`)
    return { name: key, namespace: aq.prefix === undefined ? undefined : resolve(aq.prefix, `attribute ${key}`), value }
  })
  const seen = new Set(attributes.map((a) => `${a.namespace ?? ''} ${a.name.slice(a.name.indexOf(':') + 1)}`))
  if (seen.size !== attributes.length) throw new ResponseError(`malformed XML: element ${name} has the same attribute twice`)
  const children: ParsedElement[] = []
  let text = ''
  for (const part of (entry[name] ?? []) as OrderedEntry[]) {
    const child = elementName(part)
    if (child !== undefined) children.push(toElement(part, child, scope))
    else if ('#text' in part) text += decodeXmlText(String(part['#text']))
    else if ('#cdata' in part) text += ((part['#cdata'] ?? []) as OrderedEntry[]).map((t) => String(t['#text'] ?? '')).join('')
  }
  if (children.length > 0 && text.trim() === '') text = '' // indentation between child elements
  return { prefix: q.prefix, local: q.local, namespace: resolve(q.prefix, `element ${name}`), declarations, attributes, text, children }
}
