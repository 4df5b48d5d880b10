// src/auth/types.ts — the shapes of Keystone credentials, shared by the session, clouds.yaml and env readers.

/** A domain named by id or by name (Keystone accepts either). */
export interface DomainRef {
  id?: string
  name?: string
}

/** What the token is scoped to. Omit for an unscoped token. */
export type KeystoneScope =
  | { project: { id?: string; name?: string; domain?: DomainRef } }
  | { domain: DomainRef }
  | { system: 'all' }

/** Keystone v3 password method. A user is named by id, or by name within a domain. */
export interface PasswordAuth {
  method: 'password'
  userId?: string
  username?: string
  userDomain?: DomainRef
  password: string
}

/** Keystone v3 token method: exchange an existing token (e.g. to rescope it). */
export interface TokenAuth {
  method: 'token'
  token: string
}

/** Keystone v3 application credential, by id, or by name with the owning user. */
export interface ApplicationCredentialAuth {
  method: 'applicationCredential'
  id?: string
  name?: string
  secret: string
  /** Needed when the credential is named rather than given by id. */
  userId?: string
  username?: string
  userDomain?: DomainRef
}

/** One of the supported Keystone v3 methods. */
export type KeystoneCredentials = PasswordAuth | TokenAuth | ApplicationCredentialAuth

/** TLS settings as clouds.yaml and OS_* variables express them (file paths, not PEM text). */
export interface TlsFiles {
  /** Path of a PEM bundle of CA certificates (`cacert`, `OS_CACERT`). */
  cacert?: string
  /** Path of a client certificate (`cert`, `OS_CERT`). */
  cert?: string
  /** Path of the client certificate's key (`key`, `OS_KEY`). */
  key?: string
  /** `verify: false` in clouds.yaml (or `OS_INSECURE=true`): certificate checks off. */
  verify?: boolean
}

/**
 * Everything needed to open a KeystoneSession, as read from clouds.yaml or the environment.
 * @example const cfg: KeystoneConfig = { authUrl: 'https://id.example/v3', credentials: { method: 'token', token } }
 */
export interface KeystoneConfig {
  /** Identity endpoint; with or without the trailing `/v3`. */
  authUrl: string
  credentials: KeystoneCredentials
  scope?: KeystoneScope
  /** Region used for catalog lookups unless a call names another. */
  region?: string
  /** Endpoint interface for catalog lookups: public (default), internal or admin. */
  interface?: 'public' | 'internal' | 'admin'
  tls?: TlsFiles
  /** The clouds.yaml entry name this came from, when it came from one. */
  cloud?: string
}
