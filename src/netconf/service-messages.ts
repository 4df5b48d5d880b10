// src/netconf/service-messages.ts — the Clixon controller's service-socket messages: the RPCs ServiceRunner sends and the notifications it reads.
import { ResponseError } from '../core/errors.js'
import { parseXml } from '../core/xml.js'
import { escapeXml, textOf } from './messages.js'
import { parseServiceRef, type ServiceRef } from './service-module.js'

/** The Clixon controller YANG namespace (`services-commit`, `transactions`, `actions`). */
export const CONTROLLER_NS = 'http://clicon.org/controller'
/** The Clixon library namespace (`cl:content`, `cl:username`, `cl:creator`). */
export const CLIXON_LIB_NS = 'http://clicon.org/lib'
/** RFC 5277 `create-subscription` namespace. */
export const SUBSCRIPTION_NS = 'urn:ietf:params:xml:ns:netmod:notification'

/** A `services-commit` notification: one transaction the runner must handle. */
export interface ServicesCommit {
  tid: string
  /** The `<service>` entries; empty means every service. */
  services: ServiceRef[]
  diff: boolean
  source: string | undefined
  target: string | undefined
}

/** A `controller-transaction` notification: how a transaction ended. */
export interface ControllerTransaction {
  tid: string
  /** `INIT`, `SUCCESS`, `FAILED` or `ERROR`. */
  result: string
  user: string | undefined
  origin: string | undefined
  reason: string | undefined
}

/**
 * `<create-subscription>` on a stream, with the empty XPath filter the Python server sends.
 * @example channel.rpc(createSubscriptionXml('services-commit'))
 */
export function createSubscriptionXml(stream: string): string {
  return `<create-subscription xmlns="${SUBSCRIPTION_NS}"><stream>${escapeXml(stream)}</stream><filter type="xpath" select=""/></create-subscription>`
}

/**
 * The `<get>` of one transaction's state, to learn its user.
 * @example channel.rpc(transactionGetXml('7'))
 */
export function transactionGetXml(tid: string): string {
  const select = escapeXml(`/co:transactions/co:transaction[co:tid='${tid}']`)
  return `<get cl:content="nonconfig" xmlns:cl="${CLIXON_LIB_NS}"><filter type="xpath" select="${select}" xmlns:co="${CONTROLLER_NS}"/></get>`
}

/**
 * `<get-config>` from the `actions` datastore with an XPath filter (`/` by default).
 * @example channel.rpc(getActionsConfigXml("/services/ssh-users", {}))
 */
export function getActionsConfigXml(xpath = '/', namespaces: Record<string, string> = {}): string {
  const decls = Object.entries(namespaces)
    .map(([p, uri]) => ` xmlns:${p}="${escapeXml(uri)}"`)
    .join('')
  return `<get-config><source><actions xmlns="${CONTROLLER_NS}"/></source><filter type="xpath" select="${escapeXml(xpath)}"${decls}/></get-config>`
}

/**
 * `<edit-config>` of one top-level element into `actions`, default operation merge.
 * @example channel.rpc(editActionsConfigXml('<services xmlns="…">…</services>'))
 */
export function editActionsConfigXml(config: string): string {
  return `<edit-config><target><actions xmlns="${CONTROLLER_NS}"/></target><default-operation>merge</default-operation><config>${config}</config></edit-config>`
}

/** Text for an element, escaped and without the characters XML 1.0 forbids (a module's message may carry ANSI colours or NULs). */
function xmlText(text: string): string {
  return escapeXml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''))
}

/**
 * `<transaction-actions-done>`: the services ran and their edits are in `actions`.
 * @example channel.rpc(actionsDoneXml('7', ['ssh-users']))
 */
export function actionsDoneXml(tid: string, services: readonly string[]): string {
  const list = services.map((s) => `<service>${xmlText(s)}</service>`).join('')
  return `<transaction-actions-done xmlns="${CONTROLLER_NS}"><tid>${escapeXml(tid)}</tid>${list}</transaction-actions-done>`
}

/**
 * `<transaction-error>` with origin `pyapi` (what the controller expects from a service server).
 * @example channel.rpc(transactionErrorXml('7', 'Service module x returned an error: boom'))
 */
export function transactionErrorXml(tid: string, reason: string): string {
  return `<transaction-error xmlns="${CONTROLLER_NS}"><tid>${escapeXml(tid)}</tid><origin>pyapi</origin><reason>${xmlText(reason)}</reason></transaction-error>`
}

function eventBody(xml: string, event: string): Record<string, unknown> {
  const doc = parseXml(xml, { maxBytes: 64 * 1024 * 1024, arrayPaths: ['notification.services-commit.service'] })
  const body = (doc['notification'] as Record<string, unknown> | undefined)?.[event]
  if (body === undefined) throw new ResponseError(`not a ${event} notification`, { details: [xml.slice(0, 500)] })
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

function optional(body: Record<string, unknown>, key: string): string | undefined {
  return body[key] === undefined ? undefined : textOf(body[key])
}

function requireTid(body: Record<string, unknown>, event: string, xml: string): string {
  const tid = textOf(body['tid'])
  if (tid === '') throw new ResponseError(`a ${event} notification without <tid>`, { details: [xml.slice(0, 500)] })
  return tid
}

/**
 * Reads a `services-commit` notification (needs core/xml.js `loadXmlParser()` to have run).
 * @example const commit = readServicesCommit(notification.xml); commit.services[0]?.instance
 */
export function readServicesCommit(xml: string): ServicesCommit {
  const body = eventBody(xml, 'services-commit')
  const list = Array.isArray(body['service']) ? (body['service'] as unknown[]) : []
  return {
    tid: requireTid(body, 'services-commit', xml),
    services: list.map(textOf).filter((s) => s !== '').map(parseServiceRef),
    diff: textOf(body['diff']) === 'true',
    source: optional(body, 'source'),
    target: optional(body, 'target'),
  }
}

/**
 * Reads a `controller-transaction` notification.
 * @example readControllerTransaction(notification.xml).result // 'SUCCESS'
 */
export function readControllerTransaction(xml: string): ControllerTransaction {
  const body = eventBody(xml, 'controller-transaction')
  return {
    tid: requireTid(body, 'controller-transaction', xml),
    result: textOf(body['result']),
    user: optional(body, 'username'),
    origin: optional(body, 'origin'),
    reason: optional(body, 'reason'),
  }
}

/**
 * The `<username>` of a transaction in a `<get>` reply's data, or undefined.
 * @example readTransactionUser(reply.data ?? '', '7') // 'admin'
 */
export function readTransactionUser(data: string, tid: string): string | undefined {
  if (data.trim() === '') return undefined
  const doc = parseXml(`<data>${data}</data>`, { arrayPaths: ['data.transactions.transaction'] })
  const transactions = (doc['data'] as Record<string, unknown> | undefined)?.['transactions'] as Record<string, unknown> | undefined
  const list = Array.isArray(transactions?.['transaction']) ? (transactions['transaction'] as Record<string, unknown>[]) : []
  const hit = list.find((t) => textOf(t['tid']) === tid) ?? (list.length === 1 ? list[0] : undefined)
  const user = hit === undefined ? '' : textOf(hit['username'])
  return user === '' ? undefined : user
}
