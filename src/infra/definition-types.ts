// src/infra/definition-types.ts — the shapes of an OCCO infrastructure description and of node definitions, as strato reads them.

/** A JSON value, as definitions and stores hold them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** Variables: merged from the description into each node; the node's own values win. */
export type Variables = Record<string, JsonValue>

/** One node of a description (OCCO `nodes[]`). */
export interface InfraNode {
  /** Unique within the description. */
  name: string
  /** The node definition type (`node_def:<type>`). */
  type: string
  /** Instances to keep: `min ≥ 1`, `max ≥ min` (default `min`). */
  scaling: { min: number; max: number }
  /** Matched against the `resource` keys of the type's implementations, to pick one. */
  filter?: Record<string, JsonValue>
  /** The description's variables merged under the node's own. */
  variables: Variables
}

/** A dependency: `dependent` is built after `dependee` (OCCO `[dependent, dependee]`). */
export interface InfraDependency {
  dependent: string
  dependee: string
  /** OCCO's `mappings` of `{ connection, mappings }`, kept as written. */
  mappings?: JsonValue[]
}

/**
 * A checked description: nodes by name, dependencies, and the build order as dependency levels
 * (level 0 has no dependencies; each level only depends on earlier ones).
 */
export interface InfraDefinition {
  infraName: string
  userId: string | undefined
  nodes: InfraNode[]
  dependencies: InfraDependency[]
  /** Node names per dependency level, in build order. */
  levels: string[][]
  variables: Variables
  /** What parseInfraDefinition was given, for the store (`infra:<id>:description`). */
  source: JsonValue
  /** Non-fatal remarks, e.g. a missing `user_id`. */
  warnings: string[]
}

/** How a node is checked before it counts as ready. */
export interface HealthCheck {
  /** TCP ports on the node's address that must accept a connection. */
  ports?: number[]
  /** URLs that must answer 2xx/3xx; `{{ip}}` is the node's address. */
  urls?: string[]
  /** Seconds to wait for all checks (OCCO default 600). */
  timeout?: number
}

/** One implementation of a node type: which handler builds it and how. */
export interface NodeImplementation {
  /** `type` names the resource handler (`compute.server`, `storage.container`, …); the rest are its parameters. */
  resource: { type: string } & Record<string, JsonValue>
  /** Cloud-init user data, templated with `{{infra_id}}`, `{{node_id}}`, `{{variables.x}}`, `{{getip('node')}}`. */
  contextualisation?: { type: 'cloudinit' | 'basic'; context_template?: string }
  health_check?: HealthCheck
}

/** Node definitions by type: each a list of alternative implementations. */
export type NodeDefinitions = Record<string, NodeImplementation[]>
