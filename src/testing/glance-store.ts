// src/testing/glance-store.ts — the fake Glance's state: image records, members, import tasks, and who may see or change what.
import { randomUUID } from 'node:crypto'
import type { FakeClock } from './clock.js'
import { isoSeconds } from './glance-http.js'

/** Image statuses of the Image API v2. @example const s: GlanceImageStatus = 'importing' */
export type GlanceImageStatus = 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'uploading' | 'importing' | 'pending_delete' | 'deactivated'
/** Who may see an image. @example const v: GlanceVisibility = 'community' */
export type GlanceVisibility = 'public' | 'private' | 'shared' | 'community'
/** A member's answer to a share. @example const m: GlanceMemberStatus = 'accepted' */
export type GlanceMemberStatus = 'pending' | 'accepted' | 'rejected'

/**
 * A project an image is shared with.
 * @example image.members.get('demo-project-id')?.status // 'pending'
 */
export interface GlanceMember {
  member_id: string
  status: GlanceMemberStatus
  created_at: number
  updated_at: number
}

/**
 * One image as the fake stores it. Attribute names are Glance's; times are epoch ms (shown to
 * the second); `properties` holds custom and `os_glance_*` properties; `data` is the image's
 * bytes (the same in every store of `stores`) and `staged` the bytes of PUT /stage.
 * @example const img = glance.images.get(id)!; expect(img.status).toBe('active')
 */
export interface GlanceImage {
  id: string
  name: string | null
  disk_format: string | null
  container_format: string | null
  visibility: GlanceVisibility
  size: number | null
  virtual_size: number | null
  status: GlanceImageStatus
  checksum: string | null
  protected: boolean
  min_ram: number
  min_disk: number
  owner: string | null
  os_hidden: boolean
  os_hash_algo: string | null
  os_hash_value: string | null
  created_at: number
  updated_at: number
  tags: string[]
  properties: Record<string, string>
  /** Stores holding the data, in the order it landed there (Glance's `stores` property). */
  stores: string[]
  members: Map<string, GlanceMember>
  data?: Buffer
  staged?: Buffer
  /** Creation order, the last sort tie-breaker. */
  seq: number
}

/**
 * An import task (`GET /v2/images/{id}/tasks`).
 * @example expect(glance.tasks.get(taskId)?.status).toBe('success')
 */
export interface GlanceTask {
  id: string
  image_id: string
  status: 'pending' | 'processing' | 'success' | 'failure'
  owner: string | null
  user_id: string
  request_id: string
  input: Record<string, unknown>
  message: string
  created_at: number
  updated_at: number
  expires_at: number | null
}

/**
 * The caller of a request, from its Keystone token.
 * @example const caller: GlanceCaller = { projectId: 'demo-project-id', userId: 'demo-user-id', isAdmin: false }
 */
export interface GlanceCaller {
  projectId: string | null
  userId: string
  isAdmin: boolean
}

interface PendingImport {
  at: number
  finish: () => void
}

/**
 * The fake Glance's state. Import completions due at a later fake time are queued and applied by
 * `settle()` (every request and every read through the FakeGlance calls it), so no timer runs.
 * @example const state = new GlanceState(cloud.clock, ['fs']); state.settle()
 */
export class GlanceState {
  readonly images = new Map<string, GlanceImage>()
  readonly tasks = new Map<string, GlanceTask>()
  readonly #pending: PendingImport[] = []
  #seq = 0

  constructor(
    readonly clock: FakeClock,
    readonly stores: readonly string[],
  ) {}

  /** Creates an image record (no checks: the routes validate). @example state.create({ name: 'x' }, caller) */
  create(attrs: Partial<GlanceImage>, owner: string | null): GlanceImage {
    const now = this.clock.now()
    const image: GlanceImage = {
      id: randomUUID(),
      name: null,
      disk_format: null,
      container_format: null,
      visibility: 'shared',
      size: null,
      virtual_size: null,
      status: 'queued',
      checksum: null,
      protected: false,
      min_ram: 0,
      min_disk: 0,
      owner,
      os_hidden: false,
      os_hash_algo: null,
      os_hash_value: null,
      tags: [],
      properties: {},
      stores: [],
      members: new Map(),
      ...attrs,
      created_at: now,
      updated_at: now,
      seq: ++this.#seq,
    }
    this.images.set(image.id, image)
    return image
  }

