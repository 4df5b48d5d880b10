// src/netconf/config-tree.ts — ConfigTree: a Clixon-style element tree for NETCONF configuration, parsed from and written to XML.
import { ResponseError } from '../core/errors.js'
import { ConfigNode, fillParsed, type ConfigNodeOptions } from './config-tree-node.js'
import { parseElements, type ParseElementsOptions } from './config-tree-parse.js'
import { NETCONF_BASE_NS } from './config-tree-text.js'

export { ConfigNode } from './config-tree-node.js'
export { NETCONF_OPERATIONS, type ConfigNodeOptions, type ConfigChange, type NetconfOperation, type XmlValue } from './config-tree-types.js'
export type { ToXmlOptions } from './config-tree-serialize.js'
export { loadConfigTreeParser, configTreeParserLoaded } from './config-tree-parse.js'
export { NETCONF_BASE_NS, XML_NS, isNcName } from './config-tree-text.js'

/** Options of {@link ConfigTree.parse}. */
export interface ConfigTreeParseOptions extends ParseElementsOptions {
  /**
   * What becomes the root. `'auto'` (default): a single `<config>` element is the root, anything
   * else (other elements, several elements: the content of a `<config>`) is put under a new
   * `<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">`. `'always'` wraps every document;
   * `'never'` makes the single top element the root, whatever its name (e.g. a `<data>` reply).
   */
  wrap?: 'auto' | 'always' | 'never'
}

/**
 * The root of a configuration tree: a {@link ConfigNode} that can be parsed and built from scratch.
 * Change tracking starts clean after parse; `modified` and `changes()` report what a service
 * changed, and `markClean()` starts over.
 * @example
 * const tree = ConfigTree.parse('<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"/>')
 * tree.find('interfaces')?.create('interface').create('name', { text: 'eth0' })
 * await session.editConfig({ target: 'candidate', config: tree })
 */
export class ConfigTree extends ConfigNode {
  /** A new, empty root. @example new ConfigTree('config', { namespace: NETCONF_BASE_NS }) */
  constructor(name = 'config', opts: ConfigNodeOptions = { namespace: NETCONF_BASE_NS }) {
    super(name, opts)
    this.markClean()
  }

  /**
   * Parses XML (a `<config>` element, its content, or any element) into a tree, in one pass of
   * strato's own scanner (config-tree-scan.ts; nothing to load first). Malformed XML, a DOCTYPE or
   * an unknown entity is a ResponseError.
   * @example const tree = ConfigTree.parse(reply, { wrap: 'never' })
   */
  static parse(xml: string, opts: ConfigTreeParseOptions = {}): ConfigTree {
    const top = parseElements(xml, opts)
    const wrap = opts.wrap ?? 'auto'
    const single = top.length === 1 ? top[0] : undefined
    const asRoot = single && (wrap === 'never' || (wrap === 'auto' && single.local === 'config' && [undefined, NETCONF_BASE_NS].includes(single.namespace)))
    // fillParsed records no changes, and the constructor starts clean: no markClean() walk over the whole tree.
    if (asRoot) {
      const tree = new ConfigTree(single.prefix === undefined ? single.local : `${single.prefix}:${single.local}`, { namespace: single.namespace })
      fillParsed(tree, single)
      return tree
    }
    if (wrap === 'never') throw new ResponseError(`expected one top-level element (wrap: 'never'), found ${top.length}`)
    const tree = new ConfigTree()
    fillParsed(tree, { prefix: undefined, local: 'config', namespace: NETCONF_BASE_NS, declarations: [], attributes: [], text: '', children: top })
    return tree
  }

  /** Parses, like {@link ConfigTree.parse}; async for compatibility (it once loaded the parser first). @example const tree = await ConfigTree.fromXml(xml) */
  static async fromXml(xml: string, opts: ConfigTreeParseOptions = {}): Promise<ConfigTree> {
    return ConfigTree.parse(xml, opts)
  }
}
