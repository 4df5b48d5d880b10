// src/image/ids.ts — the one check every verb makes on ids before a request.
import { InputError } from '../core/errors.js'

/**
 * Throws InputError unless `value` is a non-empty string; call it inside async methods so it rejects.
 * @example checkId(id, 'image id')
 */
export function checkId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new InputError(`${what} must be a non-empty string`)
}
