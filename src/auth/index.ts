// src/auth/index.ts — `strato/auth`: Keystone sessions, clouds.yaml and OS_* readers, Swift tempauth.
export { KeystoneSession, identityV3Url, type KeystoneSessionOptions, type KeystoneSessionEvents, type TokenInfo } from './keystone.js'
export type { PasswordLogin, TokenLogin, ApplicationCredentialLogin, SessionSettings, ScopeFields, UserFields } from './login.js'
export { TempAuthSession, type TempAuthOptions } from './tempauth.js'
export { findEndpoint, type EndpointQuery } from './catalog.js'
export { loadCloudsYaml, configDirs, type CloudsYamlOptions } from './clouds.js'
export { configFromEnv, type EnvConfigOptions } from './env.js'
export { authRequestBody } from './keystone-body.js'
export type { CatalogEntry, CatalogEndpoint, TokenBody } from './keystone-schemas.js'
export type {
  KeystoneConfig,
  KeystoneCredentials,
  KeystoneScope,
  PasswordAuth,
  TokenAuth,
  ApplicationCredentialAuth,
  DomainRef,
  TlsFiles,
} from './types.js'
