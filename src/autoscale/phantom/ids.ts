// src/autoscale/phantom/ids.ts — the id patterns of Phantom's URLs, checked before any request.
import { InputError } from '../../core/errors.js'

// phantomweb/urls.py: ACCEPTED_RESOURCE_PATTERN, and the narrower pattern of domain and instance ids (uuids).
const RESOURCE_ID = /^[-_.0-9A-Za-z ]+$/
const DOMAIN_ID = /^[-0-9A-Za-z]+$/

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : typeof value
}

/**
 * A site, credential, launch configuration or sensor id: letters, digits, space, `-`, `_`, `.`
 * (Phantom's URL patterns refuse anything else with a 404 that names no field).
 * @example checkResourceId('hotel', 'site') // 'hotel'
 */
export function checkResourceId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !RESOURCE_ID.test(value)) {
    throw new InputError(`${what} must be letters, digits, spaces, '-', '_' or '.', got ${shown(value)}`)
  }
  return value
}

/**
 * A domain or instance id: letters, digits and `-` (the uuids Phantom assigns).
 * @example checkDomainId('2f0c5c1e-8d7a-4d8e-9a57-0b6c1f3e2d11', 'domain id')
 */
export function checkDomainId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DOMAIN_ID.test(value)) {
    throw new InputError(`${what} must be letters, digits and '-', got ${shown(value)}`)
  }
  return value
}
