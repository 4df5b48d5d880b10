// src/testing/valence-store.ts — the fake Valence's database and its ExpEther driver: pod managers, device sync, compose, manage, attach, detach.
import { randomUUID } from 'node:crypto'
import { EESV_DEFAULT_GROUP, FREE_GROUP, pciNames, pciType, type ExpEtherHardware } from './valence-hardware.js'
import { badRequest, notFound, stamp, ValenceError } from './valence-http.js'
import type { EemBoard, ValenceDevice, ValenceFlavor, ValenceNode, ValencePodManager } from './valence-types.js'

const pick = <T extends object>(o: T, keys: readonly string[]): Partial<T> => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as Partial<T>
/** The fields of a node in lists and compose answers. */
export const NODE_BRIEF = ['uuid', 'name', 'podm_id', 'index', 'resource_uri']
/** The fields of a device in lists. */
export const DEVICE_BRIEF = ['uuid', 'podm_id', 'type', 'state', 'node_id', 'resource_uri', 'pooled_group_id']

/**
 * Everything the fake Valence holds, in etcd's place, with the ExpEther driver's operations.
 * @example const state = new ValenceState(hardware); state.sync()
 */
export class ValenceState {
  readonly podManagers = new Map<string, ValencePodManager>()
  readonly nodes = new Map<string, ValenceNode>()
  readonly devices = new Map<string, ValenceDevice>()
  readonly flavors = new Map<string, ValenceFlavor>()

  constructor(readonly hardware: ExpEtherHardware) {}

  /** Now, in Valence's format. */
  now(): string {
    return stamp(this.hardware.clock.now())
  }

  /** A record by uuid, or Valence's NotFound ("<Kind> <id> not found in database."). @example state.get(state.nodes, id, "Composed node '%s'") */
  get<T>(map: Map<string, T>, id: string, kind: string): T {
    const v = map.get(id)
    if (!v) throw notFound(`${kind.replace('%s', id)} not found in database.`)
    return v
  }

  /** Keeps the records whose fields equal every filter (query values are strings). @example state.filter(state.devices, { type: 'NIC' }) */
  filter<T extends object>(map: Map<string, T>, filters: Record<string, string>): T[] {
    return [...map.values()].filter((r) => Object.entries(filters).every(([k, v]) => k in r && String((r as Record<string, unknown>)[k]) === v))
  }

  /** Stores a pod manager (400 on a duplicate name or url), Online, then syncs its devices. @example state.createPodm({ name, url, authentication, driver: 'expether' }) */
  createPodm(values: Omit<ValencePodManager, 'uuid' | 'status' | 'created_at' | 'updated_at' | 'driver'> & { driver?: string }): ValencePodManager {
    if ([...this.podManagers.values()].some((p) => p.name === values.name || p.url === values.url)) throw badRequest('duplicated name or url !')
    this.hardware.reach(values.url)
    const now = this.now()
    const podm: ValencePodManager = { ...values, driver: values.driver ?? 'redfishv1', uuid: randomUUID(), status: 'Online', created_at: now, updated_at: now }
    this.podManagers.set(podm.uuid, podm)
    this.syncOne(podm.uuid)
    return podm
  }

  /** Deletes a pod manager with its nodes (their devices detached first) and devices. */
  deletePodm(uuid: string): void {
    this.get(this.podManagers, uuid, 'Pod Manager %s')
    for (const n of this.filter(this.nodes, { podm_id: uuid })) this.deleteNode(n.uuid)
    for (const d of this.filter(this.devices, { podm_id: uuid })) this.devices.delete(d.uuid)
    this.podManagers.delete(uuid)
  }

