// src/core/xml.ts — the one safe fast-xml-parser configuration: no entity expansion, size-capped, strings stay strings.
import type * as XmlEngine from './xml-engine.js'
import { InputError, ResponseError } from './errors.js'

// fast-xml-parser is loaded on first use, not at import: its ESM build is 40 files and ~33 ms of
// start-up that a program importing strato (or a CLI printing --help) should not pay.
let fxp: typeof XmlEngine | undefined
let loading: Promise<void> | undefined

/**
 * Loads the XML parser once; {@link parseXml} needs it. strato's clients call it before they
 * parse (responses, error bodies), so only direct callers of `parseXml` await it themselves.
 * @example await loadXmlParser(); const doc = parseXml(text)
 */
export function loadXmlParser(): Promise<void> {
  loading ??= import('./xml-engine.js').then((m) => void (fxp = m))
  return loading
}

/** Whether {@link loadXmlParser} has finished. @example if (!xmlParserLoaded()) await loadXmlParser() */
export function xmlParserLoaded(): boolean {
  return fxp !== undefined
}

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** Largest document accepted, in bytes of UTF-16 text. Default 10 MiB. */
  maxBytes?: number
  /** Element paths (dot-separated, from the root, without namespace prefixes) that are always arrays. */
  arrayPaths?: readonly string[]
  /** Keep `ns:` prefixes on names. Default false. */
  keepNamespaces?: boolean
}

/** Attributes appear under keys with this prefix, e.g. `@_xmlns`. */
export const XML_ATTR_PREFIX = '@_'

const DOCTYPE = /<!DOCTYPE/i

/**
 * Parses XML into plain objects. Documents with a DOCTYPE are refused (that is where entity and
 * external-resource attacks live, and no API strato speaks sends one); values are never coerced
 * to numbers (`007` stays `'007'`); text of an element with attributes is under `#text`.
 * Malformed or oversized input rejects with ResponseError. Call {@link loadXmlParser} once first
 * (an InputError says so otherwise).
 * @example parseXml(body, { arrayPaths: ['DescribeAutoScalingGroupsResponse.DescribeAutoScalingGroupsResult.AutoScalingGroups.member'] })
 */
export function parseXml(text: string, opts: ParseXmlOptions = {}): Record<string, unknown> {
  if (!fxp) throw new InputError('the XML parser is loaded on first use: await loadXmlParser() before parseXml()')
  const { XMLParser, XMLValidator } = fxp
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024
  if (text.length > maxBytes) throw new ResponseError(`XML document of ${text.length} bytes exceeds the ${maxBytes}-byte limit`)
  if (DOCTYPE.test(text)) throw new ResponseError('XML documents with a DOCTYPE are refused', { details: [text.slice(0, 200)] })
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new ResponseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`, { details: [text.slice(0, 500)] })
  }
  const arrays = opts.arrayPaths && opts.arrayPaths.length > 0 ? new Set(opts.arrayPaths) : undefined
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: XML_ATTR_PREFIX,
    removeNSPrefix: !opts.keepNamespaces,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true, // only the five predefined entities: a DOCTYPE was refused above
    htmlEntities: false,
    // The matcher, not a path string, is passed to isArray: building the string for every tag
    // cost a quarter of the parse time of a large Query page.
    jPath: false,
    ...(arrays ? { isArray: (_name: string, jpath: unknown) => arrays.has(String(jpath)) } : {}),
  })
  return parser.parse(text) as Record<string, unknown>
}

/**
 * A cheap guess that a body is XML (starts with `<?xml` or a tag), used before parsing error bodies.
 * @example isXml('<ErrorResponse>…') // true
 */
export function isXml(text: string): boolean {
  return /^\s*<(\?xml|[A-Za-z_])/.test(text) && !/^\s*<(!doctype\s+html|html[\s>])/i.test(text)
}
