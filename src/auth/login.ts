// src/auth/login.ts — flat, camelCase login options (as OS_* variables name them) turned into session options.
import { tlsFromFiles } from '../core/transport.js'
import type { KeystoneSessionOptions } from './keystone.js'
import type { DomainRef, KeystoneConfig, KeystoneScope } from './types.js'

/** Session settings shared by every login kind. */
export type SessionSettings = Omit<KeystoneSessionOptions, 'authUrl' | 'credentials' | 'scope'>

/**
 * Where the token should be scoped: a project (by id, or name + domain), a domain, or nothing.
 * @example { projectName: 'demo', projectDomainName: 'Default' }
 */
export interface ScopeFields {
  projectId?: string
  projectName?: string
  projectDomainId?: string
  projectDomainName?: string
  /** Domain scope, used only when no project is given. */
  domainId?: string
  domainName?: string
}

/** A user named by id, or by name within a domain (default: the `default` domain). */
export interface UserFields {
  userId?: string
  username?: string
  userDomainId?: string
  userDomainName?: string
}

/** Options of {@link KeystoneSession.password}. @example { authUrl, username: 'demo', password, projectName: 'demo' } */
export interface PasswordLogin extends SessionSettings, UserFields, ScopeFields {
  authUrl: string
  password: string
}

/** Options of {@link KeystoneSession.token}. @example { authUrl, token: process.env.OS_TOKEN!, projectId } */
export interface TokenLogin extends SessionSettings, ScopeFields {
  authUrl: string
  token: string
}

/** Options of {@link KeystoneSession.applicationCredential}: by id, or by name with its user. @example { authUrl, id, secret } */
export interface ApplicationCredentialLogin extends SessionSettings, UserFields {
  authUrl: string
  id?: string
  name?: string
  secret: string
}

const ref = (id?: string, name?: string): DomainRef | undefined => (id ? { id } : name ? { name } : undefined)

/**
 * The scope named by flat fields, or undefined for an unscoped token.
 * @example scopeFrom({ projectName: 'demo' }) // { project: { name: 'demo' } }
 */
export function scopeFrom(f: ScopeFields): KeystoneScope | undefined {
  if (f.projectId || f.projectName) {
    const domain = ref(f.projectDomainId, f.projectDomainName)
    return { project: { ...(f.projectId ? { id: f.projectId } : { name: f.projectName }), ...(domain ? { domain } : {}) } }
  }
  const domain = ref(f.domainId, f.domainName)
  return domain ? { domain } : undefined
}

/** The user part of credentials from flat fields. @example userFrom({ username: 'demo' }) */
export function userFrom(f: UserFields): { userId?: string; username?: string; userDomain?: DomainRef } {
  const userDomain = ref(f.userDomainId, f.userDomainName)
  return { ...(f.userId ? { userId: f.userId } : {}), ...(f.username ? { username: f.username } : {}), ...(userDomain ? { userDomain } : {}) }
}

/** Picks the session settings out of a login object (so flat fields are not passed along). */
export function settingsFrom(o: SessionSettings): SessionSettings {
  const keys = ['region', 'interface', 'tls', 'fetch', 'logger', 'timeoutMs', 'refreshBeforeMs', 'userAgent', 'proxy'] as const
  const out: Record<string, unknown> = {}
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
  return out as SessionSettings
}

/**
 * Session options from a configuration read from clouds.yaml or OS_* variables; TLS files are read here.
 * @example sessionOptionsFromConfig(await configFromEnv())
 */
export function sessionOptionsFromConfig(cfg: KeystoneConfig, extra: SessionSettings = {}): KeystoneSessionOptions {
  const tls = cfg.tls ? tlsFromFiles(cfg.tls) : undefined
  return {
    ...(cfg.region ? { region: cfg.region } : {}),
    ...(cfg.interface ? { interface: cfg.interface } : {}),
    ...(tls ? { tls } : {}),
    ...settingsFrom(extra),
    authUrl: cfg.authUrl,
    credentials: cfg.credentials,
    ...(cfg.scope ? { scope: cfg.scope } : {}),
  }
}
