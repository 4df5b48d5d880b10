// src/testing/netconf-rpcs.ts — the fake NETCONF device's operation table: (namespace, name) → handler, plus user-added RPCs.
import { NETCONF_NS } from '../netconf/messages.js'
import { cancelCommitRpc, commitRpc, discardChangesRpc, lockRpc, unlockRpc } from './netconf-commit.js'
import type { RpcHandler } from './netconf-context.js'
import { copyConfigRpc, deleteConfigRpc, editConfigRpc } from './netconf-edit-rpcs.js'
import { getConfigRpc, getRpc, validateRpc } from './netconf-read-rpcs.js'
import { TOASTER_NS } from './netconf-schemas.js'
import { NOTIFICATION_NS, closeSessionRpc, createSubscriptionRpc, getSchemaRpc, killSessionRpc } from './netconf-session-rpcs.js'
import { MONITORING_NS } from './netconf-state.js'
import { cancelToastRpc, makeToastRpc } from './netconf-toaster.js'

/**
 * The operations every fake device answers, keyed `namespace name`.
 * @example BUILTIN_RPCS.get(rpcKey(NETCONF_NS, 'get-config'))
 */
export const BUILTIN_RPCS: ReadonlyMap<string, RpcHandler> = new Map<string, RpcHandler>([
  [rpcKey(NETCONF_NS, 'get'), getRpc],
  [rpcKey(NETCONF_NS, 'get-config'), getConfigRpc],
  [rpcKey(NETCONF_NS, 'edit-config'), editConfigRpc],
  [rpcKey(NETCONF_NS, 'copy-config'), copyConfigRpc],
  [rpcKey(NETCONF_NS, 'delete-config'), deleteConfigRpc],
  [rpcKey(NETCONF_NS, 'lock'), lockRpc],
  [rpcKey(NETCONF_NS, 'unlock'), unlockRpc],
  [rpcKey(NETCONF_NS, 'commit'), commitRpc],
  [rpcKey(NETCONF_NS, 'cancel-commit'), cancelCommitRpc],
  [rpcKey(NETCONF_NS, 'discard-changes'), discardChangesRpc],
  [rpcKey(NETCONF_NS, 'validate'), validateRpc],
  [rpcKey(NETCONF_NS, 'close-session'), closeSessionRpc],
  [rpcKey(NETCONF_NS, 'kill-session'), killSessionRpc],
  [rpcKey(MONITORING_NS, 'get-schema'), getSchemaRpc],
  [rpcKey(NOTIFICATION_NS, 'create-subscription'), createSubscriptionRpc],
  [rpcKey(TOASTER_NS, 'make-toast'), makeToastRpc],
  [rpcKey(TOASTER_NS, 'cancel-toast'), cancelToastRpc],
])

/**
 * The table key of an operation. An operation written without a namespace is looked up in the
 * base namespace (many clients omit it inside `<rpc xmlns=…>`, where it is inherited anyway).
 * @example rpcKey('http://netconfcentral.org/ns/toaster', 'make-toast')
 */
export function rpcKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? NETCONF_NS} ${name}`
}