  #url(podmId: string): string {
    return this.get(this.podManagers, podmId, 'Pod Manager %s').url
  }

  /** POST /v1/devices/sync: every pod manager, or one. @example state.sync() // [{ podm_id, status: 'SUCCESS' }] */
  sync(podmId?: string): { podm_id: string; status: 'SUCCESS' | 'FAILED' }[] {
    if (podmId) return [this.syncOne(podmId)]
    return [...this.podManagers.keys()].map((id) => this.syncOne(id))
  }

  /** `update_device_info`: adds new boards, drops missing ones, follows group changes (only those, as Valence compares groups). */
  syncOne(podmId: string): { podm_id: string; status: 'SUCCESS' | 'FAILED' } {
    try {
      const url = this.#url(podmId)
      const seen = new Map(this.hardware.inGroup(url, 'eeio').filter((b) => b.notification_status0[0] !== 'down').map((b) => [`devices/${b.id}`, b]))
      for (const d of this.filter(this.devices, { podm_id: podmId })) {
        const b = seen.get(d.resource_uri)
        seen.delete(d.resource_uri)
        if (!b) this.devices.delete(d.uuid)
        else if (b.group_id !== d.pooled_group_id) Object.assign(d, this.#placement(url, b), { updated_at: this.now() })
      }
      for (const b of seen.values()) {
        const now = this.now()
        const d: ValenceDevice = { uuid: randomUUID(), podm_id: podmId, type: pciType(b), resource_uri: `devices/${b.id}`, ...this.#placement(url, b), properties: { device_id: b.id, mac_address: b.mac_address, model: b.type }, extra: b.type === '40g' ? pciNames(b) : {}, created_at: now, updated_at: now }
        this.devices.set(d.uuid, d)
      }
      return { podm_id: podmId, status: 'SUCCESS' }
    } catch (e) {
      if (e instanceof ValenceError) return { podm_id: podmId, status: 'FAILED' }
      throw e
    }
  }

  /** `_check_eeio_state`: free in 4093, else allocated to the EESV of its group. */
  #placement(url: string, b: EemBoard): Pick<ValenceDevice, 'pooled_group_id' | 'node_id' | 'state'> {
    if (b.group_id === FREE_GROUP) return { pooled_group_id: b.group_id, node_id: null, state: 'free' }
    return { pooled_group_id: b.group_id, node_id: this.hardware.inGroup(url, 'eesv', b.group_id)[0]?.id ?? null, state: 'allocated' }
  }

  /** The first EESV no node uses; then, per requested type, the first free device of this pod manager (404 "40400" when none; those attached before stay attached, as in Valence). */
  compose(podmId: string, name: string, types: string[]): ValenceNode {
    const url = this.#url(podmId)
    const used = new Set([...this.nodes.values()].map((n) => n.index))
    const eesv = this.hardware.inGroup(url, 'eesv').find((b) => !used.has(b.id))
    if (!eesv) throw new ValenceError(404, 'ExpEther Exception', 'Node not available', '40400')
    for (const type of types) {
      const free = this.filter(this.devices, { podm_id: podmId, pooled_group_id: FREE_GROUP, type })[0]
      if (!free) throw new ValenceError(404, 'ExpEther Exception', 'Requested device not available', '40400')
      this.attach(url, free, eesv.id)
    }
    return this.#store(podmId, name, eesv.id)
  }

  /** Takes an existing EESV under Valence (409 when a node has it, 500 for an EEIO). */
  manage(podmId: string, index: string): ValenceNode {
    if ([...this.nodes.values()].some((n) => n.index === index)) throw new ValenceError(409, 'Resource Already Exists', `Node '${index}' already managed by Valence`)
    const b = this.hardware.reach(this.#url(podmId), index)!
    if (b.status === 'eeio') throw new ValenceError(500, 'ExpEther Exception', `Not a valid EESV node ${index}`)
    return this.#store(podmId, b.id, index)
  }

  #store(podmId: string, name: string, index: string): ValenceNode {
    const now = this.now()
    const node: ValenceNode = { uuid: randomUUID(), podm_id: podmId, name, index, resource_uri: `devices/${index}`, created_at: now, updated_at: now }
    this.nodes.set(node.uuid, node)
    return node
  }

  /** `get_node_info` merged with the record (GET /v1/nodes/{uuid}). */
  nodeDetail(node: ValenceNode): Record<string, unknown> {
    const b = this.hardware.reach(this.#url(node.podm_id), node.index)!
    const hw = { name: b.id, resource_uri: `devices/${b.id}`, serial_number: b.serial_number, power_state: b.power_status, host_model: b.host_model, host_serial_number: b.host_serial_number, index: b.id, description: b.model, type: b.type, mac_address: b.mac_address, pooled_group_id: b.group_id }
    return { ...hw, ...node }
  }

  /** The driver's attach: 400 unless free; a new group for an EESV in 4094; 500 past `max_eeio_count`. */
  attach(url: string, d: ValenceDevice, eesvId: string): void {
    if (d.node_id !== null || d.pooled_group_id !== FREE_GROUP) throw badRequest(`Device ${d.uuid} already assigned to a different node: ${d.node_id ?? 'None'}`)
    const eesv = this.hardware.reach(url, eesvId)!
    if (eesv.group_id === EESV_DEFAULT_GROUP) this.hardware.setGroup(url, eesvId, null)
    if (this.hardware.inGroup(url, 'eeio', eesv.group_id).length >= Number(eesv.max_eeio_count ?? 0)) {
      throw new ValenceError(500, 'Internal server error', `Node ${eesvId} has already maximun number of devices attached`)
    }
    this.hardware.setGroup(url, d.properties.device_id, eesv.group_id)
    Object.assign(d, { pooled_group_id: eesv.group_id, node_id: eesvId, state: 'allocated', updated_at: this.now() })
  }

  /** The driver's detach: back to 4093 and free (nothing to do when already free). */
  detach(url: string, d: ValenceDevice): void {
    if (d.pooled_group_id === FREE_GROUP && d.node_id === null) return
    this.hardware.setGroup(url, d.properties.device_id, FREE_GROUP)
    Object.assign(d, { pooled_group_id: FREE_GROUP, node_id: null, state: 'free', updated_at: this.now() })
  }

  /** Detaches every device of the node, then forgets it. */
  deleteNode(uuid: string): void {
    const node = this.get(this.nodes, uuid, "Composed node '%s'")
    const url = this.#url(node.podm_id)
    for (const d of this.filter(this.devices, { node_id: node.index })) this.detach(url, d)
    this.nodes.delete(uuid)
  }

  /** A node's pod manager URL and driver. */
  driverOf(node: ValenceNode): { url: string; driver: string } {
    const p = this.get(this.podManagers, node.podm_id, 'Pod Manager %s')
    return { url: p.url, driver: p.driver }
  }

  /** Brief views. @example brief(node, NODE_BRIEF) */
  static brief = pick
}
