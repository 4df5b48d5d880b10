// src/netconf/config-tree-parse.ts — what ConfigTree.parse reads XML into (ParsedElement) and its entry point, parseElements.
// The parsing itself is config-tree-scan.ts, a single-pass scanner of our own (fast-xml-parser took ~900 ms on a
// 10 MB get-config reply); it needs nothing loaded, so loadConfigTreeParser() only remains for compatibility.
import { ResponseError } from '../core/errors.js'
import { scanElements } from './config-tree-scan.js'

const loaded = Promise.resolve()

/**
 * Kept for compatibility: ConfigTree.parse once needed fast-xml-parser loaded first. The parser is
 * now built in, so this resolves at once and {@link ConfigTree.parse} works without it.
 * @example await loadConfigTreeParser(); const tree = ConfigTree.parse(xml)
 */
export function loadConfigTreeParser(): Promise<void> {
  return loaded
}

/** Always true now: the parser needs nothing loaded (see {@link loadConfigTreeParser}). @example if (!configTreeParserLoaded()) await loadConfigTreeParser() */
export function configTreeParserLoaded(): boolean {
  return true
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

/**
 * Parses an XML document or fragment (several top-level elements are allowed) into
 * {@link ParsedElement}s, in document order. DOCTYPEs and entity declarations are refused, only the
 * five predefined entities and character references are decoded, comments and processing
 * instructions are dropped, CDATA joins the text, blank text between child elements is dropped.
 * Malformed input is a ResponseError.
 * @example parseElements('<a xmlns="urn:x"><b>1</b></a>')[0]?.children[0]?.text // '1'
 */
export function parseElements(xml: string, opts: ParseElementsOptions = {}): ParsedElement[] {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024
  if (xml.length > maxBytes) throw new ResponseError(`XML document of ${xml.length} bytes exceeds the ${maxBytes}-byte limit`)
  return scanElements(xml)
}
