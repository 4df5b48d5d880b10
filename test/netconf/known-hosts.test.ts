// test/netconf/known-hosts.test.ts — checkKnownHosts (plain, comma lists, [host]:port, hashed, wildcards, negation, markers) and sha256Fingerprint against ssh-keygen.
import { execFileSync } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkKnownHosts, normaliseFingerprint, sha256Fingerprint } from '../../src/netconf/known-hosts.js'

let dir: string
let keyA: Buffer
let keyB: Buffer
let lineA: string
let fingerprintA: string

function keygen(name: string): { blob: Buffer; pub: string; fingerprint: string } {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file])
  const pub = readFileSync(`${file}.pub`, 'utf8').trim()
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(/\s+/)[1] ?? ''
  return { blob: Buffer.from(pub.split(/\s+/)[1] ?? '', 'base64'), pub, fingerprint }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strato-kh-'))
  const a = keygen('a')
  keyA = a.blob
  lineA = a.pub.split(/\s+/).slice(0, 2).join(' ')
  fingerprintA = a.fingerprint
  keyB = keygen('b').blob
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const hashed = (name: string, salt = randomBytes(20)): string => `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`

describe('sha256Fingerprint', () => {
  it('matches what ssh-keygen -lf prints for a key it generated', () => {
    expect(fingerprintA).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect(sha256Fingerprint(keyA)).toBe(fingerprintA)
    expect(sha256Fingerprint(keyB)).not.toBe(fingerprintA)
  })

  it('normaliseFingerprint accepts it with or without SHA256: and padding', () => {
    const bare = fingerprintA.slice('SHA256:'.length)
    expect(normaliseFingerprint(bare)).toBe(fingerprintA)
    expect(normaliseFingerprint(` sha256:${bare}= `)).toBe(fingerprintA)
  })
})

describe('checkKnownHosts', () => {
  it('plain names and comma lists, case-insensitive; comments and blank lines skipped', () => {
    const text = `# a comment\n\nrouter1 ${lineA}\nr2,10.0.0.2,R3.example.com ${lineA} comment here\r\n`
    expect(checkKnownHosts(text, 'router1', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, '10.0.0.2', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'r3.EXAMPLE.com', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'router', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'r2', 22, keyB)).toBe('mismatch')
    expect(checkKnownHosts('', 'r2', 22, keyA)).toBe('unknown')
  })

  it('[host]:port for ports other than 22; a bare name only for port 22', () => {
    const text = `[r1]:830 ${lineA}\nr2 ${lineA}\n[r3]:22 ${lineA}`
    expect(checkKnownHosts(text, 'r1', 830, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'r1', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'r1', 831, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'r2', 830, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'r2', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'r1', 830, keyB)).toBe('mismatch')
  })

  it('hashed |1|salt|hash entries, of the name or of [name]:port', () => {
    const text = `${hashed('10.1.1.1')} ${lineA}\n${hashed('[10.1.1.1]:830')} ${lineA}\n|1|broken ${lineA}`
    expect(checkKnownHosts(text, '10.1.1.1', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, '10.1.1.1', 830, keyA)).toBe('match')
    expect(checkKnownHosts(text, '10.1.1.2', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, '10.1.1.1', 830, keyB)).toBe('mismatch')
    // ssh hashes the lowercased name, so a host given in capitals still matches.
    expect(checkKnownHosts(`${hashed('[router.example]:830')} ${lineA}`, 'Router.EXAMPLE', 830, keyA)).toBe('match')
  })

  it('a hashed entry written by ssh-keygen -H is found', () => {
    const file = join(dir, 'known_hosts')
    execFileSync('sh', ['-c', `printf '%s\\n' '[nc.example.net]:2830 ${lineA}' > '${file}' && ssh-keygen -q -H -f '${file}' >/dev/null 2>&1`])
    const text = readFileSync(file, 'utf8')
    expect(text.startsWith('|1|')).toBe(true)
    expect(checkKnownHosts(text, 'nc.example.net', 2830, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'nc.example.net', 22, keyA)).toBe('unknown')
  })

  it('* and ? wildcards; a negated pattern wins over positive ones', () => {
    const text = `*.lab.example,!bad.lab.example ${lineA}\nsw?? ${lineA}\n[10.0.*]:830 ${lineA}`
    expect(checkKnownHosts(text, 'r1.lab.example', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'bad.lab.example', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'lab.example', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'sw01', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'sw1', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, 'r1xlabxexample', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(text, '10.0.3.4', 830, keyA)).toBe('match')
    expect(checkKnownHosts(text, '10.0.3.4', 22, keyA)).toBe('unknown')
  })

  it('@revoked refuses the key wherever the line stands; @cert-authority lines are skipped', () => {
    expect(checkKnownHosts(`@revoked r1 ${lineA}\nr1 ${lineA}`, 'r1', 22, keyA)).toBe('revoked')
    expect(checkKnownHosts(`r1 ${lineA}\n@revoked r1 ${lineA}`, 'r1', 22, keyA)).toBe('revoked')
    expect(checkKnownHosts(`@revoked * ${lineA}`, 'r1', 22, keyA)).toBe('revoked')
    // A revoked other key does not list the host.
    expect(checkKnownHosts(`@revoked r1 ${lineA}`, 'r1', 22, keyB)).toBe('unknown')
    expect(checkKnownHosts(`@cert-authority *.lab ${lineA}`, 'r1.lab', 22, keyA)).toBe('unknown')
    expect(checkKnownHosts(`@cert-authority *.lab ${lineA}\nr1.lab ${lineA}`, 'r1.lab', 22, keyA)).toBe('match')
  })

  it('several keys for one host: any listed one matches, others are a mismatch', () => {
    const lineB = `ssh-ed25519 ${keyB.toString('base64')}`
    const text = `r1 ${lineA}\nr1 ${lineB}`
    expect(checkKnownHosts(text, 'r1', 22, keyA)).toBe('match')
    expect(checkKnownHosts(text, 'r1', 22, keyB)).toBe('match')
    expect(checkKnownHosts(`r1 ${lineB}`, 'r1', 22, keyA)).toBe('mismatch')
  })
})
