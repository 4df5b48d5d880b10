// src/netconf/config-tree-node.ts — ConfigNode: one element of a ConfigTree (names, namespaces, attributes, text, children, change flags).
import { InputError } from '../core/errors.js'
import { selectPath } from './config-tree-find.js'
import { serializeNode, type ToXmlOptions } from './config-tree-serialize.js'
import type { ParsedElement } from './config-tree-parse.js'
import { NETCONF_BASE_NS, XML_NS, checkXmlChars, isNcName, splitQName } from './config-tree-text.js'
import { NETCONF_OPERATIONS as OPERATIONS, type ConfigChange, type ConfigNodeOptions, type NetconfOperation, type XmlValue } from './config-tree-types.js'

export type { ConfigChange, ConfigNodeOptions, NetconfOperation, XmlValue } from './config-tree-types.js'

// Change flags as bits, not a Set per node: a parsed 10 MB config has ~50 000 nodes and the Sets were GC work.
const CREATED = 1
const FLAG = { renamed: 2, text: 4, attributes: 8 } as const
type Predicate = (node: ConfigNode) => boolean
// Passed as opts by the parse fast path only (identity-checked): skip the name checks, the fields are set directly.
const RAW: ConfigNodeOptions = {}

/**
 * Builds a parsed element's declarations, attributes, text and children into `node`, for ConfigTree.parse.
 * The scanner has already checked names, characters and namespaces, so this skips what create(),
 * declareNamespace(), setAttribute() and setText() would check again, and records no changes
 * (a parsed tree starts clean), yet leaves the same tree those calls would.
 * @example fillParsed(new ConfigTree('data', { namespace }), parseElements(xml)[0]!)
 */
export let fillParsed: (node: ConfigNode, el: ParsedElement) => void

/**
 * One element of a configuration tree. Text and attribute values are stored unescaped (exactly
 * what they mean) and escaped only by toXml; `namespace` is resolved, so moving a node keeps its
 * meaning. Build nodes with {@link ConfigNode.create} or `new ConfigNode(name, opts)`.
 * @example const mtu = tree.find('interfaces/interface/mtu'); mtu?.setText(9000)
 */
export class ConfigNode {
  #local: string
  #prefix: string | undefined
  #namespace: string | undefined
  #text = ''
  readonly #attributes = new Map<string, string>()
  readonly #attrNs = new Map<string, string>()
  readonly #declared = new Map<string, string>()
  readonly #children: ConfigNode[] = []
  #parent: ConfigNode | undefined
  #flags = 0
  #removed: ConfigNode[] | undefined // allocated on the first deletion only

  /** A detached element; a `prefix:` in the name needs `opts.namespace`. @example new ConfigNode('interface', { namespace: 'urn:ietf:params:xml:ns:yang:ietf-interfaces' }) */
  constructor(name: string, opts: ConfigNodeOptions = {}) {
    if (opts === RAW) {
      this.#local = name
      return
    }
    const q = splitQName(name, 'element name')
    if (q.prefix !== undefined && !opts.namespace && q.prefix !== 'xml') throw new InputError(`element ${name}: its prefix needs a namespace`)
    this.#local = q.local
    this.#prefix = q.prefix
    this.#namespace = q.prefix === 'xml' ? XML_NS : opts.namespace || undefined
    if (this.#namespace !== undefined && q.prefix !== 'xml') this.#declared.set(q.prefix ?? '', this.#namespace)
    this.#init(opts)
  }

  #init(opts: ConfigNodeOptions): void {
    for (const [k, v] of Object.entries(opts.attributes ?? {})) this.setAttribute(k, v)
    if (opts.text !== undefined) this.setText(opts.text)
  }

