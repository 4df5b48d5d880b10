// src/auth/keystone-schemas.ts — the parts of Keystone v3 token responses strato reads, as lenient zod schemas.
import { z } from 'zod'

const Named = z.looseObject({ id: z.string(), name: z.string().optional() })

/** One endpoint of a catalog entry. */
export const CatalogEndpointSchema = z.looseObject({
  id: z.string().optional(),
  interface: z.string(),
  region: z.string().nullish(),
  region_id: z.string().nullish(),
  url: z.string(),
})

/** One service of the catalog. */
export const CatalogEntrySchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  name: z.string().optional(),
  endpoints: z.array(CatalogEndpointSchema),
})

/** The `token` object of POST/GET /v3/auth/tokens. */
export const TokenBodySchema = z.looseObject({
  expires_at: z.string(),
  issued_at: z.string().optional(),
  methods: z.array(z.string()),
  user: z.looseObject({ id: z.string(), name: z.string().optional(), domain: Named.optional() }),
  project: z.looseObject({ id: z.string(), name: z.string().optional(), domain: Named.optional() }).optional(),
  domain: Named.optional(),
  system: z.record(z.string(), z.unknown()).optional(),
  roles: z.array(Named).optional(),
  catalog: z.array(CatalogEntrySchema).optional(),
  audit_ids: z.array(z.string()).optional(),
  application_credential: Named.optional(),
})

/** A catalog entry as Keystone returns it. @example session.catalog().map((e) => e.type) */
export type CatalogEntry = z.output<typeof CatalogEntrySchema>
/** An endpoint of a catalog entry. @example entry.endpoints.find((e) => e.interface === 'public')?.url */
export type CatalogEndpoint = z.output<typeof CatalogEndpointSchema>
/** Keystone's token body. @example session.tokenInfo?.project?.name */
export type TokenBody = z.output<typeof TokenBodySchema>