  /** Marks an image changed now. @example state.touch(image) */
  touch(image: GlanceImage): void {
    image.updated_at = this.clock.now()
  }

  /** Runs `finish` once the fake clock reaches `at` (now, if `at` has passed). @example state.schedule(now + 500, done) */
  schedule(at: number, finish: () => void): void {
    if (at <= this.clock.now()) finish()
    else this.#pending.push({ at, finish })
  }

  /** Applies the import completions that are due. @example state.settle() */
  settle(): void {
    const now = this.clock.now()
    const due = this.#pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at)
    for (const p of due) {
      this.#pending.splice(this.#pending.indexOf(p), 1)
      p.finish()
    }
  }

  /** Whether any import is still running. @example expect(state.busy).toBe(false) */
  get busy(): boolean {
    return this.#pending.length > 0
  }

  /** Glance's is_image_visible(): admin, owner, public/community, or a member of a shared image. @example state.visible(img, caller) */
  visible(image: GlanceImage, caller: GlanceCaller): boolean {
    if (caller.isAdmin || image.owner === null) return true
    if (image.visibility === 'public' || image.visibility === 'community') return true
    if (caller.projectId === null) return false
    if (caller.projectId === image.owner) return true
    return image.visibility === 'shared' && image.members.has(caller.projectId)
  }

  /** check_is_image_mutable(): admin, or the owner. @example if (!state.mutable(img, caller)) … 403 */
  mutable(image: GlanceImage, caller: GlanceCaller): boolean {
    return caller.isAdmin || (image.owner !== null && caller.projectId === image.owner)
  }

  /** The image as the API shows it (GET /v2/images/{id}). @example glanceJson(state.view(image)) */
  view(image: GlanceImage): Record<string, unknown> {
    const props = Object.fromEntries(Object.entries(image.properties).filter(([k]) => k !== 'os_glance_stage_host'))
    return {
      ...props,
      name: image.name,
      disk_format: image.disk_format,
      container_format: image.container_format,
      visibility: image.visibility,
      size: image.size,
      virtual_size: image.virtual_size,
      status: image.status,
      checksum: image.checksum,
      protected: image.protected,
      min_ram: image.min_ram,
      min_disk: image.min_disk,
      owner: image.owner,
      os_hidden: image.os_hidden,
      os_hash_algo: image.os_hash_algo,
      os_hash_value: image.os_hash_value,
      id: image.id,
      created_at: isoSeconds(image.created_at),
      updated_at: isoSeconds(image.updated_at),
      tags: [...image.tags],
      self: `/v2/images/${image.id}`,
      file: `/v2/images/${image.id}/file`,
      schema: '/v2/schemas/image',
      ...(image.stores.length ? { stores: image.stores.join(',') } : {}),
    }
  }

  /** A membership as the API shows it. @example glanceJson(state.memberView(img, m)) */
  memberView(image: GlanceImage, m: GlanceMember): Record<string, unknown> {
    return {
      member_id: m.member_id,
      image_id: image.id,
      status: m.status,
      created_at: isoSeconds(m.created_at),
      updated_at: isoSeconds(m.updated_at),
      schema: '/v2/schemas/member',
    }
  }

  /** A task as GET /v2/images/{id}/tasks shows it. @example state.taskView(task) */
  taskView(t: GlanceTask): Record<string, unknown> {
    const py = (ms: number | null) => (ms === null ? null : `${new Date(ms).toISOString().slice(0, 19)}.000000`)
    return {
      id: t.id,
      type: 'api_image_import',
      status: t.status,
      owner: t.owner,
      expires_at: py(t.expires_at),
      created_at: py(t.created_at),
      updated_at: py(t.updated_at),
      deleted_at: null,
      deleted: false,
      image_id: t.image_id,
      request_id: t.request_id,
      user_id: t.user_id,
      input: t.input,
      result: t.status === 'success' ? {} : null,
      message: t.message,
    }
  }
}
