// src/compute/features.ts — the one table of what needs which microversion, and the check made before any request.
import { InputError } from '../core/errors.js'
import { compareMicroversions } from './microversion.js'

/**
 * A call or field tied to microversions: `ranges` of `[since, until?]` (both inclusive; no
 * `until` means still there). Most have one open range; some were removed (`until`), and device
 * tags at boot came, went and came back.
 * @example const f: MicroversionFeature = { what: 'server tags', ranges: [['2.26']] }
 */
export interface MicroversionFeature {
  /** How the feature reads in an InputError, e.g. `server tags`. */
  readonly what: string
  readonly ranges: readonly (readonly [since: string, until?: string])[]
}

/**
 * Every microversion-dependent call and field the client checks, by key. Sources: Nova's
 * api_version_request history and the API reference.
 * @example MICROVERSION_FEATURES['server.tags'].ranges // [['2.26']]
 */
export const MICROVERSION_FEATURES = {
  'keypair.type': { what: 'keypair type', ranges: [['2.2']] },
  remoteConsole: { what: 'remote consoles (POST /servers/{id}/remote-consoles)', ranges: [['2.6']] },
  'remoteConsole.mks': { what: "remote console protocol 'mks'", ranges: [['2.8']] },
  'keypair.user_id': { what: 'keypair user_id', ranges: [['2.10']] },
  'serverGroup.softPolicies': { what: 'soft-affinity and soft-anti-affinity server group policies', ranges: [['2.15']] },
  'server.description': { what: 'server description', ranges: [['2.19']] },
  'server.tags': { what: 'server tags (and the tags, tags-any, not-tags, not-tags-any filters)', ranges: [['2.26']] },
  'networks.tag': { what: 'networks[].tag', ranges: [['2.32', '2.36'], ['2.42']] },
  'bdm.tag': { what: 'block_device_mapping_v2[].tag', ranges: [['2.32', '2.32'], ['2.42']] },
  'keypair.paging': { what: 'keypair listing by limit and marker', ranges: [['2.35']] },
  'networks.auto': { what: "networks 'auto' and 'none'", ranges: [['2.37']] },
  'createImage.imageIdInBody': { what: 'createImage returning image_id in the body', ranges: [['2.45']] },
  'create.tags': { what: 'tags when creating a server', ranges: [['2.52']] },
  'rebuild.key_name': { what: 'rebuild key_name', ranges: [['2.54']] },
  'rebuild.user_data': { what: 'rebuild user_data', ranges: [['2.57']] },
  trusted_image_certificates: { what: 'trusted_image_certificates', ranges: [['2.63']] },
  'serverGroup.policies': { what: 'server group policies (a list; replaced by policy at 2.64)', ranges: [['2.1', '2.63']] },
  'serverGroup.rules': { what: 'server group rules', ranges: [['2.64']] },
  'changes-before': { what: 'the changes-before filter', ranges: [['2.66']] },
  'bdm.volume_type': { what: 'block_device_mapping_v2[].volume_type', ranges: [['2.67']] },
  'lock.reason': { what: 'lock locked_reason', ranges: [['2.73']] },
  'filter.locked': { what: 'the locked filter', ranges: [['2.73']] },
  'create.host': { what: 'host and hypervisor_hostname when creating a server', ranges: [['2.74']] },
  'unshelve.availability_zone': { what: 'unshelve availability_zone', ranges: [['2.77']] },
  hostname: { what: 'hostname', ranges: [['2.90']] },
  'keypair.generate': { what: 'keypair generation by the server (only import from 2.92: pass public_key)', ranges: [['2.1', '2.91']] },
} as const satisfies Record<string, MicroversionFeature>

/** A key of {@link MICROVERSION_FEATURES}. */
export type ComputeFeature = keyof typeof MICROVERSION_FEATURES

/**
 * Whether `microversion` has the feature.
 * @example supports('2.79', 'server.tags') // true
 */
export function supports(microversion: string, feature: ComputeFeature): boolean {
  const f: MicroversionFeature = MICROVERSION_FEATURES[feature]
  return f.ranges.some(([since, until]) => compareMicroversions(microversion, since) >= 0 && (until === undefined || compareMicroversions(microversion, until) <= 0))
}

/**
 * Throws InputError (before any request) unless `microversion` has the feature, saying which
 * version would: `server tags need microversion 2.26 or later; the client is set to 2.1`.
 * @example requireFeature(compute.effectiveMicroversion, 'server.tags')
 */
export function requireFeature(microversion: string, feature: ComputeFeature): void {
  if (supports(microversion, feature)) return
  const f: MicroversionFeature = MICROVERSION_FEATURES[feature]
  const ranges = f.ranges.map(([since, until]) => (until === undefined ? `${since} or later` : since === until ? since : `${since} to ${until}`))
  const higherHelps = f.ranges.some(([since]) => compareMicroversions(since, microversion) > 0)
  const advice = higherHelps ? ': set { microversion } on the ComputeClient or call negotiateMicroversion()' : ''
  throw new InputError(`${f.what} needs microversion ${ranges.join(' or ')}; the client is set to ${microversion}${advice}`, {
    code: higherHelps ? 'MicroversionTooLow' : 'MicroversionTooHigh',
    details: [`feature ${feature}`],
  })
}

/**
 * What input checks need from a client: whether a feature is there, and the InputError when it
 * must be. ComputeClient is one.
 * @example function check(gate: FeatureGate) { if (gate.supports('networks.auto')) … else gate.requireFeature('server.tags') }
 */
export interface FeatureGate {
  supports(feature: ComputeFeature): boolean
  requireFeature(feature: ComputeFeature): void
}
