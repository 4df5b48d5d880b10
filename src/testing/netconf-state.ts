// src/testing/netconf-state.ts — the state data (config false) of the fake NETCONF device's <get>: ietf-netconf-monitoring and the toaster's status.
import { ConfigTree } from '../netconf/config-tree.js'
import { escapeXml } from '../netconf/messages.js'
import type { DeviceState } from './netconf-context.js'
import { DATASTORES, cloneTree } from './netconf-datastore.js'
import { applyEdit } from './netconf-edit.js'
import { TOASTER_NS } from './netconf-schemas.js'

/** The ietf-netconf-monitoring namespace (RFC 6022), also get-schema's. */
export const MONITORING_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring'

/**
 * `/netconf-state` (RFC 6022): datastores with their locks, schemas, and sessions with counters.
 * @example monitoringXml(device) // '<netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring">…'
 */
export function monitoringXml(device: DeviceState): string {
  const t = (name: string, value: string | number): string => `<${name}>${escapeXml(String(value))}</${name}>`
  const caps = device.capabilities.map((c) => t('capability', c)).join('')
  const stores = DATASTORES.filter((d) => d === 'running' || device.features[d])
    .map((d) => {
      const holder = device.store.holder(d)
      const lock = holder === undefined ? '' : `<locks><global-lock>${t('locked-by-session', holder)}${t('locked-time', device.sessions.get(holder)?.loginTime ?? '')}</global-lock></locks>`
      return `<datastore>${t('name', d)}${lock}</datastore>`
    })
    .join('')
  const schemas = [...device.schemas.values()]
    .map((m) => `<schema>${t('identifier', m.identifier)}${t('version', m.revision ?? '')}${t('format', 'yang')}${t('namespace', m.namespace)}${t('location', 'NETCONF')}</schema>`)
    .join('')
  const sessions = [...device.sessions.values()]
    .map((s) => {
      const c = s.counters
      return `<session>${t('session-id', s.id)}${t('transport', s.transport)}${t('username', 'fake')}${t('source-host', '127.0.0.1')}${t('login-time', s.loginTime)}${t('in-rpcs', c.inRpcs)}${t('in-bad-rpcs', c.inBadRpcs)}${t('out-rpc-errors', c.outRpcErrors)}${t('out-notifications', c.outNotifications)}</session>`
    })
    .join('')
  return `<netconf-state xmlns="${MONITORING_NS}"><capabilities>${caps}</capabilities><datastores>${stores}</datastores><schemas>${schemas}</schemas><sessions>${sessions}</sessions></netconf-state>`
}

/**
 * What `<get>` sees: running, the toaster's status leaves when `/toaster` exists, `/netconf-state`,
 * and the device's extra `state` XML merged in.
 * @example const tree = getData(device); tree.find('netconf-state/sessions')
 */
export function getData(device: DeviceState): ConfigTree {
  let tree = cloneTree(device.store.get('running'))
  const toaster = tree.children().find((c) => c.name === 'toaster' && c.namespace === TOASTER_NS)
  if (toaster) {
    toaster.create('toasterManufacturer', { text: 'Acme, Inc.' })
    toaster.create('toasterModelNumber', { text: 'Super Toastamatic 2000' })
    toaster.create('toasterStatus', { text: device.toast ? 'down' : 'up' })
  }
  for (const c of ConfigTree.parse(monitoringXml(device), { wrap: 'always' }).children()) tree.append(c)
  if (device.stateXml !== undefined) {
    tree = applyEdit(tree, ConfigTree.parse(device.stateXml, { wrap: 'always' }), { defaultOperation: 'merge', errorOption: 'continue-on-error', hints: device.hints }).tree
  }
  return tree
}
