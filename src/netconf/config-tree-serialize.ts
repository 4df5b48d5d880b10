// src/netconf/config-tree-serialize.ts — ConfigNode → XML text: escaping, namespace declarations once where declared, pretty printing.
import type { ConfigNode } from './config-tree-node.js'
import { escapeAttribute, escapeText } from './config-tree-text.js'

/** Options of {@link ConfigNode.toXml}. */
export interface ToXmlOptions {
  /** One element per line, indented. Elements with text stay on one line. Default false. */
  pretty?: boolean
  /** Indentation unit when pretty. Default two spaces. */
  indent?: string
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`. Default false. */
  declaration?: boolean
}

/**
 * Serializes a node. `inherited` holds the bindings of its ancestors: those this node does not
 * redeclare are written on it, so a subtree is a self-contained document. A declaration already in
 * effect is not repeated; a binding a name needs but that is missing (a node moved between trees)
 * is added where the name is.
 * @example serializeNode(node, new Map(), { pretty: true })
 */
export function serializeNode(node: ConfigNode, inherited: ReadonlyMap<string, string>, opts: ToXmlOptions = {}): string {
  const out: string[] = []
  if (opts.declaration) out.push('<?xml version="1.0" encoding="UTF-8"?>', opts.pretty ? '\n' : '')
  const extra = new Map([...inherited].filter(([p]) => !node.namespaces().has(p)))
  write(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), extra, opts.pretty ? (opts.indent ?? '  ') : undefined, 0, out)
  if (opts.pretty) out.push('\n')
  return out.join('')
}

function write(node: ConfigNode, scope: ReadonlyMap<string, string>, extra: ReadonlyMap<string, string>, indent: string | undefined, depth: number, out: string[]): void {
  const decls = new Map<string, string>()
  for (const [p, u] of [...extra, ...node.namespaces()]) if ((scope.get(p) ?? '') !== u) decls.set(p, u)
  const inScope = (p: string): string => decls.get(p) ?? scope.get(p) ?? ''
  const own = node.prefix ?? ''
  if (inScope(own) !== (node.namespace ?? '')) decls.set(own, node.namespace ?? '')
  for (const name of node.attributes.keys()) {
    const i = name.indexOf(':')
    const ns = node.attributeNamespace(name)
    if (i > 0 && ns !== undefined && inScope(name.slice(0, i)) !== ns) decls.set(name.slice(0, i), ns)
  }
  const pad = indent === undefined ? '' : indent.repeat(depth)
  const qname = node.qualifiedName
  out.push(pad, '<', qname)
  for (const [p, u] of decls) out.push(p === '' ? ' xmlns="' : ` xmlns:${p}="`, escapeAttribute(u), '"')
  for (const [name, value] of node.attributes) out.push(' ', name, '="', escapeAttribute(value), '"')
  const children = node.children()
  if (children.length === 0 && node.text === '') return void out.push('/>')
  out.push('>', escapeText(node.text))
  if (children.length > 0) {
    const inner = new Map(scope)
    for (const [p, u] of decls) inner.set(p, u)
    const mixed = node.text !== '' // indentation would change mixed content
    const childIndent = mixed ? undefined : indent
    for (const c of children) {
      if (childIndent !== undefined) out.push('\n')
      write(c, inner, new Map(), childIndent, depth + 1, out)
    }
    if (childIndent !== undefined) out.push('\n', pad)
  }
  out.push('</', qname, '>')
}
