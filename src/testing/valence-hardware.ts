// src/testing/valence-hardware.ts — the ExpEther boards behind the fake Valence, one EEM per pod manager URL: groups, free pool 4093, changes made behind Valence's back.
import type { FakeClock } from './clock.js'
import { ValenceError } from './valence-http.js'
import type { EemBoard } from './valence-types.js'

/** Group of a free EEIO. @example board.group_id === FREE_GROUP */
export const FREE_GROUP = '4093'
/** Default group of an EESV not given its own group yet. @example EESV_DEFAULT_GROUP // '4094' */
export const EESV_DEFAULT_GROUP = '4094'

/** Device types Valence derives from a 40g EEIO's PCI class code. @example const t: PciType = 'GPU' */
export type PciType = 'SSD' | 'NIC' | 'GPU' | 'Multi' | 'SWITCH' | 'USB' | 'ACS'
const CLASS: Record<PciType, number> = { SSD: 0x1, NIC: 0x2, GPU: 0x3, Multi: 0x4, SWITCH: 0x6, USB: 0xc, ACS: 0x12 }
/** The vendor and device ids a new board of a type gets, and their hwdata names. */
const PCI: Partial<Record<PciType, [string, string, string, string]>> = {
  NIC: ['0x8086', '0x1572', 'Intel Corporation', 'Ethernet Controller X710 for 10GbE SFP+'],
  GPU: ['0x10de', '0x1db4', 'NVIDIA Corporation', 'GV100GL [Tesla V100 PCIe 16GB]'],
  SSD: ['0x144d', '0xa808', 'Samsung Electronics Co Ltd', 'NVMe SSD Controller SM981/PM981/PM983'],
}

/**
 * What a test gives `addDevice` / `addServer`: any EEM fields, the pod manager URL (default
 * the seeded EEM's) and, for an EEIO, the PCI type.
 * @example cloud.valence.hardware.addDevice({ type: 'GPU' })
 */
export type BoardInput = Omit<Partial<EemBoard>, 'type'> & { url?: string; type?: PciType; link?: '10g' | '40g' }

/** The Valence type of an EEIO: from its class code, and only for 40g boards (10g ones stay untyped). */
export function pciType(b: EemBoard): string | null {
  if (b.type !== '40g' || !b.pcie_class_code) return null
  const c0 = Math.floor(Number(b.pcie_class_code) / 65536)
  return (Object.keys(CLASS) as PciType[]).find((t) => CLASS[t] === c0) ?? 'Unknown'
}

/** hwdata's vendor and device names of a 40g board's PCI ids ('' when unknown). */
export function pciNames(b: EemBoard): { vendor_name: string; device_name: string } {
  const hit = Object.values(PCI).find((p) => Number(p[0]) === Number(b.pcie_vendor_id) && Number(p[1]) === Number(b.pcie_device_id))
  return { vendor_name: hit?.[2] ?? '', device_name: hit?.[3] ?? '' }
}

/**
 * The EEM managers the fake Valence talks to, by URL. Tests change boards here behind Valence's
 * back; Valence's device list shows the change after a sync.
 * @example
 * const gpu = cloud.valence.hardware.addDevice({ type: 'GPU' })
 * await fetch(`${api}/devices/sync`, { method: 'POST' }) // now listed, free
 */
export class ExpEtherHardware {
  readonly #eems = new Map<string, Map<string, EemBoard>>()
  /** EEM URLs that refuse connections (Valence answers 503, a sync reports FAILED). */
  readonly unreachable = new Set<string>()
  #seq = 0
  #group = 100

  constructor(
    readonly clock: FakeClock,
    /** The URL `addDevice` and `addServer` use by default. */
    readonly defaultUrl: string,
  ) {}

  /** The boards of the EEM at `url` (an empty EEM is created for a new URL). @example [...hardware.boards().values()] */
  boards(url = this.defaultUrl): Map<string, EemBoard> {
    let m = this.#eems.get(url)
    if (!m) this.#eems.set(url, (m = new Map()))
    return m
  }

