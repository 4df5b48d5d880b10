// src/eem/secrets.ts — pod manager passwords: scrubbed from every text, masked in returned records, stripped from error bodies.
import { ClientError, errorInit, type ClientErrorClass } from '../core/errors.js'
import { REDACTED, redactJson } from '../core/redact.js'
import type { PodManager } from './schemas.js'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Remembers pod manager passwords and removes them from text. Unlike the core scrubber it also
 * hides short ones (EEM installations often use `admin`): a password under 6 characters is
 * replaced only where it stands as a whole word, so `admin` goes but `administrator` stays.
 * @example const s = new PasswordScrubber(); s.add('admin'); s.scrub('user admin/admin') // 'user ***\/***'
 */
export class PasswordScrubber {
  readonly #long = new Set<string>()
  readonly #short = new Map<string, RegExp>()

  /** Hides `password` from now on. @example scrubber.add(auth.password) */
  add(password: string | undefined | null): void {
    if (typeof password !== 'string' || password === '' || password === REDACTED) return
    if (password.length >= 6) this.#long.add(password)
    else if (!this.#short.has(password)) this.#short.set(password, new RegExp(`(?<![A-Za-z0-9_])${escape(password)}(?![A-Za-z0-9_])`, 'g'))
  }

  /** The text without any remembered password. @example scrubber.scrub(error.message) */
  scrub(text: string): string {
    let out = text
    for (const s of this.#long) if (out.includes(s)) out = out.replaceAll(s, REDACTED)
    for (const [s, re] of this.#short) if (out.includes(s)) out = out.replace(re, REDACTED)
    return out
  }
}

/**
 * The passwords a pod manager record (or a create/update body) carries.
 * @example for (const p of passwordsOf(body)) scrubber.add(p)
 */
export function passwordsOf(record: { authentication?: unknown }): string[] {
  const auth = record.authentication
  if (!Array.isArray(auth)) return []
  const out: string[] = []
  for (const a of auth as unknown[]) {
    const items = typeof a === 'object' && a !== null ? (a as { auth_items?: unknown }).auth_items : undefined
    const pw = typeof items === 'object' && items !== null ? (items as { password?: unknown }).password : undefined
    if (typeof pw === 'string') out.push(pw)
  }
  return out
}

/**
 * A copy of the pod manager with every `auth_items.password` replaced by `'***'`.
 * @example maskPodManager(pm).authentication?.[0]?.auth_items?.password // '***'
 */
export function maskPodManager(pm: PodManager): PodManager {
  if (!Array.isArray(pm.authentication)) return pm
  return {
    ...pm,
    authentication: pm.authentication.map((a) =>
      a.auth_items && 'password' in a.auth_items ? { ...a, auth_items: { ...a.auth_items, password: REDACTED } } : a,
    ),
  }
}

/**
 * An error body with its secret JSON fields (`password`, `authentication`, …) masked before it
 * is parsed into a message; text that is not JSON comes back unchanged (the scrubber handles it).
 * @example redactBody('{"detail": "…", "authentication": [{"auth_items": {"password": "x"}}]}')
 */
export function redactBody(body: string): string {
  const text = body.trim()
  if (!text.startsWith('{') && !text.startsWith('[')) return body
  try {
    return JSON.stringify(redactJson(JSON.parse(text)))
  } catch {
    return body
  }
}

/**
 * The same error with `redact` applied to its message and details (a ResponseError from a
 * body that did not parse carries the raw text). Other values pass through.
 * @example throw scrubError(e, (t) => client.redact(t))
 */
export function scrubError(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof ClientError)) return error
  const message = redact(error.message)
  const details = error.details.map(redact)
  if (message === error.message && details.every((d, i) => d === error.details[i])) return error
  const Class = error.constructor as ClientErrorClass
  return new Class(message, {
    ...errorInit(error),
    details,
    // JSON.parse's SyntaxError quotes the body it choked on: not kept.
    ...(error.cause !== undefined && !(error.cause instanceof SyntaxError) ? { cause: error.cause } : {}),
  })
}