  /** Local name (without prefix). @example node.name // 'interface' */
  get name(): string {
    return this.#local
  }
  /** Prefix as written, undefined for none. @example node.prefix // 'if' */
  get prefix(): string | undefined {
    return this.#prefix
  }
  /** `prefix:name` or `name`. @example node.qualifiedName // 'if:interface' */
  get qualifiedName(): string {
    return this.#prefix === undefined ? this.#local : `${this.#prefix}:${this.#local}`
  }
  /** Resolved namespace URI, undefined when in no namespace. @example node.namespace // 'urn:ietf:params:xml:ns:yang:ietf-interfaces' */
  get namespace(): string | undefined {
    return this.#namespace
  }
  /** Text content, unescaped (`'a < b'`, never `'a &lt; b'`). @example node.child('mtu')?.text // '1500' */
  get text(): string {
    return this.#text
  }
  /** Attributes by qualified name, values unescaped; change them with setAttribute. @example node.attributes.get('nc:operation') */
  get attributes(): ReadonlyMap<string, string> {
    return this.#attributes
  }
  /** The parent element, undefined for a root or a detached node. @example node.parent?.name */
  get parent(): ConfigNode | undefined {
    return this.#parent
  }
  /** The topmost ancestor (this node when it has no parent). @example node.root === tree */
  get root(): ConfigNode {
    return this.#parent ? this.#parent.root : this
  }

  /** Direct children in document order, optionally only those with a (local or `prefix:`) name. @example iface.children('address') */
  children(name?: string): ConfigNode[] {
    return name === undefined ? [...this.#children] : this.#children.filter((c) => c.#is(name))
  }
  /** The first direct child with that name. @example iface.child('name')?.text */
  child(name: string): ConfigNode | undefined {
    return this.#children.find((c) => c.#is(name))
  }
  /** This node, then its ancestors up to the root. */
  #lineage(): ConfigNode[] {
    const out: ConfigNode[] = [this]
    for (let a = this.#parent; a; a = a.#parent) out.push(a)
    return out
  }
  #is(name: string): boolean {
    return name.includes(':') ? this.qualifiedName === name : this.#local === name
  }

