// src/storage/index.ts — `strato/storage`: OpenStack Swift object storage.
export { StorageClient, infoUrl, type StorageClientOptions } from './client.js'
export { AccountApi } from './account.js'
export { ContainersApi, type CreateContainerOptions, type ContainerMetadataOptions, type DeleteContainerOptions } from './containers.js'
export { ObjectsApi, type ObjectListOptions, type GetOptions, type ConditionalOptions, type CopyOptions } from './objects.js'
export type { ListingOptions } from './listing.js'
export type { PutOptions, PutResult } from './put.js'
export type { FileSource, PutSource, UploadSource } from './source.js'
export { manifestEtag, type UploadOptions, type UploadProgress, type UploadResult } from './upload.js'
export type { DownloadOptions, DownloadResult } from './download.js'
export type { BulkDeleteOptions, BulkDeleteResult, BulkDeleteItem } from './bulk-delete.js'
export type { TempUrlMethod, TempUrlOptions } from './temp-url.js'
export { ChecksumError } from './errors.js'
export type {
  AccountInfo,
  ContainerInfo,
  ContainerSummary,
  ManifestKind,
  Metadata,
  ObjectDownload,
  ObjectInfo,
  ObjectListEntry,
  ObjectSummary,
  PseudoFolder,
  SwiftCapabilities,
} from './types.js'
export { PithosClient, parseSharing, type Sharing, type ObjectVersion } from './pithos.js'
export { blockHashOf, type BlockInfo } from './pithos-blocks.js'
export type { HashmapUploadOptions, HashmapUploadResult, HashmapProgress } from './pithos-upload.js'
export type { Hashmap, HashmapDownloadOptions, HashmapDownloadResult, VersionSelector } from './pithos-download.js'
