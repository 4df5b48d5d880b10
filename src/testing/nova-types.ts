// src/testing/nova-types.ts — the records the fake Nova keeps: servers, flavors, images, keypairs, server groups, quotas.

/**
 * Nova's `vm_state` values (`OS-EXT-STS:vm_state`).
 * @example const s: NovaVmState = 'active'
 */
export type NovaVmState =
  | 'building'
  | 'active'
  | 'stopped'
  | 'paused'
  | 'suspended'
  | 'rescued'
  | 'resized'
  | 'shelved'
  | 'shelved_offloaded'
  | 'soft-delete'
  | 'deleted'
  | 'error'

/**
 * The `status` a server shows (derived from vm_state and task_state).
 * @example nova.setServerStatus(id, 'SHUTOFF')
 */
export type NovaServerStatus =
  | 'ACTIVE'
  | 'BUILD'
  | 'DELETED'
  | 'ERROR'
  | 'HARD_REBOOT'
  | 'MIGRATING'
  | 'PASSWORD'
  | 'PAUSED'
  | 'REBOOT'
  | 'REBUILD'
  | 'RESCUE'
  | 'RESIZE'
  | 'REVERT_RESIZE'
  | 'SHELVED'
  | 'SHELVED_OFFLOADED'
  | 'SHUTOFF'
  | 'SOFT_DELETED'
  | 'SUSPENDED'
  | 'VERIFY_RESIZE'

/**
 * A server's `fault`, shown while it is in ERROR.
 * @example nova.setServerStatus(id, 'ERROR', { fault: { code: 500, message: 'disk failure' } })
 */
export interface NovaFault {
  code: number
  message: string
  /** ISO time (`2024-01-01T00:00:00Z`). */
  created: string
  details?: string
}

/**
 * One fixed IP of a server.
 * @example { network: 'private', addr: '10.0.0.3', mac: 'fa:16:3e:00:00:01', version: 4 }
 */
export interface NovaAddress {
  network: string
  addr: string
  mac: string
  version: 4 | 6
}

/**
 * A server as the fake keeps it. Tests may read and change these fields directly.
 * @example expect(nova.servers.get(id)?.vmState).toBe('active')
 */
export interface NovaServer {
  id: string
  name: string
  projectId: string
  userId: string
  /** Empty for a server booted from a volume. */
  imageId: string
  flavorId: string
  /** The flavor before a resize, while it waits for confirmResize or revertResize. */
  oldFlavorId?: string
  vmState: NovaVmState
  taskState: string | null
  /** 0 NOSTATE, 1 RUNNING, 3 PAUSED, 4 SHUTDOWN, 6 CRASHED, 7 SUSPENDED. */
  powerState: number
  createdAt: number
  updatedAt: number
  launchedAt: number | null
  /** Set once deleted; the server stays listable with `changes-since` (status DELETED). */
  deletedAt: number | null
  metadata: Record<string, string>
  tags: string[]
  locked: boolean
  lockedReason: string | null
  lockedBy: 'owner' | 'admin' | null
  keyName: string | null
  addresses: NovaAddress[]
  fault: NovaFault | null
  progress: number
  adminPass: string
  host: string | null
  description: string | null
  hostname: string
  accessIPv4: string
  accessIPv6: string
  availabilityZone: string
  securityGroups: string[]
  reservationId: string
  launchIndex: number
  userData: string | null
  configDrive: string
  diskConfig: 'AUTO' | 'MANUAL'
  /** Creation order, the tie-breaker of listings. */
  seq: number
}

/**
 * A flavor. `extraSpecs` are shown by os-extra_specs and (≥2.47/2.61) in server and flavor bodies.
 * @example nova.flavors.set('99', { id: '99', name: 'gpu.large', ram: 65536, disk: 100, vcpus: 16, ephemeral: 0, swap: 0, rxtxFactor: 1, isPublic: true, disabled: false, description: null, extraSpecs: { 'pci_passthrough:alias': 'a100:1' } })
 */
export interface NovaFlavor {
  id: string
  name: string
  ram: number
  disk: number
  vcpus: number
  ephemeral: number
  swap: number
  rxtxFactor: number
  isPublic: boolean
  disabled: boolean
  description: string | null
  extraSpecs: Record<string, string>
}

/**
 * An image the fake Nova knows (Nova asks Glance; the fake keeps its own list, seeded with cirros).
 * @example nova.images.set(id, { id, name: 'ubuntu', status: 'active', minDisk: 3, minRam: 512 })
 */
export interface NovaImage {
  id: string
  name: string
  status: 'queued' | 'saving' | 'active' | 'deleted'
  minDisk: number
  minRam: number
  /** For snapshots made by createImage. */
  serverId?: string
}

/**
 * A keypair. Keypairs belong to users, not projects.
 * @example nova.keypairs.find((k) => k.name === 'ci')?.fingerprint
 */
export interface NovaKeypair {
  id: number
  name: string
  userId: string
  type: 'ssh' | 'x509'
  publicKey: string
  fingerprint: string
  createdAt: number
}

/**
 * A server group.
 * @example [...nova.serverGroups.values()][0]?.members
 */
export interface NovaServerGroup {
  id: string
  name: string
  policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity'
  rules: { max_server_per_host?: number }
  members: string[]
  projectId: string
  userId: string
}

/**
 * A project's quotas (Nova's defaults: 10 instances, 20 cores, 50 GiB of RAM, …); -1 is unlimited.
 * @example nova.setQuota('demo-project-id', { instances: 2 })
 */
export interface NovaQuotas {
  instances: number
  cores: number
  ram: number
  key_pairs: number
  metadata_items: number
  server_groups: number
  server_group_members: number
}

/**
 * The caller of one request, from its Keystone token.
 * @example if (!ctx.caller.isAdmin) return ctx.fail(403, …)
 */
export interface NovaCaller {
  projectId: string
  userId: string
  isAdmin: boolean
}
