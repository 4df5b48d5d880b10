// src/testing/pithos-access.ts — who may read and write what in the fake Pithos: owners, X-Object-Sharing, groups, inheritance.
import type { TokenRecord } from './keystone-state.js'
import type { PithosContainer, PithosStore } from './pithos-store.js'

/**
 * An object's permissions (`X-Object-Sharing: read=a,b; write=c`): user ids, project ids,
 * `<account>:<group>` names, or `*` for every authenticated user.
 * @example { read: ['*'], write: ['bob-user-id'] }
 */
export interface PithosSharing {
  read: string[]
  write: string[]
}

/**
 * The caller of a request, as the fake Pithos sees a Keystone token: its account is the token's
 * project id (the catalog endpoint is `/pithos/v1/<project id>`), and sharing entries may name
 * the user id or the project id.
 * @example const caller = pithosCaller(token); caller.account // 'demo-project-id'
 */
export interface PithosCaller {
  userId: string
  /** The account the caller owns; none for an unscoped token. */
  account: string | undefined
  /** Names sharing entries can match, lower-cased as Synnefo stores them. */
  principals: string[]
}

/** What a caller may do with an object; `owner` may do everything. @example objectAccess(store, caller, acct, c, 'a.txt') === 'read' */
export type PithosAccess = 'owner' | 'write' | 'read' | 'none'

/** The caller a Keystone token stands for. @example pithosCaller(keystone.valid(id)!) */
export function pithosCaller(token: TokenRecord): PithosCaller {
  const principals = [token.userId, ...(token.projectId ? [token.projectId] : [])].map((p) => p.toLowerCase())
  return { userId: token.userId, account: token.projectId, principals }
}

/**
 * Parses an `X-Object-Sharing` value as Synnefo does: spaces dropped, names lower-cased and
 * de-duplicated, `*` absorbing the rest. An empty value means "no sharing". Undefined when the
 * value is malformed (Synnefo's 400).
 * @example parsePithosSharing('read=Bob,*;write=carol') // { read: ['*'], write: ['carol'] }
 */
export function parsePithosSharing(value: string): PithosSharing | undefined {
  const out: PithosSharing = { read: [], write: [] }
  const text = value.replace(/[\s~]/g, '')
  if (text === '') return out
  for (const part of text.split(';')) {
    const m = /^(read|write)=(.*)$/.exec(part)
    if (!m) return undefined
    const names = [...new Set(m[2]!.split(',').map((n) => n.toLowerCase()).filter(Boolean))]
    if (names.length === 0) return undefined
    out[m[1] as 'read' | 'write'] = names.includes('*') ? ['*'] : names
  }
  return out
}

/** Formats permissions the way Synnefo's HEAD shows them. @example formatPithosSharing({ read: ['a'], write: [] }) // 'read=a' */
export function formatPithosSharing(s: PithosSharing): string {
  return [s.read.length ? `read=${s.read.join(',')}` : '', s.write.length ? `write=${s.write.join(',')}` : ''].filter(Boolean).join('; ')
}

/** Whether a sharing list grants a caller: by name, by `*`, or through an account group. */
function grants(store: PithosStore, names: readonly string[], caller: PithosCaller): boolean {
  return names.some((name) => {
    if (name === '*' || caller.principals.includes(name)) return true
    const colon = name.indexOf(':')
    if (colon < 0) return false
    // Group names are case-sensitive keys, accounts are not: find the account case-insensitively.
    const owner = [...store.accounts.values()].find((a) => a.name.toLowerCase() === name.slice(0, colon))
    const members = owner ? Object.entries(owner.groups).find(([g]) => g.toLowerCase() === name.slice(colon + 1))?.[1] : undefined
    return (members ?? []).some((m) => caller.principals.includes(m.toLowerCase()))
  })
}

const DIRECTORY_TYPES = new Set(['application/directory', 'application/folder'])

/**
 * The permissions that apply to a path: its own, else those of the nearest enclosing directory
 * object (content type application/directory or application/folder) that has some, as
 * Synnefo's directory-based inheritance works. `from` is the path that carries them.
 * @example effectiveSharing(store, container, 'docs/a.txt')?.from // 'docs' when the docs/ directory is shared
 */
export function effectiveSharing(store: PithosStore, container: PithosContainer, name: string): { sharing: PithosSharing; from: string } | undefined {
  const own = container.objects.get(name)
  if (own?.sharing && store.current(own)) return { sharing: own.sharing, from: name }
  for (let at = name.lastIndexOf('/'); at > 0; at = name.lastIndexOf('/', at - 1)) {
    const dir = name.slice(0, at)
    const obj = container.objects.get(dir)
    const v = store.current(obj)
    if (obj?.sharing && v && DIRECTORY_TYPES.has(v.contentType.split(';')[0]!.trim())) return { sharing: obj.sharing, from: dir }
  }
  return undefined
}

/**
 * What the caller may do with an object path (existing or not: write access to a shared
 * directory lets others create objects in it). Public objects are readable by every
 * authenticated user, as in Synnefo.
 * @example objectAccess(store, caller, 'demo-project-id', container, 'a.txt') // 'read'
 */
export function objectAccess(store: PithosStore, caller: PithosCaller, account: string, container: PithosContainer, name: string): PithosAccess {
  if (caller.account === account) return 'owner'
  const found = effectiveSharing(store, container, name)
  if (found && grants(store, found.sharing.write, caller)) return 'write'
  if (found && grants(store, found.sharing.read, caller)) return 'read'
  if (container.objects.get(name)?.publicId) return 'read'
  return 'none'
}

/** Whether the caller may read the object without owning it because it is shared with them (public does not count). */
function sharedWith(store: PithosStore, caller: PithosCaller, container: PithosContainer, name: string): boolean {
  const found = effectiveSharing(store, container, name)
  return found !== undefined && (grants(store, found.sharing.read, caller) || grants(store, found.sharing.write, caller))
}

/**
 * The live objects of someone else's container the caller may see in a listing: shared ones
 * only (public objects do not show in cross-user listings).
 * @example visibleNames(store, caller, container)
 */
export function visibleNames(store: PithosStore, caller: PithosCaller, container: PithosContainer): Set<string> {
  return new Set(store.live(container).filter(([name]) => sharedWith(store, caller, container, name)).map(([name]) => name))
}

/** Whether an object is shared at all, by itself or through a directory (the `shared` listing filter). @example isShared(store, container, 'docs/a.txt') */
export function isShared(store: PithosStore, container: PithosContainer, name: string): boolean {
  const found = effectiveSharing(store, container, name)
  return found !== undefined && (found.sharing.read.length > 0 || found.sharing.write.length > 0)
}

/** The containers of `account` holding something shared with the caller. @example sharedContainers(store, caller, 'demo-project-id') */
export function sharedContainers(store: PithosStore, caller: PithosCaller, account: string): PithosContainer[] {
  const owner = store.accounts.get(account)
  if (!owner) return []
  return [...owner.containers.values()].filter((c) => visibleNames(store, caller, c).size > 0)
}

/** The other accounts sharing something with the caller (the top-level GET). @example sharingAccounts(store, caller) */
export function sharingAccounts(store: PithosStore, caller: PithosCaller): string[] {
  return [...store.accounts.keys()].filter((a) => a !== caller.account && sharedContainers(store, caller, a).length > 0).sort()
}