  /** This node and its descendants, depth first in document order. @example for (const n of tree.walk()) console.log(n.name) */
  *walk(): Generator<ConfigNode> {
    yield this
    for (const c of this.#children) yield* c.walk()
  }

  /**
   * The first node a slash path reaches (`interfaces/interface[name='eth0']/mtu`, `//mtu`, `*`, `[2]`),
   * or, given a predicate, the first matching descendant in document order.
   * @example tree.find((n) => n.name === 'interface' && n.child('name')?.text === 'eth0')
   */
  find(path: string | Predicate): ConfigNode | undefined {
    if (typeof path === 'string') return selectPath<ConfigNode>(this, path)[0]
    for (const n of this.walk()) if (n !== this && path(n)) return n
    return undefined
  }
  /** Every node a path or predicate reaches, in document order. @example tree.findAll('interfaces/interface').length */
  findAll(path: string | Predicate): ConfigNode[] {
    if (typeof path === 'string') return selectPath<ConfigNode>(this, path)
    return [...this.walk()].filter((n) => n !== this && path(n))
  }
  /** The list entry under a path whose key leaves have these texts. @example interfaces.findByKey('interface', { name: 'eth0' }) */
  findByKey(path: string, keys: Record<string, XmlValue>): ConfigNode | undefined {
    const wanted = Object.entries(keys).map(([k, v]) => [k, String(v)] as const)
    return this.findAll(path).find((n) => wanted.every(([k, v]) => n.child(k)?.text === v))
  }

  /**
   * Adds a child element and returns it. Without `namespace` the child shares this node's
   * namespace and prefix; with one it is declared on the child unless already in scope.
   * @example const iface = interfaces.create('interface'); iface.create('name', { text: 'eth0' })
   */
  create(name: string, opts: ConfigNodeOptions = {}): ConfigNode {
    const q = splitQName(name, 'element name')
    let namespace = opts.namespace
    let qname = name
    if (q.prefix !== undefined) namespace ??= this.lookupNamespace(q.prefix)
    else if (!('namespace' in opts)) {
      namespace = this.#namespace
      qname = this.#prefix === undefined ? name : `${this.#prefix}:${name}`
    }
    if (q.prefix !== undefined && namespace === undefined) throw new InputError(`element ${name}: prefix "${q.prefix}" is not declared`)
    const node = new ConfigNode(qname, { namespace })
    const p = node.#prefix ?? ''
    if (this.lookupNamespace(p) === node.#namespace) node.#declared.delete(p)
    else if (node.#namespace === undefined) node.#declared.set('', '')
    this.append(node)
    node.#init(opts)
    return node
  }

  /** Moves a node (detached or from elsewhere) to the end of this node's children; returns it. @example tree.append(other.find('interfaces')!.clone()) */
  append(node: ConfigNode): ConfigNode {
    return this.insertAt(this.#children.length, node)
  }
  /** Inserts a node at a child index; returns it. @example list.insertAt(0, entry) */
  insertAt(index: number, node: ConfigNode): ConfigNode {
    let a: ConfigNode | undefined = this.#parent // walk up without #lineage()'s array: insertAt runs per created node
    while (a && a !== node) a = a.#parent
    if (node === this || a) throw new InputError('a node cannot become its own descendant')
    if (node.#parent) node.#detach()
    this.#children.splice(Math.max(0, Math.min(index, this.#children.length)), 0, node)
    node.#parent = this
    node.#flags |= CREATED
    return node
  }

  /** Removes this node from its parent (recorded as a deletion); returns it, detached. @example tree.findByKey('interfaces/interface', { name: 'eth1' })?.delete() */
  delete(): ConfigNode {
    if (!this.#parent) throw new InputError(`cannot delete ${this.qualifiedName}: it has no parent`)
    this.#detach()
    return this
  }
  /** Puts another node in this one's place and returns it. @example old.replace(new ConfigNode('mtu', { namespace, text: 9000 })) */
  replace(node: ConfigNode): ConfigNode {
    const parent = this.#parent
    if (!parent) throw new InputError(`cannot replace ${this.qualifiedName}: it has no parent`)
    if (node === this) return node
    const index = parent.#children.indexOf(this)
    this.#detach()
    return parent.insertAt(index, node)
  }
  #detach(): void {
    const parent = this.#parent
    if (!parent) return
    for (let a: ConfigNode | undefined = parent; a; a = a.#parent) {
      for (const [p, uri] of a.#declared) if (!this.#declared.has(p)) this.#declared.set(p, uri) // keep the meaning of prefixes in text
    }
    parent.#children.splice(parent.#children.indexOf(this), 1)
    if (!(this.#flags & CREATED)) (parent.#removed ??= []).push(this)
    this.#parent = undefined
  }
  /** A deep copy, detached, with the namespace declarations it relies on. @example tree.append(template.clone()) */
  clone(): ConfigNode {
    const copy = this.#copy()
    for (let a = this.#parent; a; a = a.#parent) for (const [p, u] of a.#declared) if (!copy.#declared.has(p)) copy.#declared.set(p, u)
    return copy
  }
  #copy(): ConfigNode {
    const copy = new ConfigNode(this.#local)
    copy.#prefix = this.#prefix
    copy.#namespace = this.#namespace
    copy.#text = this.#text
    for (const [k, v] of this.#declared) copy.#declared.set(k, v)
    for (const [k, v] of this.#attributes) copy.#attributes.set(k, v)
    for (const [k, v] of this.#attrNs) copy.#attrNs.set(k, v)
    for (const c of this.#children) {
      const cc = c.#copy()
      cc.#parent = copy
      copy.#children.push(cc)
    }
    return copy
  }

  /** Sets the text (stored as given; escaped only on output). @example node.setText('a < b') // toXml: <x>a &lt; b</x> */
  setText(value: XmlValue): this {
    const text = checkXmlChars(String(value), `text of ${this.qualifiedName}`)
    if (text !== this.#text) {
      this.#text = text
      this.#flags |= FLAG.text
    }
    return this
  }

  /**
   * Sets an attribute by qualified name; a prefix resolves in scope, or `namespace` declares it here.
   * `xmlns` attributes are not attributes here: use declareNamespace.
   * @example node.setAttribute('cl:creator', 'ssh-users', { namespace: 'http://clicon.org/lib' })
   */
  setAttribute(name: string, value: XmlValue, opts: { namespace?: string } = {}): this {
    const q = splitQName(name, 'attribute name')
    if (name === 'xmlns' || q.prefix === 'xmlns') throw new InputError(`${name} is a namespace declaration: use declareNamespace()`)
    const v = checkXmlChars(String(value), `attribute ${name}`)
    if (q.prefix !== undefined) {
      const ns = opts.namespace ?? this.lookupNamespace(q.prefix)
      if (ns === undefined) throw new InputError(`attribute ${name}: prefix "${q.prefix}" is not declared (pass its namespace)`)
      if (this.lookupNamespace(q.prefix) !== ns) this.declareNamespace(q.prefix, ns)
      this.#attrNs.set(name, ns)
    }
    if (this.#attributes.get(name) !== v) {
      this.#attributes.set(name, v)
      this.#flags |= FLAG.attributes
    }
    return this
  }
  /** Removes an attribute; true when it was there. @example node.removeAttribute('nc:operation') */
  removeAttribute(name: string): boolean {
    this.#attrNs.delete(name)
    const had = this.#attributes.delete(name)
    if (had) this.#flags |= FLAG.attributes
    return had
  }
  /** An attribute's value, or undefined. @example node.attribute('type') */
  attribute(name: string): string | undefined {
    return this.#attributes.get(name)
  }
  /** The namespace of a prefixed attribute (undefined for an unprefixed one). @example node.attributeNamespace('nc:operation') */
  attributeNamespace(name: string): string | undefined {
    return this.#attrNs.get(name)
  }

  /**
   * Declares a prefix (`''` for the default namespace) on this element. Refused when it would
   * change what this element's own name or attributes mean.
   * @example tree.declareNamespace('if', 'urn:ietf:params:xml:ns:yang:ietf-interfaces')
   */
  declareNamespace(prefix: string, uri: string): this {
    if (prefix !== '' && !isNcName(prefix)) throw new InputError(`invalid namespace prefix ${JSON.stringify(prefix)}`)
    if (prefix === 'xmlns' || (prefix === 'xml') !== (uri === XML_NS)) throw new InputError(`prefix ${prefix} cannot be bound to ${uri}`)
    if (prefix === 'xml') return this
    if (prefix !== '' && uri === '') throw new InputError(`prefix ${prefix} needs a non-empty namespace URI`)
    checkXmlChars(uri, 'namespace URI')
    if ((this.#prefix ?? '') === prefix && (this.#namespace ?? '') !== uri) throw new InputError(`element ${this.qualifiedName} is in ${this.#namespace ?? 'no namespace'}, not ${uri}`)
    for (const [a, ns] of this.#attrNs) if (a.startsWith(`${prefix}:`) && ns !== uri) throw new InputError(`attribute ${a} is in ${ns}, not ${uri}`)
    this.#declared.set(prefix, uri)
    return this
  }
  /** This element's own declarations (`''` is the default namespace). @example [...tree.namespaces()] */
  namespaces(): ReadonlyMap<string, string> {
    return this.#declared
  }
  /** The URI a prefix (`''`: the default namespace) means here, undefined when unbound. @example node.lookupNamespace('nc') */
  lookupNamespace(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NS
    let uri = this.#declared.get(prefix) // nearest declaration first; no #lineage() array, this runs per parsed node
    for (let a = this.#parent; uri === undefined && a; a = a.#parent) uri = a.#declared.get(prefix)
    return uri === '' ? undefined : uri
  }
  /** The nearest prefix bound to a URI here (`''` for the default namespace), or undefined. @example node.lookupPrefix(NETCONF_BASE_NS) // 'nc' */
  lookupPrefix(uri: string, opts: { allowDefault?: boolean } = {}): string | undefined {
    for (const a of this.#lineage()) {
      for (const [p, u] of a.#declared) if (u === uri && (p !== '' || opts.allowDefault !== false) && this.lookupNamespace(p) === uri) return p
    }
    return undefined
  }

  /**
   * Sets the NETCONF `operation` attribute (base:1.0 namespace), declaring `nc:` here when no prefix
   * for that namespace is in scope.
   * @example tree.findByKey('interfaces/interface', { name: 'eth1' })?.setOperation('delete')
   */
  setOperation(op: NetconfOperation): this {
    if (!OPERATIONS.includes(op)) throw new InputError(`operation must be one of ${OPERATIONS.join(', ')}, not ${JSON.stringify(op)}`)
    const current = this.#operationAttribute()
    if (current) return this.setAttribute(current, op)
    let prefix = this.lookupPrefix(NETCONF_BASE_NS, { allowDefault: false })
    for (let i = 0; prefix === undefined; i++) {
      const p = i === 0 ? 'nc' : `nc${i}`
      if (this.lookupNamespace(p) === undefined && this.#prefix !== p && ![...this.#attrNs.keys()].some((a) => a.startsWith(`${p}:`))) prefix = p
    }
    return this.setAttribute(`${prefix}:operation`, op, { namespace: NETCONF_BASE_NS })
  }
  /** The NETCONF operation set on this node, if any. @example node.operation() // 'delete' */
  operation(): NetconfOperation | undefined {
    const a = this.#operationAttribute()
    return a === undefined ? undefined : (this.#attributes.get(a) as NetconfOperation)
  }
  /** Removes the NETCONF operation attribute; true when there was one. @example node.removeOperation() */
  removeOperation(): boolean {
    const a = this.#operationAttribute()
    return a !== undefined && this.removeAttribute(a)
  }
  #operationAttribute(): string | undefined {
    for (const [a, ns] of this.#attrNs) if (ns === NETCONF_BASE_NS && a.endsWith(':operation')) return a
    return undefined
  }

  /**
   * Renames the element. An unprefixed name keeps the namespace and prefix; `prefix:name` or a
   * `namespace` moves it to another namespace.
   * @example node.rename('ssh-user')
   */
  rename(name: string, opts: { namespace?: string } = {}): this {
    const q = splitQName(name, 'element name')
    const prefix = q.prefix ?? (opts.namespace === undefined ? this.#prefix : undefined)
    const namespace = opts.namespace ?? (q.prefix !== undefined ? this.lookupNamespace(q.prefix) : this.#namespace)
    if (prefix !== undefined && namespace === undefined) throw new InputError(`rename to ${name}: prefix "${prefix}" is not declared`)
    if (this.lookupNamespace(prefix ?? '') !== namespace) this.#declared.set(prefix ?? '', namespace ?? '')
    if (q.local !== this.#local || prefix !== this.#prefix || namespace !== this.#namespace) this.#flags |= FLAG.renamed
    this.#local = q.local
    this.#prefix = prefix
    this.#namespace = namespace
    return this
  }

  /** Whether this node or a descendant changed since parse or {@link markClean}. @example if (device.modified) send(device) */
  get modified(): boolean {
    return this.#flags !== 0 || this.#removed !== undefined || this.#children.some((c) => c.modified)
  }
  /** Forgets every change in this subtree. @example tree.markClean() */
  markClean(): this {
    this.#flags = 0
    this.#removed = undefined
    for (const c of this.#children) c.markClean()
    return this
  }
  /**
   * What changed below this node, in document order: a created node is listed once (its
   * descendants are new with it), deletions are listed under their former parent.
   * @example tree.changes().map((c) => `${c.kind} ${c.path}`) // ['text interfaces/interface[2]/mtu']
   */
  changes(): ConfigChange[] {
    const out: ConfigChange[] = []
    const visit = (n: ConfigNode, path: string): void => {
      if (n.#flags & CREATED) return void out.push({ path, kind: 'created', node: n })
      for (const kind of ['renamed', 'text', 'attributes'] as const) if (n.#flags & FLAG[kind]) out.push({ path, kind, node: n })
      const prefix = path === '' ? '' : `${path}/`
      for (const r of n.#removed ?? []) out.push({ path: prefix + r.qualifiedName, kind: 'deleted', node: r })
      for (const c of n.#children) visit(c, prefix + n.#step(c))
    }
    visit(this, '')
    return out
  }
  #step(c: ConfigNode): string {
    const same = this.#children.filter((s) => s.qualifiedName === c.qualifiedName)
    return same.length > 1 ? `${c.qualifiedName}[${same.indexOf(c) + 1}]` : c.qualifiedName
  }

  /**
   * Serializes the subtree; a non-root node carries the declarations it inherits.
   * @example tree.toXml({ pretty: true, declaration: true })
   */
  toXml(opts: ToXmlOptions = {}): string {
    const ancestors: ConfigNode[] = []
    for (let a = this.#parent; a; a = a.#parent) ancestors.unshift(a)
    const inherited = new Map<string, string>() // outermost first, inner declarations win
    for (const a of ancestors) for (const [p, u] of a.#declared) inherited.set(p, u)
    return serializeNode(this, inherited, opts)
  }
  /** Structural equality: names, prefixes, namespaces, attributes, text and children in order. @example ConfigTree.parse(t.toXml()).equals(t) // true */
  equals(other: ConfigNode): boolean {
    if (this.qualifiedName !== other.qualifiedName || this.#namespace !== other.#namespace || this.#text !== other.#text) return false
    if (this.#attributes.size !== other.#attributes.size || this.#children.length !== other.#children.length) return false
    for (const [k, v] of this.#attributes) if (other.#attributes.get(k) !== v || this.#attrNs.get(k) !== other.#attrNs.get(k)) return false
    return this.#children.every((c, i) => other.#children[i] !== undefined && c.equals(other.#children[i]))
  }
  static {
    // Inside the class for the private fields; mirrors fill()/build() over the public API, see fillParsed.
    const fill = (node: ConfigNode, el: ParsedElement): void => {
      for (const [p, u] of el.declarations) if (p !== 'xml' && (p !== (node.#prefix ?? '') || u !== (node.#namespace ?? ''))) node.#declared.set(p, u)
      for (const a of el.attributes) {
        if (a.namespace !== undefined) {
          const prefix = a.name.slice(0, a.name.indexOf(':'))
          if (node.lookupNamespace(prefix) !== a.namespace) node.declareNamespace(prefix, a.namespace)
          node.#attrNs.set(a.name, a.namespace)
        }
        node.#attributes.set(a.name, a.value)
      }
      node.#text = el.text
      for (const c of el.children) {
        const child = new ConfigNode(c.local, RAW)
        const ns = c.prefix === 'xml' ? XML_NS : c.namespace
        child.#prefix = c.prefix
        child.#namespace = ns
        // What create() leaves: a declaration only where the parent's scope differs ('' undeclares the default).
        if (node.lookupNamespace(c.prefix ?? '') !== ns) {
          if (ns === undefined) child.#declared.set('', '')
          else if (c.prefix !== 'xml') child.#declared.set(c.prefix ?? '', ns)
        }
        child.#parent = node
        node.#children.push(child)
        fill(child, c)
      }
    }
    fillParsed = fill
  }
}