  /** One board by id, on any EEM. @example hardware.board(id)?.group_id */
  board(id: string): EemBoard | undefined {
    for (const m of this.#eems.values()) if (m.has(id)) return m.get(id)
    return undefined
  }

  #add(status: EemBoard['status'], input: BoardInput): EemBoard {
    const n = ++this.#seq
    const hex = n.toString(16).padStart(10, '0')
    const { url, type, link, ...fields } = input
    const pci = type ? PCI[type] : undefined
    const board: EemBoard = {
      id: `0x8cdf${hex.slice(2)}`,
      status,
      group_id: status === 'eesv' ? EESV_DEFAULT_GROUP : FREE_GROUP,
      type: link ?? '40g',
      power_status: 'on',
      mac_address: `8c:df:9d:${hex.slice(4).replace(/(..)(?!$)/g, '$1:')}`,
      serial_number: `${status === 'eesv' ? 'SV' : 'IO'}${String(n).padStart(6, '0')}`,
      model: `ExpEther Board (${(link ?? '40g').toUpperCase()})`,
      host_model: status === 'eesv' ? 'Express5800/R120h-1M' : '',
      host_serial_number: status === 'eesv' ? `HS${String(n).padStart(6, '0')}` : '',
      ee_version: 'v1.0',
      update_time: String(this.clock.now()),
      notification_status0: ['up', 'down'],
      notification_status1: ['down', 'down'],
      ...(status === 'eesv' ? { max_eeio_count: '16' } : { pcie_class_code: `0x${(CLASS[type ?? 'NIC'] * 65536).toString(16).padStart(6, '0')}`, pcie_vendor_id: pci?.[0] ?? '0x1af4', pcie_device_id: pci?.[1] ?? '0x1000' }),
      ...fields,
    }
    this.boards(url).set(board.id, board)
    return board
  }

  /** Adds an EESV (a server), in the default group 4094 with `max_eeio_count` 16 unless given. @example hardware.addServer({ max_eeio_count: '1' }) */
  addServer(input: BoardInput = {}): EemBoard {
    return this.#add('eesv', input)
  }

  /** Adds an EEIO carrying a device of `type` (default NIC), free (group 4093) unless given. @example hardware.addDevice({ type: 'SSD' }) */
  addDevice(input: BoardInput = {}): EemBoard {
    return this.#add('eeio', input)
  }

  /** Changes a board's fields (e.g. `group_id`, or `notification_status0: ['down', 'down']` to hide it). @example hardware.changeDevice(id, { group_id: '4093' }) */
  changeDevice(id: string, patch: Partial<EemBoard>): EemBoard {
    const b = this.board(id)
    if (!b) throw new RangeError(`no ExpEther board ${id}`)
    return Object.assign(b, patch, { update_time: String(this.clock.now()) })
  }

  /** Unplugs a board. @example hardware.removeDevice(nic.id) */
  removeDevice(id: string): void {
    for (const m of this.#eems.values()) m.delete(id)
  }

  /** An EEM call's failure as Valence raises it: 503 when unreachable, else the EEM's 404 for an unknown board. */
  reach(url: string, id?: string): EemBoard | undefined {
    if (this.unreachable.has(url)) throw new ValenceError(503, 'Connection Error', `unable to reach podmanager at url: ${url}`)
    if (id === undefined) return undefined
    const b = this.boards(url).get(id)
    if (!b) throw new ValenceError(404, 'ExpEther Exception', `Device ${id} not found`, '40400')
    return b
  }

  /** `PUT devices/{id}/group_id`: `null` gives the board a new group of its own. @example hardware.setGroup(url, eesv.id, null) */
  setGroup(url: string, id: string, group: string | null): string {
    const b = this.reach(url, id)!
    b.group_id = group ?? String(this.#group++)
    b.update_time = String(this.clock.now())
    return b.group_id
  }

  /** `GET devices?status=…&group_id=…`. @example hardware.inGroup(url, 'eeio', '100').length */
  inGroup(url: string, status: EemBoard['status'], group?: string): EemBoard[] {
    this.reach(url)
    return [...this.boards(url).values()].filter((b) => b.status === status && (group === undefined || b.group_id === group))
  }
}
