// src/netconf/known-hosts.ts — OpenSSH known_hosts matching and SHA256 host-key fingerprints, for SSH host-key verification.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * OpenSSH's SHA256 fingerprint of a public key blob (`ssh-keygen -lf` prints the same):
 * `SHA256:` + unpadded base64 of the blob's SHA-256.
 * @example sha256Fingerprint(keyBlob) // 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'
 */
export function sha256Fingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/**
 * Normalises a fingerprint the way people write it: with or without `SHA256:`, with or without
 * base64 padding.
 * @example normaliseFingerprint('nThbg6kX…SY8=') // 'SHA256:nThbg6kX…SY8'
 */
export function normaliseFingerprint(text: string): string {
  const bare = text.trim().replace(/^SHA256:/i, '').replace(/=+$/, '')
  return `SHA256:${bare}`
}

/** What a known_hosts file says about a host's key. */
export type KnownHostVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked'

/**
 * Looks `host`:`port` up in the text of an OpenSSH known_hosts file and compares `keyBlob`:
 * `match` when a line for the host carries this key, `revoked` when an `@revoked` line lists
 * it (wherever that line stands), `mismatch` when the host is listed with other keys only, `unknown` when it is not listed.
 * Understands plain and hashed (`|1|salt|hash`) names, `[host]:port` for ports other than 22,
 * `*`/`?` wildcards and `!` negation; `@cert-authority` lines are skipped (strato does not
 * verify host certificates).
 * @example checkKnownHosts(readFileSync('~/.ssh/known_hosts', 'utf8'), '10.0.0.1', 830, key) // 'match'
 */
export function checkKnownHosts(text: string, host: string, port: number, keyBlob: Uint8Array): KnownHostVerdict {
  // ssh lowercases the name before hashing it into a |1| entry; plain names compare case-insensitively anyway.
  const lookup = (port === 22 ? host : `[${host}]:${port}`).toLowerCase()
  const key = Buffer.from(keyBlob).toString('base64')
  let listed = false
  let matched = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const fields = line.split(/\s+/)
    let marker: string | undefined
    if (fields[0]?.startsWith('@')) marker = fields.shift()
    const [names, , blob] = fields
    if (names === undefined || blob === undefined || marker === '@cert-authority') continue
    if (!namesMatch(names, lookup)) continue
    const same = sameKey(blob, key)
    if (marker === '@revoked') {
      if (same) return 'revoked'
      continue
    }
    listed = true
    // Not returned yet: an @revoked line further down still wins (as in OpenSSH).
    if (same) matched = true
  }
  return matched ? 'match' : listed ? 'mismatch' : 'unknown'
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64')
  const y = Buffer.from(b, 'base64')
  return x.length === y.length && timingSafeEqual(x, y)
}

function namesMatch(names: string, lookup: string): boolean {
  if (names.startsWith('|1|')) return hashedMatch(names, lookup)
  let matched = false
  for (const pattern of names.split(',')) {
    const negated = pattern.startsWith('!')
    if (!globMatch(negated ? pattern.slice(1) : pattern, lookup)) continue
    if (negated) return false // a negated match wins over any positive one (sshd(8))
    matched = true
  }
  return matched
}

function hashedMatch(entry: string, lookup: string): boolean {
  const [, , salt, hash] = entry.split('|')
  if (!salt || !hash) return false
  const mine = createHmac('sha1', Buffer.from(salt, 'base64')).update(lookup).digest()
  const theirs = Buffer.from(hash, 'base64')
  return mine.length === theirs.length && timingSafeEqual(mine, theirs)
}

function globMatch(pattern: string, text: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === text.toLowerCase()
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${re}$`, 'i').test(text)
}
