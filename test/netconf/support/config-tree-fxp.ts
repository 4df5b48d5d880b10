// test/netconf/support/config-tree-fxp.ts — the fast-xml-parser-based parseElements that ConfigTree.parse used before
// src/netconf/config-tree-scan.ts (and the public-API tree build before ConfigNode's fillParsed), kept only as the reference
// the scanner's property test and bench/config-tree-parse.ts compare against.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ResponseError } from '../../../src/core/errors.js'
import type { ParseElementsOptions, ParsedElement } from '../../../src/netconf/config-tree-parse.js'
import { ConfigTree, type ConfigNode } from '../../../src/netconf/config-tree.js'
import { NETCONF_BASE_NS, XML_NS, decodeXmlText, trySplitQName } from '../../../src/netconf/config-tree-text.js'

type OrderedEntry = Record<string, unknown>
const DOCTYPE = /<!DOCTYPE|<!ENTITY/i

/**
 * Parses an XML document or fragment (several top-level elements are allowed) into
 * {@link ParsedElement}s, in document order. DOCTYPEs and entity declarations are refused, only the
 * five predefined entities and character references are decoded, comments and processing
 * instructions are dropped, CDATA joins the text. Malformed input is a ResponseError.
 * @example parseElementsFxp(`<a xmlns="urn:x"><b>1</b></a>`)[0]?.children[0]?.text // "1"
 */
export function parseElementsFxp(xml: string, opts: ParseElementsOptions = {}): ParsedElement[] {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024
  if (xml.length > maxBytes) throw new ResponseError(`XML document of ${xml.length} bytes exceeds the ${maxBytes}-byte limit`)
  if (DOCTYPE.test(xml)) throw new ResponseError('XML documents with a DOCTYPE or entity declarations are refused', { details: [xml.slice(0, 200)] })
  const text = xml.replace(/\r\n?/g, '\n') // XML end-of-line handling, before anything else
  // The validator wants one root; a fragment (a <config>'s content) may have several, so it checks them under a wrapper.
  const body = text.replace(/^\uFEFF?\s*<\?xml[\s\S]*?\?>/, '')
  const valid = XMLValidator.validate(`<r>${body}</r>`, { allowBooleanAttributes: false })
  if (valid !== true) throw new ResponseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`, { details: [text.slice(0, 500)] })
  if (!/>\s*$/.test(text)) throw new ResponseError('malformed XML: text after the last element', { details: [text.slice(-200)] })
  const parser = new XMLParser({
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

/**
 * ConfigTree.parse as it was: the fast-xml-parser elements built through the public ConfigNode API
 * (create, declareNamespace, setAttribute, setText), the reference for ConfigNode's fillParsed.
 * @example treeFxp('<a xmlns="urn:a"/>').toXml()
 */
export function treeFxp(xml: string, wrap: 'auto' | 'always' | 'never' = 'auto'): ConfigTree {
  const top = parseElementsFxp(xml)
  const single = top.length === 1 ? top[0] : undefined
  const asRoot = single && (wrap === 'never' || (wrap === 'auto' && single.local === 'config' && [undefined, NETCONF_BASE_NS].includes(single.namespace)))
  let tree: ConfigTree
  if (asRoot) {
    tree = new ConfigTree(single.prefix === undefined ? single.local : `${single.prefix}:${single.local}`, { namespace: single.namespace })
    fill(tree, single)
  } else {
    if (wrap === 'never') throw new ResponseError(`expected one top-level element (wrap: 'never'), found ${top.length}`)
    tree = new ConfigTree()
    for (const el of top) build(tree, el)
  }
  return tree.markClean()
}

function build(parent: ConfigNode, el: ParsedElement): void {
  const qname = el.prefix === undefined ? el.local : `${el.prefix}:${el.local}`
  fill(parent.create(qname, { namespace: el.namespace }), el)
}

function fill(node: ConfigNode, el: ParsedElement): void {
  for (const [p, u] of el.declarations) if (p !== (node.prefix ?? '') || u !== (node.namespace ?? '')) node.declareNamespace(p, u)
  for (const a of el.attributes) node.setAttribute(a.name, a.value, a.namespace === undefined ? {} : { namespace: a.namespace })
  if (el.text !== '') node.setText(el.text)
  for (const c of el.children) build(node, c)
}
