// src/testing/valence-types.ts — the records of the fake Valence: EEM boards behind it, and the pod managers, nodes, devices and flavors of its database.

/**
 * An ExpEther board as the EEM REST API describes it: an `eesv` (server side, a node) or an `eeio`
 * (I/O side, carrying one PCIe device). Group ids are strings, as EEM sends them.
 * @example cloud.valence.hardware.board('0x8cdf9d911cb0')?.group_id // '4093'
 */
export interface EemBoard {
  id: string
  status: 'eesv' | 'eeio'
  group_id: string
  /** EESV only: how many EEIOs its group may hold. */
  max_eeio_count?: string
  type: '10g' | '40g'
  power_status: string
  mac_address: string
  serial_number: string
  model: string
  host_model: string
  host_serial_number: string
  ee_version: string
  /** Epoch milliseconds, as a string. */
  update_time: string
  /** `[0]` is `'down'` for a board Valence does not list. */
  notification_status0: [string, string]
  notification_status1: [string, string]
  /** EEIO (40g) only: PCI class code (`0x020000` NIC, `0x010000` SSD, `0x030000` GPU), vendor and device ids. */
  pcie_class_code?: string
  pcie_vendor_id?: string
  pcie_device_id?: string
}

/** One authentication entry of a pod manager. @example { type: 'basic', auth_items: { username: 'admin', password: 'secret' } } */
export interface ValenceAuth {
  type: string
  auth_items: { username: string; password: string }
}

/**
 * A pod manager record (the password is kept, and shown, in clear, as Valence does).
 * @example cloud.valence.podManagers.get(cloud.valence.seedPodmId)?.driver // 'expether'
 */
export interface ValencePodManager {
  uuid: string
  name: string
  url: string
  driver: string
  authentication: ValenceAuth[]
  status: string
  description?: string
  location?: string
  created_at: string
  updated_at: string
}

/** A composed or managed node; `index` is the EESV id. @example cloud.valence.nodes.get(uuid)?.index */
export interface ValenceNode {
  uuid: string
  name: string
  podm_id: string
  index: string
  resource_uri: string
  managed_by?: string
  created_at: string
  updated_at: string
}

/**
 * A device in Valence's database (synchronised from the EEIO boards).
 * @example [...cloud.valence.devices.values()].filter((d) => d.type === 'NIC' && d.state === 'free')
 */
export interface ValenceDevice {
  uuid: string
  podm_id: string
  node_id: string | null
  type: string | null
  pooled_group_id: string
  state: 'free' | 'allocated'
  resource_uri: string
  properties: { device_id: string; mac_address: string; model: string }
  extra: { vendor_name?: string; device_name?: string }
  created_at: string
  updated_at: string
}

/** A flavor: requirements a compose can name by id. @example { uuid, name: 'nic', properties: { pci_device: { type: ['NIC'] } }, … } */
export interface ValenceFlavor {
  uuid: string
  name: string
  description?: string
  properties: Record<string, unknown>
  created_at: string
  updated_at: string
}
