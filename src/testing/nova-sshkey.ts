// src/testing/nova-sshkey.ts — SSH keys as Nova handles them: generation (RSA 2048), OpenSSH encoding, MD5 fingerprints.
import { X509Certificate, createHash, createPublicKey, generateKeyPairSync } from 'node:crypto'

const SSH_TYPES = ['ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']

/** An SSH wire `string` (uint32 length + bytes). */
function sshString(data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  return Buffer.concat([len, data])
}

/** An SSH `mpint` from unsigned big-endian bytes (a leading zero when the high bit is set). */
function mpint(bytes: Buffer): Buffer {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  const trimmed = bytes.subarray(i)
  return sshString(trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

/**
 * A new RSA 2048 keypair as Nova generates one: the OpenSSH public key (`ssh-rsa AAAA… Generated-by-Nova`)
 * and the private key as traditional PEM (`-----BEGIN RSA PRIVATE KEY-----`).
 * @example const { publicKey, privateKey } = generateSshKeypair()
 */
export function generateSshKeypair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  })
  const jwk = createPublicKey(publicKey).export({ format: 'jwk' })
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))])
  return { publicKey: `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`, privateKey }
}

/**
 * The MD5 fingerprint Nova shows for an OpenSSH public key (`aa:bb:…`), or undefined when the key
 * does not parse (Nova's "Keypair data is invalid: failed to generate fingerprint").
 * @example sshFingerprint('ssh-ed25519 AAAAC3Nza… me@host')
 */
export function sshFingerprint(publicKey: string): string | undefined {
  const m = /^(\S+)\s+([A-Za-z0-9+/]+={0,2})(\s.*)?$/.exec(publicKey.trim())
  if (!m || !SSH_TYPES.includes(m[1]!)) return undefined
  const blob = Buffer.from(m[2]!, 'base64')
  if (blob.length < 4) return undefined
  const len = blob.readUInt32BE(0)
  if (blob.subarray(4, 4 + len).toString() !== m[1] || blob.length <= 4 + len) return undefined
  return colons(createHash('md5').update(blob).digest('hex'))
}

/**
 * The SHA-1 fingerprint Nova shows for an x509 keypair (a PEM certificate), or undefined.
 * @example x509Fingerprint(pem)
 */
export function x509Fingerprint(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase()
  } catch {
    return undefined
  }
}

const colons = (hex: string): string => hex.match(/../g)!.join(':')
