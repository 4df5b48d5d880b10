// src/testing/netconf-session-rpcs.ts — the fake NETCONF device's session and monitoring RPCs: close-session, kill-session, get-schema, create-subscription.
import { ConfigTree, type ConfigNode } from '../netconf/config-tree.js'
import { escapeXml } from '../netconf/messages.js'
import { onlyParams, param, paramPath, requireParam, type DeviceState, type RpcHandler } from './netconf-context.js'
import { RpcFailure, invalidValue, missingElement, notSupported, operationFailed } from './netconf-errors.js'
import { subtreeFilter, xpathFilter } from './netconf-filter.js'
import { MONITORING_NS } from './netconf-state.js'

/** The RFC 5277 namespace of create-subscription and `<notification>`. */
export const NOTIFICATION_NS = 'urn:ietf:params:xml:ns:netconf:notification:1.0'

/** `<close-session>` (RFC 6241 §7.8): `<ok/>`, then the session ends. @example closeSessionRpc(call).after?.() */
export const closeSessionRpc: RpcHandler = (call) => {
  onlyParams(call.op, [])
  return { body: '<ok/>', after: () => call.session.kill() }
}

/**
 * `<kill-session>` (RFC 6241 §7.9): ends another session (its locks are released, a
 * non-persistent confirmed commit of it reverted). The own or an unknown session-id is `invalid-value`.
 * @example killSessionRpc(call) // '<ok/>'
 */
export const killSessionRpc: RpcHandler = (call) => {
  onlyParams(call.op, ['session-id'])
  const raw = requireParam(call.op, 'session-id').text.trim()
  const id = Number(raw)
  const path = paramPath(call.op, 'session-id')
  if (!/^\d+$/.test(raw) || id === 0) throw invalidValue('session-id', `"${raw}" is not a session-id`, path)
  if (id === call.session.id) throw invalidValue('session-id', 'a session cannot kill itself: use close-session', path)
  const target = call.device.sessions.get(id)
  if (!target) throw invalidValue('session-id', `there is no session ${id}`, path)
  target.kill()
  return '<ok/>'
}

/**
 * `<get-schema>` (RFC 6022 §3.1): the YANG text of a served module; an unknown identifier or
 * version, or a format other than yang, is `invalid-value`.
 * @example getSchemaRpc(call) // '<data xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring">module toaster {…'
 */
export const getSchemaRpc: RpcHandler = (call) => {
  const { op } = call
  onlyParams(op, ['identifier', 'version', 'format'])
  const id = requireParam(op, 'identifier').text.trim()
  const version = param(op, 'version')?.text.trim()
  const format = param(op, 'format')?.text.trim()
  const schema = call.device.schemas.get(id)
  if (!schema) throw invalidValue('identifier', `no schema "${id}"`, paramPath(op, 'identifier'), 'application')
  if (version !== undefined && version !== '' && version !== (schema.revision ?? '')) throw invalidValue('version', `no version "${version}" of schema "${id}"`, paramPath(op, 'version'), 'application')
  if (format !== undefined && !/^(?:[\w-]+:)?yang$/.test(format)) throw invalidValue('format', `format "${format}" is not available (only yang)`, paramPath(op, 'format'), 'application')
  return `<data xmlns="${MONITORING_NS}">${escapeXml(schema.text)}</data>`
}

/**
 * `<create-subscription>` (RFC 5277 §2.1.1) on the `NETCONF` stream, with an optional subtree or
 * xpath filter applied to each event. No replay: `startTime` is refused. One per session.
 * @example createSubscriptionRpc(call) // '<ok/>'
 */
export const createSubscriptionRpc: RpcHandler = (call) => {
  const { op, session, device } = call
  if (!device.features.notification) throw notSupported('create-subscription', 'notifications need the :notification capability', paramPath(op))
  onlyParams(op, ['stream', 'filter', 'startTime', 'stopTime'])
  if (session.subscription) throw operationFailed('a subscription is already active on this session')
  const stream = param(op, 'stream')?.text.trim() || 'NETCONF'
  if (stream !== 'NETCONF') throw invalidValue('stream', `no stream "${stream}"`, paramPath(op, 'stream'))
  if (param(op, 'stopTime') && !param(op, 'startTime')) throw missingElement('startTime', paramPath(op, 'startTime'))
  if (param(op, 'startTime')) throw operationFailed('replay is not supported (no :replay capability)', { 'bad-element': 'startTime' })
  const filter = param(op, 'filter')
  session.subscription = { stream, filter: filter?.clone() }
  return '<ok/>'
}

/**
 * Whether an event passes a subscription filter (the filter selects something from it).
 * @example passesFilter(device, '<toastDone xmlns="…"/>', filterNode) // true
 */
export function passesFilter(device: DeviceState, eventXml: string, filter: ConfigNode | undefined): boolean {
  if (!filter) return true
  const event = ConfigTree.parse(eventXml, { wrap: 'always' })
  const type = [...filter.attributes].find(([k]) => k === 'type' || k.endsWith(':type'))?.[1] ?? 'subtree'
  const select = [...filter.attributes].find(([k]) => k === 'select' || k.endsWith(':select'))?.[1]
  try {
    const out = type === 'xpath' && select !== undefined ? xpathFilter(event, select, (p) => filter.lookupNamespace(p), device.hints) : subtreeFilter(event, filter)
    return out.children().length > 0
  } catch (e) {
    if (e instanceof RpcFailure) return false
    throw e
  }
}
