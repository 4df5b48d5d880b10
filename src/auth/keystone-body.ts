// src/auth/keystone-body.ts — the JSON body of POST /v3/auth/tokens for each credential kind and scope.
import { InputError } from '../core/errors.js'
import type { DomainRef, KeystoneCredentials, KeystoneScope } from './types.js'

type Json = Record<string, unknown>

const domain = (d: DomainRef | undefined): Json | undefined => (d?.id ? { id: d.id } : d?.name ? { name: d.name } : undefined)

// A user named (not given by id) must come with a domain; Keystone's own default domain is `default`.
function user(id: string | undefined, name: string | undefined, d: DomainRef | undefined, what: string): Json {
  if (id) return { id }
  if (!name) throw new InputError(`${what} needs a user id or a username`)
  return { name, domain: domain(d) ?? { id: 'default' } }
}

function scopeBody(scope: KeystoneScope | undefined): Json | undefined {
  if (!scope) return undefined
  if ('system' in scope) return { system: { all: true } }
  if ('domain' in scope) {
    const d = domain(scope.domain)
    if (!d) throw new InputError('a domain scope needs a domain id or name')
    return { domain: d }
  }
  const p = scope.project
  if (p.id) return { project: { id: p.id } }
  if (!p.name) throw new InputError('a project scope needs a project id or name')
  return { project: { name: p.name, domain: domain(p.domain) ?? { id: 'default' } } }
}

/**
 * The request body for Keystone v3 authentication. Application credentials carry their own
 * scope, so a scope given with one is refused rather than silently dropped.
 * @example authRequestBody({ method: 'password', username: 'demo', password: 'p' }, { project: { name: 'demo' } })
 */
export function authRequestBody(credentials: KeystoneCredentials, scope?: KeystoneScope): Json {
  let identity: Json
  switch (credentials.method) {
    case 'password':
      if (!credentials.password) throw new InputError('password authentication needs a password')
      identity = {
        methods: ['password'],
        password: { user: { ...user(credentials.userId, credentials.username, credentials.userDomain, 'password authentication'), password: credentials.password } },
      }
      break
    case 'token':
      if (!credentials.token) throw new InputError('token authentication needs a token')
      identity = { methods: ['token'], token: { id: credentials.token } }
      break
    case 'applicationCredential': {
      if (!credentials.secret) throw new InputError('an application credential needs its secret')
      if (scope) throw new InputError('an application credential is already scoped: remove the scope')
      const ac: Json = credentials.id
        ? { id: credentials.id, secret: credentials.secret }
        : {
            name: credentials.name,
            secret: credentials.secret,
            user: user(credentials.userId, credentials.username, credentials.userDomain, 'an application credential given by name'),
          }
      if (!credentials.id && !credentials.name) throw new InputError('an application credential needs an id or a name')
      identity = { methods: ['application_credential'], application_credential: ac }
      break
    }
    default:
      throw new InputError(`unsupported authentication method ${String((credentials as { method?: unknown }).method)}`)
  }
  const s = scopeBody(scope)
  return { auth: s ? { identity, scope: s } : { identity } }
}
