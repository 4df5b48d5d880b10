// src/testing/clixon-datastore.ts — the fake Clixon controller's datastore work: NETCONF merge without YANG, and XPath-ish selection.
import { InputError } from '../core/errors.js'
import { ConfigTree, type ConfigNode } from '../netconf/config-tree.js'

/**
 * Leaf names that make an element a list entry (matched by that leaf's text) rather than a
 * container (matched by name alone). Without YANG the fake has to guess; these cover the
 * controller's own lists (`device/name`, `transaction/tid`) and the usual service lists.
 */
export const DEFAULT_LIST_KEYS: readonly string[] = ['name', 'instance', 'tid', 'id', 'key']

function isLeaf(n: ConfigNode): boolean {
  return n.children().length === 0
}

function keyOf(n: ConfigNode, keys: readonly string[]): ConfigNode | undefined {
  if (isLeaf(n)) return undefined
  return n.children().find((c) => isLeaf(c) && keys.includes(c.name))
}

function sameName(a: ConfigNode, b: ConfigNode): boolean {
  return a.name === b.name && a.namespace === b.namespace
}

/** The child of `parent` that `source` (an element of an edit) addresses, if any. */
function counterpart(parent: ConfigNode, source: ConfigNode, keys: readonly string[]): ConfigNode | undefined {
  const candidates = parent.children().filter((c) => sameName(c, source))
  const key = keyOf(source, keys)
  if (key) return candidates.find((c) => c.children().some((k) => sameName(k, key) && k.text === key.text))
  // A leaf with that exact text is a leaf-list member; otherwise the first one is the leaf.
  if (isLeaf(source)) return candidates.find((c) => c.text === source.text) ?? candidates[0]
  return candidates[0]
}

function withoutOperations(node: ConfigNode): ConfigNode {
  for (const n of node.walk()) n.removeOperation()
  return node
}

function copyAttributes(to: ConfigNode, from: ConfigNode): void {
  for (const [name, value] of from.attributes) {
    const ns = from.attributeNamespace(name)
    if (name.endsWith(':operation') && ns === 'urn:ietf:params:xml:ns:netconf:base:1.0') continue
    to.setAttribute(name, value, ns === undefined ? {} : { namespace: ns })
  }
}

/**
 * Merges the children of `source` into `target` (RFC 6241 merge), honouring `operation`
 * attributes `replace`, `create`, `delete` and `remove`. List entries are matched by a key leaf
 * from `keys` ({@link DEFAULT_LIST_KEYS}), other elements by name.
 * @example mergeConfig(actions, ConfigTree.parse(editXml, { wrap: 'always' }))
 */
export function mergeConfig(target: ConfigNode, source: ConfigNode, keys: readonly string[] = DEFAULT_LIST_KEYS): void {
  for (const s of source.children()) {
    const op = s.operation() ?? 'merge'
    const t = counterpart(target, s, keys)
    if (op === 'delete' || op === 'remove') {
      t?.delete()
    } else if (!t || op === 'replace' || op === 'create') {
      const copy = withoutOperations(s.clone())
      if (t) t.replace(copy)
      else target.append(copy)
    } else {
      copyAttributes(t, s)
      if (isLeaf(s)) {
        if (s.text !== t.text) t.setText(s.text)
      } else {
        mergeConfig(t, s, keys)
      }
    }
  }
}

/** An XPath select reduced to a ConfigNode path: prefixes dropped (`/co:a/co:b[co:k='1']` → `/a/b[k='1']`). */
export function xpathToPath(xpath: string): string {
  return xpath.trim().replace(/(^|[/[\s(])[A-Za-z_][\w.-]*:(?=[A-Za-z_*])/g, '$1')
}

/**
 * The part of `root` an XPath `select` reaches, as the inner XML of a `<data>` reply: `/` (or
 * empty) is everything; a path like `/services/ssh-users[instance='a']` gives the matches with
 * their ancestors (list entries keep their key leaf). Paths beyond ConfigNode.findAll's syntax
 * are an InputError.
 * @example selectXml(actions, "/co:devices/co:device[co:name='r1']")
 */
export function selectXml(root: ConfigNode, xpath: string, keys: readonly string[] = DEFAULT_LIST_KEYS): string {
  const path = xpathToPath(xpath)
  if (path === '' || path === '/') return root.children().map((c) => c.toXml()).join('')
  let matches: ConfigNode[]
  try {
    matches = root.findAll(path)
  } catch (e) {
    throw new InputError(`the fake controller cannot evaluate the XPath ${JSON.stringify(xpath)}`, { cause: e })
  }
  const out = new ConfigTree()
  for (const match of matches) {
    const chain: ConfigNode[] = []
    for (let n: ConfigNode | undefined = match.parent; n && n !== root; n = n.parent) chain.unshift(n)
    let at: ConfigNode = out
    for (const n of chain) {
      const key = keyOf(n, keys)
      let copy = at.children().find((c) => sameName(c, n) && (!key || c.children().some((k) => sameName(k, key) && k.text === key.text)))
      if (!copy) {
        copy = n.clone()
        for (const c of copy.children()) if (!(key && sameName(c, key) && c.text === key.text)) c.delete()
        at.append(copy)
      }
      at = copy
    }
    at.append(match.clone())
  }
  return out.children().map((c) => c.toXml()).join('')
}
