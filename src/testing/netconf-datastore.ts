// src/testing/netconf-datastore.ts — the fake NETCONF device's datastores (running, candidate, startup) and their locks.
import { ConfigTree, NETCONF_BASE_NS, type ConfigNode } from '../netconf/config-tree.js'

/** The datastores of the fake device (RFC 6241 §5.1, :candidate, :startup). */
export type DatastoreName = 'running' | 'candidate' | 'startup'

/** Every datastore name. @example DATASTORES.includes('candidate') // true */
export const DATASTORES: readonly DatastoreName[] = ['running', 'candidate', 'startup']

/**
 * A detached deep copy of a tree's content under a fresh `<config>` root (so a copy is always a
 * real ConfigTree, whatever the source's root was called).
 * @example const snapshot = cloneTree(device.running)
 */
export function cloneTree(source: ConfigNode): ConfigTree {
  const copy = new ConfigTree('config', { namespace: NETCONF_BASE_NS })
  for (const c of source.children()) copy.append(c.clone())
  return copy.markClean()
}

/**
 * The three configuration datastores and who holds their locks. Trees are replaced, never edited
 * in place, so a reply built from one can never see half an edit.
 * @example const store = new FakeDatastores(ConfigTree.parse(xml)); store.set('candidate', edited)
 */
export class FakeDatastores {
  readonly #trees = new Map<DatastoreName, ConfigTree>()
  /** Lock holders by datastore (session ids). */
  readonly locks = new Map<DatastoreName, number>()
  /** The candidate differs from running (edited, not committed or discarded): it cannot be locked then. */
  candidateDirty = false

  constructor(running: ConfigTree, startup: ConfigTree = running) {
    this.#trees.set('running', cloneTree(running))
    this.#trees.set('candidate', cloneTree(running))
    this.#trees.set('startup', cloneTree(startup))
  }

  /** A datastore's current tree (do not edit it; {@link FakeDatastores.set} a new one). @example store.get('running').find('system/hostname')?.text */
  get(name: DatastoreName): ConfigTree {
    return this.#trees.get(name) as ConfigTree
  }

  /** Replaces a datastore's content (a copy of `tree` is stored). @example store.set('running', store.get('candidate')) */
  set(name: DatastoreName, tree: ConfigNode): void {
    this.#trees.set(name, cloneTree(tree))
    if (name === 'candidate') this.candidateDirty = !this.get('candidate').equals(this.get('running'))
  }

  /** The candidate becomes a copy of running again (discard-changes). @example store.discard() */
  discard(): void {
    this.set('candidate', this.get('running'))
    this.candidateDirty = false
  }

  /** The session holding a datastore's lock, if any. @example store.holder('running') // 3 */
  holder(name: DatastoreName): number | undefined {
    return this.locks.get(name)
  }

  /** Releases every lock a session holds; returns the datastores it held. @example store.releaseAll(4) // ['candidate'] */
  releaseAll(sessionId: number): DatastoreName[] {
    const held = [...this.locks].filter(([, s]) => s === sessionId).map(([d]) => d)
    for (const d of held) this.locks.delete(d)
    return held
  }
}
