// src/testing/phantom-auth.ts — Phantom REST auth: django-tokenapi's POST /token and token check, then HTTP Basic `<user pk>:<token>` (or ?user=&token=) on every call.
import type { PhantomState } from './phantom-store.js'
import type { PhantomUser } from './phantom-types.js'
import { pyJson } from './phantom-http.js'

/** django-tokenapi's JsonResponse: `success` added, `application/json`. */
function tokenJson(data: Record<string, unknown>, status = 200): Response {
  const body = 'errors' in data ? data : { ...data, success: true }
  return new Response(pyJson(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const tokenError = (errors: string, status = 200): Response => tokenJson({ success: false, errors }, status)

/**
 * POST /token (form fields `username`, `password`): `{"token", "user": <pk>, "success": true}`; wrong
 * credentials → 401 `{"success": false, "errors": …}`; missing fields or another method → 200 with
 * `success: false`, as django-tokenapi answers.
 * @example // POST /api/dev/token  username=demo&password=demo-secret
 */
export async function newToken(state: PhantomState, request: Request): Promise<Response> {
  if (request.method !== 'POST') return tokenError('Must access via a POST request.')
  const type = request.headers.get('content-type') ?? ''
  const form = type.includes('multipart/form-data') ? await request.formData() : new URLSearchParams(await request.text())
  const username = form.get('username')
  const password = form.get('password')
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) return tokenError("Must include 'username' and 'password' as POST parameters.")
  const user = state.login(username, password)
  if (!user) return tokenError('Unable to log you in, please try again.', 401)
  return tokenJson({ token: state.token(user), user: user.pk })
}

/**
 * GET /token/{token}/{user}.json: `{"success": true}` when the token is the user's and current.
 * @example // GET /api/dev/token/abc-0123…/1.json
 */
export function checkToken(state: PhantomState, token: string, pk: string): Response {
  const user = state.users.get(Number(pk))
  if (!user) return tokenError('User does not exist.')
  return state.checkToken(user, token) ? tokenJson({}) : tokenError('Token did not match user.')
}

/**
 * The user a request authenticates as (HTTP Basic `<pk>:<token>`, else `?user=&token=`), or the
 * 403 "Authorization Required" PhantomWebApp answers.
 * @example const user = authenticate(state, request, url); if (user instanceof Response) return user
 */
export function authenticate(state: PhantomState, request: Request, url: URL): PhantomUser | Response {
  let pk: string | null = null
  let token: string | null = null
  const header = request.headers.get('authorization')
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) [pk, token] = [decoded.slice(0, colon), decoded.slice(colon + 1)]
  }
  if (!pk || !token) [pk, token] = [url.searchParams.get('user'), url.searchParams.get('token')]
  const user = pk && token ? state.users.get(Number(pk)) : undefined
  if (user && token && state.checkToken(user, token)) return user
  return new Response('Authorization Required', { status: 403, headers: { 'Content-Type': 'text/html; charset=utf-8' } })
}
