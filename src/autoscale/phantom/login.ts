// src/autoscale/phantom/login.ts — POST /token (django-tokenapi): a username and password become a user id and a token.
import { Client } from '../../core/client.js'
import { pathOf, type ErrorResponseInfo } from '../../core/error-response.js'
import {
  BadRequestError,
  ForbiddenError,
  InputError,
  ResponseError,
  UnauthorizedError,
  errorClassForStatus,
  errorInit,
  isClientError,
  type ClientError,
} from '../../core/errors.js'
import type { ClientOptions } from '../../core/options.js'
import { REDACTED } from '../../core/redact.js'
import type { PhantomConnectOptions } from './client.js'
import { phantomErrorFromResponse } from './errors.js'

/** What a successful login yields: the numeric user pk (as text) and a token valid for some days (7 by default). @example const { userId, token } = await phantomLogin(url, 'alice', password) */
export interface PhantomToken {
  userId: string
  token: string
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

// A client for this one request, so that the password is scrubbed from anything it reports
// (errors, the `error` event, log lines), whatever its length.
class LoginClient extends Client {
  readonly #variants: string[]

  constructor(options: ClientOptions, password: string) {
    super(options)
    const forms = [password, encodeURIComponent(password), new URLSearchParams({ p: password }).toString().slice(2), JSON.stringify(password).slice(1, -1)]
    this.#variants = [...new Set(forms)].filter((v) => v !== '').sort((a, b) => b.length - a.length)
  }

  override redact(text: string): string {
    let out = super.redact(text)
    for (const v of this.#variants) out = out.replaceAll(v, REDACTED)
    return out
  }

  protected override errorFromResponse(info: ErrorResponseInfo): ClientError {
    return phantomErrorFromResponse(info)
  }
}

/**
 * Asks Phantom for a token: `POST {url}/token` with the form fields `username` and `password`.
 * django-tokenapi answers `{"success": true, "token": "…", "user": <pk>}`; a refusal (`success:
 * false` with 200 as tokenapi 0.2.0 sends it, 401 in later versions, 403 for a disabled account)
 * rejects with UnauthorizedError or ForbiddenError naming the user, never the password.
 * @example const { userId, token } = await phantomLogin('http://phantom:8080/api/dev', 'alice', process.env.PHANTOM_PASSWORD!)
 */
export async function phantomLogin(url: string | URL, username: string, password: string, opts: PhantomConnectOptions = {}): Promise<PhantomToken> {
  if (typeof username !== 'string' || username === '') throw new InputError('PhantomClient.login: username must be a non-empty string')
  if (typeof password !== 'string' || password === '') throw new InputError('PhantomClient.login: password must be a non-empty string')
  const { session: _session, serviceType: _type, token: _token, tokenHeader: _header, sign: _sign, endpoint: _endpoint, ...rest } = opts as PhantomConnectOptions & Partial<ClientOptions>
  const client = new LoginClient({ ...rest, endpoint: url }, password)
  const who = `Phantom login of user ${JSON.stringify(username)}`
  try {
    const res = await client.post('/token', {
      body: new URLSearchParams({ username, password }).toString(),
      headers: { 'content-type': FORM, accept: 'application/json' },
      auth: false,
      expect: [200],
    })
    const text = await res.text()
    const call = { status: res.status, method: 'POST', url: res.url }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new ResponseError(`${who}: POST ${pathOf(res.url)} did not answer JSON; is the URL Phantom's REST base (…/api/dev)?`, {
        ...call,
        details: [client.redact(text.slice(0, 2000))],
      })
    }
    const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    if (answer.success !== true) {
      const reason = typeof answer.errors === 'string' && answer.errors.trim() ? answer.errors.trim() : 'no reason given'
      const Class = /disabled/i.test(reason) ? ForbiddenError : /^Must /i.test(reason) ? BadRequestError : UnauthorizedError
      throw new Class(client.redact(`${who} failed: ${reason}`), call)
    }
    const user = answer.user
    const userId = typeof user === 'number' && Number.isSafeInteger(user) ? String(user) : typeof user === 'string' && /^\d+$/.test(user) ? user : undefined
    // No body in the error: it holds the token.
    if (typeof answer.token !== 'string' || answer.token === '' || userId === undefined) {
      throw new ResponseError(`${who}: the answer lacks a token or a numeric user id`, call)
    }
    return { userId, token: answer.token }
  } catch (e) {
    throw refused(e, who)
  } finally {
    await client.close()
  }
}

// An HTTP refusal gets the user's name in front; anything else (network, timeout, abort) passes as it is.
function refused(e: unknown, who: string): unknown {
  if (!isClientError(e) || e.status < 400 || e.message.startsWith(who)) return e
  const Class = e instanceof UnauthorizedError ? UnauthorizedError : errorClassForStatus(e.status)
  // The generic hint about a refused token does not apply to a login.
  const what = e.code === 'AuthorizationRequired' ? `${e.status} Authorization Required: ${e.method ?? 'POST'} ${pathOf(e.url ?? '')}` : e.message
  return new Class(`${who} failed: ${what}`, { ...errorInit(e), cause: e })
}
