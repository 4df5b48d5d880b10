// src/testing/nova-store.ts — the fake Nova's state: records, lazily applied state transitions, quotas and IP allocation.
import { createHash, randomBytes } from 'node:crypto'
import type { FakeClock } from './clock.js'
import type { NovaAddress, NovaFlavor, NovaImage, NovaKeypair, NovaQuotas, NovaServer, NovaServerGroup } from './nova-types.js'

/**
 * One step of a server's pending transition: at fake time `at`, `apply` changes the server.
 * @example state.schedule(server, [{ afterMs: 100, apply: (s) => { s.vmState = 'stopped' } }])
 */
export interface NovaStep {
  afterMs: number
  apply(server: NovaServer, at: number): void
}

/** A build failure queued by failNextBuild(). */
export interface NovaBuildFailure {
  message: string
  code: number
  details?: string
  /** Only servers whose name matches fail (all when absent). */
  name?: string | RegExp
}

/** Nova's default quotas. */
export const DEFAULT_QUOTAS: NovaQuotas = { instances: 10, cores: 20, ram: 51200, key_pairs: 100, metadata_items: 128, server_groups: 10, server_group_members: 10 }

/** The one network of the fake, as devstack's: `private`, 10.0.0.0/24. */
export const PRIVATE_NETWORK = { id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6', name: 'private' } as const

/** The one compute host of the fake. */
export const COMPUTE_HOST = 'fake-compute-1'

/**
 * Everything the fake Nova holds. Transitions are stored with their due time and applied by
 * `settle()` whenever state is read, so no timer is ever left running.
 * @example const state = new NovaState(clock); state.settle(); state.servers.get(id)
 */
export class NovaState {
  readonly servers = new Map<string, NovaServer>()
  readonly flavors = new Map<string, NovaFlavor>()
  readonly images = new Map<string, NovaImage>()
  readonly keypairs: NovaKeypair[] = []
  readonly serverGroups = new Map<string, NovaServerGroup>()
  readonly quotas: NovaQuotas = { ...DEFAULT_QUOTAS }
  readonly projectQuotas = new Map<string, Partial<NovaQuotas>>()
  readonly buildFailures: NovaBuildFailure[] = []
  /** Images found elsewhere (the fake cloud's Glance) when Nova's own map lacks the id. */
  imageSource: ((id: string) => NovaImage | undefined) | undefined
  readonly #pending = new Map<string, { at: number; apply: NovaStep['apply'] }[]>()
  #seq = 0
  #keypairSeq = 0

  constructor(readonly clock: FakeClock) {}

  /** An image by id: Nova's own, else the image source's. @example state.findImage(imageId)?.status */
  findImage(id: string): NovaImage | undefined {
    return this.images.get(id) ?? this.imageSource?.(id)
  }

  /** Fake time now. @example state.now() */
  now(): number {
    return this.clock.now()
  }

  /** The next creation sequence number. @example server.seq = state.nextSeq() */
  nextSeq(): number {
    return ++this.#seq
  }

  /** The next keypair id. @example keypair.id = state.nextKeypairId() */
  nextKeypairId(): number {
    return ++this.#keypairSeq
  }

  /**
   * Replaces a server's pending transition with `steps` (times relative to now); steps due now are applied at once.
   * @example state.schedule(s, [{ afterMs: 0, apply: (s) => (s.taskState = 'powering-off') }, { afterMs: 100, apply: stop }])
   */
  schedule(server: NovaServer, steps: NovaStep[]): void {
    const now = this.now()
    this.#pending.set(
      server.id,
      steps.map((s) => ({ at: now + Math.max(0, s.afterMs), apply: s.apply })),
    )
    this.settle()
  }

  /** Whether a server has a transition under way. @example state.busy(id) */
  busy(id: string): boolean {
    return (this.#pending.get(id)?.length ?? 0) > 0
  }

  /** Drops a server's pending transition (setServerStatus does). @example state.cancel(id) */
  cancel(id: string): void {
    this.#pending.delete(id)
  }

  /** Applies every transition step that is due. @example state.settle() */
  settle(): void {
    const now = this.now()
    for (const [id, steps] of this.#pending) {
      const server = this.servers.get(id)
      if (!server) {
        this.#pending.delete(id)
        continue
      }
      while (steps.length > 0 && steps[0]!.at <= now) {
        const step = steps.shift()!
        step.apply(server, step.at)
        server.updatedAt = Math.max(server.updatedAt, step.at)
      }
      if (steps.length === 0) this.#pending.delete(id)
    }
  }

  /** The quotas of a project (defaults with its overrides). @example state.quotaFor(projectId).instances */
  quotaFor(projectId: string): NovaQuotas {
    return { ...this.quotas, ...this.projectQuotas.get(projectId) }
  }

  /** Live (not deleted) servers of a project. @example state.liveServers(projectId).length */
  liveServers(projectId: string): NovaServer[] {
    return [...this.servers.values()].filter((s) => s.projectId === projectId && s.deletedAt === null)
  }

  /** Instances, cores and RAM a project uses. @example state.usage(projectId).cores */
  usage(projectId: string): { instances: number; cores: number; ram: number } {
    let cores = 0
    let ram = 0
    const live = this.liveServers(projectId)
    for (const s of live) {
      const f = this.flavors.get(s.flavorId)
      cores += f?.vcpus ?? 0
      ram += f?.ram ?? 0
    }
    return { instances: live.length, cores, ram }
  }

  /** A free fixed IP on the private network (10.0.0.3 and up), with a MAC. @example state.allocateAddress() */
  allocateAddress(requested?: string): NovaAddress | undefined {
    const used = new Set([...this.servers.values()].filter((s) => s.deletedAt === null).flatMap((s) => s.addresses.map((a) => a.addr)))
    const mac = `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`
    if (requested) return used.has(requested) ? undefined : { network: PRIVATE_NETWORK.name, addr: requested, mac, version: 4 }
    for (let host = 3; host < 255; host++) {
      const addr = `10.0.0.${host}`
      if (!used.has(addr)) return { network: PRIVATE_NETWORK.name, addr, mac, version: 4 }
    }
    return undefined
  }

  /** Nova's hostId: sha224 of the project id and the host, empty without a host. @example state.hostId(server) */
  hostId(server: NovaServer): string {
    return server.host ? createHash('sha224').update(`${server.projectId}${server.host}`).digest('hex') : ''
  }

  /** Takes the first queued build failure that applies to a server name. @example state.takeBuildFailure('web-1') */
  takeBuildFailure(name: string): NovaBuildFailure | undefined {
    const i = this.buildFailures.findIndex((f) => f.name === undefined || (typeof f.name === 'string' ? f.name === name : f.name.test(name)))
    return i < 0 ? undefined : this.buildFailures.splice(i, 1)[0]
  }
}
