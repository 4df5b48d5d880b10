// src/testing/netconf-errors.ts — the fake NETCONF device's <rpc-error> elements (RFC 6241 §4.3, Appendix A) and the exception its RPC handlers throw.
import { escapeXml } from '../netconf/messages.js'

/**
 * One `<rpc-error>` the fake device sends. `info` entries become `<error-info>` children, in order
 * (`bad-element`, `session-id`, …); a raw XML string is inserted as is.
 * @example const e: FakeRpcError = { type: 'protocol', tag: 'lock-denied', info: { 'session-id': '3' } }
 */
export interface FakeRpcError {
  /** `transport`, `rpc`, `protocol` or `application`. Default `application`. */
  type?: 'transport' | 'rpc' | 'protocol' | 'application'
  /** An RFC 6241 Appendix A tag, e.g. `operation-failed` (the default), `data-exists`. */
  tag?: string
  /** Default `error`. */
  severity?: 'error' | 'warning'
  appTag?: string
  /** An instance-identifier of the node in error, e.g. `/nc:rpc/nc:get-config`. */
  path?: string
  /** Sent with `xml:lang="en"`. */
  message?: string
  /** `<error-info>` content: element name → text, or raw XML. */
  info?: Record<string, string> | string
}

/**
 * Thrown by the fake device's RPC handlers: the reply carries every error of `errors`.
 * @example throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: 'no such session' })
 */
export class RpcFailure extends Error {
  readonly errors: FakeRpcError[]

  constructor(errors: FakeRpcError | FakeRpcError[]) {
    const list = Array.isArray(errors) ? errors : [errors]
    super(list.map((e) => `${e.tag ?? 'operation-failed'}: ${e.message ?? ''}`).join('; '))
    this.errors = list
  }
}

/**
 * Serializes one `<rpc-error>` (in the default namespace of the enclosing `<rpc-reply>`).
 * `error-path` prefixes are bound on the `<rpc-error>` when the path uses `nc:`.
 * @example rpcErrorXml({ type: 'rpc', tag: 'missing-attribute', info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' } })
 */
export function rpcErrorXml(e: FakeRpcError): string {
  const parts = [`<error-type>${e.type ?? 'application'}</error-type>`, `<error-tag>${escapeXml(e.tag ?? 'operation-failed')}</error-tag>`, `<error-severity>${e.severity ?? 'error'}</error-severity>`]
  if (e.appTag !== undefined) parts.push(`<error-app-tag>${escapeXml(e.appTag)}</error-app-tag>`)
  // RFC 6241 error-path is an XPath whose prefixes must be in scope; the base one always is as nc.
  if (e.path !== undefined) parts.push(`<error-path xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">${escapeXml(e.path)}</error-path>`)
  if (e.message !== undefined) parts.push(`<error-message xml:lang="en">${escapeXml(e.message)}</error-message>`)
  if (e.info !== undefined) {
    const info = typeof e.info === 'string' ? e.info : Object.entries(e.info).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('')
    parts.push(`<error-info>${info}</error-info>`)
  }
  return `<rpc-error>${parts.join('')}</rpc-error>`
}

// Shorthands for the errors RFC 6241 Appendix A defines, with the fields real servers fill in.

/** `protocol`/`missing-element`: a required parameter is absent. @example throw missingElement('source', '/nc:rpc/nc:get-config') */
export function missingElement(name: string, path: string): RpcFailure {
  return new RpcFailure({ type: 'protocol', tag: 'missing-element', appTag: 'missing-element', path, message: `missing element: ${name}`, info: { 'bad-element': name } })
}

/** `protocol`/`unknown-element`: an element the operation does not define. @example throw unknownElement('bogus', '/nc:rpc/nc:get') */
export function unknownElement(name: string, path: string): RpcFailure {
  return new RpcFailure({ type: 'protocol', tag: 'unknown-element', appTag: 'data-invalid', path, message: `unknown element: ${name}`, info: { 'bad-element': name } })
}

/** `protocol` (or another type)/`invalid-value`. @example throw invalidValue('session-id', 'cannot kill the own session', '/nc:rpc/nc:kill-session/nc:session-id') */
export function invalidValue(name: string, message: string, path?: string, type: FakeRpcError['type'] = 'protocol'): RpcFailure {
  return new RpcFailure({ type, tag: 'invalid-value', path, message, info: { 'bad-element': name } })
}

/** `protocol`/`operation-not-supported`: the device (or its capabilities) does not offer it. @example throw notSupported('validate', 'the :validate capability is off') */
export function notSupported(name: string, message: string, path?: string): RpcFailure {
  return new RpcFailure({ type: 'protocol', tag: 'operation-not-supported', path, message, info: { 'bad-element': name } })
}

/** `application`/`operation-failed`. @example throw operationFailed('no confirmed commit is pending') */
export function operationFailed(message: string, info?: Record<string, string>): RpcFailure {
  return new RpcFailure({ type: 'application', tag: 'operation-failed', message, ...(info ? { info } : {}) })
}

/** `protocol`/`in-use` (the datastore is locked by `holder`). @example throw inUse('running', 3) */
export function inUse(datastore: string, holder: number): RpcFailure {
  return new RpcFailure({ type: 'protocol', tag: 'in-use', message: `the ${datastore} datastore is locked by session ${holder}`, info: { 'session-id': String(holder) } })
}
