// src/image/index.ts — `strato/image`: OpenStack Image (Glance) API v2.
export { ImageClient, versioned, type ImageClientOptions } from './client.js'
export { ImagesApi, type ImageCallOptions, type ImageUpdateOptions, type ImageTagsApi } from './images.js'
export { MembersApi, type MemberCallOptions } from './members.js'
export type { ImageCreate, ImageChanges, ImageFieldValue } from './fields.js'
export type { ImageListFilters, ImageSort } from './filters.js'
export { buildPatch, pointer, JSON_PATCH_TYPE, type ImagePatchOp } from './patch.js'
export type { ImageSource } from './source.js'
export type { ImageUploadOptions, ImageUploadResult, ImageStageResult, TransferProgress } from './upload.js'
export type { ImageDownloadOptions, ImageDownload, FileDownloadResult } from './download.js'
export type { ImportMethod, ImportOptions } from './import.js'
export type { WaitForImageOptions } from './wait.js'
export { ImageChecksumError, type DigestCheck } from './errors.js'
export { glanceError, cleanText } from './error-body.js'
export {
  DISK_FORMATS,
  CONTAINER_FORMATS,
  IMAGE_STATUSES,
  VISIBILITIES,
  type Image,
  type ImageMember,
  type ImageStore,
  type DiskFormat,
  type ContainerFormat,
  type ImageStatus,
  type Visibility,
  type MemberStatus,
} from './schemas.js'
