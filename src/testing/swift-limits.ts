// src/testing/swift-limits.ts — the fake Swift's configurable limits and features, and the /info document built from them.

/**
 * Cluster limits of the fake Swift. Defaults are Swift 2.30's; tests lower them to reach edge
 * cases cheaply (a 1 MiB max_file_size forces segmented uploads of small test files).
 * @example cloud.swift.setLimits({ maxFileSize: 1024 * 1024, maxManifestSegments: 10 })
 */
export interface SwiftLimits {
  /** Largest single object. Swift's constant is 5 GiB + 2 bytes. */
  maxFileSize: number
  maxMetaNameLength: number
  maxMetaValueLength: number
  maxMetaCount: number
  maxMetaOverallSize: number
  maxHeaderSize: number
  maxObjectNameLength: number
  maxContainerNameLength: number
  maxAccountNameLength: number
  /** Default and largest `limit` of a container listing. */
  containerListingLimit: number
  /** Default and largest `limit` of an account listing. */
  accountListingLimit: number
  maxManifestSegments: number
  maxManifestSize: number
  maxDeletesPerRequest: number
  maxFailedDeletes: number
  /** Methods a temp URL may grant. */
  tempUrlMethods: string[]
  /** HMAC digests temp URL signatures may use. */
  allowedDigests: string[]
  /** Lifetime of tempauth tokens. */
  tempauthTokenTtlSeconds: number
  /** Storage policies; the first is the default. */
  policies: string[]
}

/**
 * Middlewares the fake can run without, to test a client's fallbacks (DLO when there is no SLO).
 * @example const cloud = await createFakeCloud({ swift: { disabled: ['slo'] } })
 */
export type SwiftFeature = 'slo' | 'dlo' | 'bulk_delete' | 'tempurl' | 'versioned_writes'

/**
 * Swift 2.30's defaults with the peer cluster's middleware set.
 * @example const limits = defaultSwiftLimits()
 */
export function defaultSwiftLimits(): SwiftLimits {
  return {
    maxFileSize: 5_368_709_122,
    maxMetaNameLength: 128,
    maxMetaValueLength: 256,
    maxMetaCount: 90,
    maxMetaOverallSize: 4096,
    maxHeaderSize: 8192,
    maxObjectNameLength: 1024,
    maxContainerNameLength: 256,
    maxAccountNameLength: 256,
    containerListingLimit: 10_000,
    accountListingLimit: 10_000,
    maxManifestSegments: 1000,
    maxManifestSize: 8 * 1024 * 1024,
    maxDeletesPerRequest: 10_000,
    maxFailedDeletes: 1000,
    tempUrlMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    allowedDigests: ['sha1', 'sha256', 'sha512'],
    tempauthTokenTtlSeconds: 86_400,
    policies: ['Policy-0'],
  }
}

/**
 * The body of GET /info: what a client reads to decide SLO vs DLO, segment sizes and digests.
 * Disabled features are left out, as a cluster without the middleware would. Like Swift 2.30,
 * the dlo middleware registers nothing here: DLO support is never advertised.
 * @example swiftInfo(limits, new Set(['slo', 'dlo']))
 */
export function swiftInfo(limits: SwiftLimits, features: ReadonlySet<SwiftFeature>): Record<string, unknown> {
  const info: Record<string, unknown> = {
    swift: {
      version: '2.30.1',
      strict_cors_mode: true,
      policies: limits.policies.map((name, i) => ({ name, aliases: name, ...(i === 0 ? { default: true } : {}) })),
      allow_account_management: true,
      account_autocreate: true,
      max_file_size: limits.maxFileSize,
      max_meta_name_length: limits.maxMetaNameLength,
      max_meta_value_length: limits.maxMetaValueLength,
      max_meta_count: limits.maxMetaCount,
      max_meta_overall_size: limits.maxMetaOverallSize,
      max_header_size: limits.maxHeaderSize,
      max_object_name_length: limits.maxObjectNameLength,
      container_listing_limit: limits.containerListingLimit,
      account_listing_limit: limits.accountListingLimit,
      max_account_name_length: limits.maxAccountNameLength,
      max_container_name_length: limits.maxContainerNameLength,
      extra_header_count: 0,
    },
    tempauth: { account_acls: true },
    keystoneauth: {},
  }
  if (features.has('slo')) {
    info.slo = {
      max_manifest_segments: limits.maxManifestSegments,
      max_manifest_size: limits.maxManifestSize,
      yield_frequency: 10,
      min_segment_size: 1,
      allow_async_delete: false,
    }
  }
  if (features.has('bulk_delete')) {
    info.bulk_delete = { max_deletes_per_request: limits.maxDeletesPerRequest, max_failed_deletes: limits.maxFailedDeletes }
  }
  if (features.has('tempurl')) {
    info.tempurl = {
      methods: [...limits.tempUrlMethods],
      incoming_remove_headers: ['x-timestamp'],
      incoming_allow_headers: [],
      outgoing_remove_headers: ['x-object-meta-*'],
      outgoing_allow_headers: ['x-object-meta-public-*'],
      allowed_digests: [...limits.allowedDigests],
      deprecated_digests: limits.allowedDigests.filter((d) => d === 'sha1'),
    }
  }
  if (features.has('versioned_writes')) info.versioned_writes = { allowed_flags: ['x-versions-location', 'x-history-location'] }
  return info
}
