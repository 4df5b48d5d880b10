// src/core/events.ts — what a Client tells its listeners and its logger about each request.
import type { ClientError } from './errors.js'

/** Sent when an attempt starts. Headers are redacted. */
export interface RequestEvent {
  method: string
  /** Redacted URL. */
  url: string
  /** 1 for the first attempt. */
  attempt: number
  headers: Record<string, string>
}

/** Sent for every response that arrived, whatever its status. */
export interface ResponseEvent {
  method: string
  url: string
  attempt: number
  status: number
  durationMs: number
  requestId?: string
}

/** Sent when a failed attempt will be repeated after `delayMs`. */
export interface RetryEvent {
  method: string
  url: string
  attempt: number
  status: number
  delayMs: number
  error: ClientError
}

/** Sent once when a call fails for good. */
export interface ErrorEvent {
  method: string
  url: string
  attempt: number
  status: number
  durationMs: number
  error: ClientError
}

/**
 * The events of a Client (eventemitter3).
 * @example client.on('retry', (e) => console.warn(`retrying ${e.method} ${e.url} in ${e.delayMs} ms`))
 */
export interface ClientEvents {
  request: [RequestEvent]
  response: [ResponseEvent]
  retry: [RetryEvent]
  error: [ErrorEvent]
}

/**
 * A pino-shaped logger: pino, or anything with these four methods (`console` works too).
 * strato logs requests and responses at debug, retries at warn; secrets are redacted first.
 * @example new Client({ endpoint, logger: pino({ level: 'debug' }) })
 */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}
