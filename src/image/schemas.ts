// src/image/schemas.ts — Glance v2 response shapes (lenient zod schemas) and the types they give.
import { z } from 'zod'

/** Disk formats Glance accepts by default (`[image_format] disk_formats`). */
export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const
/** Container formats Glance accepts by default (`[image_format] container_formats`). */
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] as const
/** Image statuses of the v2 API. */
export const IMAGE_STATUSES = ['queued', 'saving', 'uploading', 'importing', 'active', 'deactivated', 'killed', 'deleted', 'pending_delete'] as const
/** Visibilities an image can have (`all` is a list filter only). */
export const VISIBILITIES = ['public', 'private', 'shared', 'community'] as const

/** A disk format, e.g. `qcow2` or `raw`. */
export type DiskFormat = (typeof DISK_FORMATS)[number]
/** A container format, e.g. `bare`. */
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number]
/** An image status, e.g. `queued` or `active`. */
export type ImageStatus = (typeof IMAGE_STATUSES)[number]
/** Who can see an image. */
export type Visibility = (typeof VISIBILITIES)[number]
/** A member's answer to an image shared with it. */
export type MemberStatus = 'accepted' | 'rejected' | 'pending'

const nullableString = z.string().nullable().optional()
const nullableInt = z.number().nullable().optional()

/** An image as Glance returns it; unknown fields (custom properties) are kept. */
export const ImageSchema = z.looseObject({
  id: z.string(),
  // A status this SDK does not know yet is still an image: keep it as a string.
  status: z.string(),
  name: nullableString,
  disk_format: nullableString,
  container_format: nullableString,
  visibility: z.string().optional(),
  protected: z.boolean().optional(),
  os_hidden: z.boolean().optional(),
  size: nullableInt,
  virtual_size: nullableInt,
  checksum: nullableString,
  os_hash_algo: nullableString,
  os_hash_value: nullableString,
  min_disk: z.number().optional(),
  min_ram: z.number().optional(),
  owner: nullableString,
  tags: z.array(z.string()).optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  self: z.string().optional(),
  file: z.string().optional(),
  schema: z.string().optional(),
})

/**
 * An image. Glance's field names are kept (`disk_format`, `os_hash_value`, …); custom properties
 * sit at the top level beside them, as strings.
 * @example const img: Image = await image.images.get(id); console.log(img.status, img.size, img['hw_disk_bus'])
 */
export interface Image {
  id: string
  status: ImageStatus | (string & {})
  name?: string | null
  disk_format?: DiskFormat | (string & {}) | null
  container_format?: ContainerFormat | (string & {}) | null
  visibility?: Visibility | (string & {})
  protected?: boolean
  os_hidden?: boolean
  /** Bytes of image data; null until data is uploaded. */
  size?: number | null
  virtual_size?: number | null
  /** MD5 hex of the data (legacy checksum). */
  checksum?: string | null
  /** Algorithm of `os_hash_value`, `sha512` unless the cloud configured another. */
  os_hash_algo?: string | null
  os_hash_value?: string | null
  min_disk?: number
  min_ram?: number
  owner?: string | null
  tags?: string[]
  created_at?: string
  updated_at?: string
  self?: string
  file?: string
  schema?: string
  /** Stores holding the data (comma-separated), import progress (`os_glance_*`) and custom properties. */
  [property: string]: unknown
}

/** One page of `GET /v2/images`. */
export const ImageListSchema = z.looseObject({
  images: z.array(ImageSchema),
  next: z.string().optional(),
})

/** A member (a project) an image is shared with. */
export const MemberSchema = z.looseObject({
  member_id: z.string(),
  image_id: z.string(),
  status: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  schema: z.string().optional(),
})

/**
 * A project an image is shared with, and whether it accepted the image.
 * @example const m: ImageMember = await image.members.get(imageId, projectId); m.status // 'pending'
 */
export interface ImageMember {
  member_id: string
  image_id: string
  status: MemberStatus | (string & {})
  created_at?: string
  updated_at?: string
  schema?: string
  [field: string]: unknown
}

/** `GET /v2/images/{id}/members`. */
export const MemberListSchema = z.looseObject({ members: z.array(MemberSchema) })

/** `GET /v2/info/import`. */
export const ImportInfoSchema = z.looseObject({
  'import-methods': z.looseObject({ value: z.array(z.string()) }),
})

/** `GET /v2/info/stores`: Glance sends `default` as the string `"true"`. */
export const StoresSchema = z.looseObject({
  stores: z.array(
    z.looseObject({
      id: z.string(),
      description: z.string().optional(),
      default: z.union([z.boolean(), z.string()]).optional(),
      'read-only': z.union([z.boolean(), z.string()]).optional(),
    }),
  ),
})

/**
 * A storage backend of a multi-store Glance. `default` and `read-only` are booleans here (Glance
 * sends strings).
 * @example const stores = await image.stores(); stores.find((s) => s.default)?.id // 'fs'
 */
export interface ImageStore {
  id: string
  description?: string
  default: boolean
  'read-only': boolean
}
