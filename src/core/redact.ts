// src/core/redact.ts — the one place that decides what a secret looks like, for logs, events and errors.

/** What stands in for a removed secret. */
export const REDACTED = '***'

// Header names whose values are credentials in the protocols strato speaks.
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-auth-token',
  'x-subject-token',
  'x-storage-token',
  'x-auth-key',
  'x-storage-pass',
  'x-service-token',
  'x-amz-security-token',
  'x-amz-content-sha256-secret',
  'x-account-meta-temp-url-key',
  'x-account-meta-temp-url-key-2',
  'x-container-meta-temp-url-key',
  'x-container-meta-temp-url-key-2',
  'cookie',
  'set-cookie',
])

// Query parameters that carry signatures or credentials (Swift temp URLs, AWS SigV2/SigV4 presigning).
const SECRET_QUERY = new Set([
  'temp_url_sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-credential',
  'password',
  'token',
  'secret',
  'access_token',
])

// JSON keys whose values are secrets; `key_name` or `keypair` are not, so match whole names.
const SECRET_JSON_KEY =
  /^(password|passwd|new_password|original_password|adminpass|secret|client_secret|secret_key|secretaccesskey|aws_secret_access_key|token|id_token|access_token|refresh_token|session_token|sessiontoken|key|private_key|privatekey|passphrase|authentication)$/i

/**
 * True when a header of this name carries a credential.
 * @example isSecretHeader('X-Auth-Token') // true
 */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase())
}

/**
 * A plain object of the headers with every credential replaced by `***`.
 * @example redactHeaders({ 'X-Auth-Token': 'gAAAA…' }) // { 'x-auth-token': '***' }
 */
export function redactHeaders(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers) return out
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers)
  for (const [name, value] of entries) {
    const lower = name.toLowerCase()
    out[lower] = SECRET_HEADERS.has(lower) ? REDACTED : value
  }
  return out
}

/**
 * The URL with signature and credential query parameters (and any userinfo) replaced by `***`.
 * Unparseable input comes back unchanged, since it cannot carry a query we understand.
 * @example redactUrl('https://s/v1/a/c/o?temp_url_sig=abc&temp_url_expires=1') // '…?temp_url_sig=***&temp_url_expires=1'
 */
export function redactUrl(url: string | URL): string {
  const text = String(url)
  // Hot path: no query and no userinfo means nothing to hide, and no parse is needed.
  if (!text.includes('?') && !text.includes('@')) return text
  let parsed: URL
  try {
    parsed = new URL(String(url))
  } catch {
    return String(url)
  }
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : ''
    parsed.password = parsed.password ? REDACTED : ''
  }
  if (parsed.search) {
    let touched = false
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY.has(name.toLowerCase())) {
        parsed.searchParams.set(name, REDACTED)
        touched = true
      }
    }
    // Rebuilding the query re-encodes it; only do so when something was hidden.
    if (!touched) return parsed.href
  }
  return parsed.href.replaceAll(encodeURIComponent(REDACTED), REDACTED)
}

/**
 * A deep copy of a JSON value with secret fields (`password`, `secret`, `token`, `key`, …) replaced.
 * @example redactJson({ auth: { identity: { password: { user: { password: 'p' } } } } })
 */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_JSON_KEY.test(k) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactJson(v, depth + 1)
  }
  return out
}

/**
 * Remembers secret values (tokens, passwords) so that any text can be scrubbed of them, even text
 * a server echoed back. One per client; values shorter than 6 characters are ignored because
 * scrubbing them would mangle ordinary words.
 * @example const r = new SecretScrubber(); r.add(token); log(r.scrub(message))
 */
export class SecretScrubber {
  readonly #secrets = new Set<string>()

  /** Adds a value to hide from now on. @example scrubber.add(password) */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.#secrets.add(secret)
  }

  /** The text with every remembered secret replaced by `***`. @example scrubber.scrub(e.message) */
  scrub(text: string): string {
    let out = text
    for (const s of this.#secrets) if (out.includes(s)) out = out.replaceAll(s, REDACTED)
    return out
  }
}
