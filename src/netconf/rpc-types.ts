// src/netconf/rpc-types.ts — the contracts around RpcChannel: the duplex transport, options and events.
import type { ClientError } from '../core/errors.js'
import type { Framing } from './framing.js'

/**
 * A byte pipe to a NETCONF server: an SSH `netconf` subsystem channel, a Unix socket, a TCP
 * socket, or an in-memory fake in tests. `write` calls must reach the wire in call order (a Node
 * socket or ssh2 channel does); a returned promise is awaited only to learn about failures.
 * `onClose` listeners get the error that closed the pipe, or nothing on a clean end, exactly once.
 *
 * @example
 * const transport: NetconfTransport = {
 *   write: (bytes) => void socket.write(bytes),
 *   onData: (cb) => void socket.on('data', cb),
 *   onClose: (cb) => void socket.once('close', () => cb(lastError)),
 *   close: () => void socket.end(),
 * }
 */
export interface NetconfTransport {
  write(bytes: Uint8Array): Promise<void> | void
  onData(cb: (bytes: Uint8Array) => void): void
  onClose(cb: (error?: Error) => void): void
  close(): Promise<void> | void
}

/** Options of `RpcChannel.open`. */
export interface RpcChannelOptions {
  /** The client's capabilities. Default base:1.0 and base:1.1. */
  capabilities?: readonly string[]
  /** Time allowed for the server hello; then a TimeoutError and the transport is closed. Default 30 000 ms. */
  helloTimeoutMs?: number
  /** Default per-RPC time limit (0 = none). Default 120 000 ms. */
  timeoutMs?: number
  /** Cancels the hello exchange. */
  signal?: AbortSignal
  /** Framing from the first byte: `'1.0'` (RFC 6242, default) or `'1.1'` (the Clixon controller socket). */
  framing?: Framing
  /** Largest incoming message. Default 64 MiB. */
  maxMessageBytes?: number
  /** Largest outgoing 1.1 chunk (`Infinity`: one chunk per message). Default 1 MiB. */
  maxChunkBytes?: number
  /**
   * Send every RPC with this message-id and match replies by arrival order, as the Clixon
   * controller (fixed id "42") requires. Default: ids 1, 2, 3, … matched by message-id.
   */
  fixedMessageId?: string
}

/** Options of one RPC. */
export interface RpcOptions {
  /** Time limit of this RPC, overriding the channel's `timeoutMs` (0 = none). Rejects with TimeoutError. */
  timeoutMs?: number
  /** Rejects the RPC with AbortError; its reply, if it still comes, is dropped quietly. */
  signal?: AbortSignal
}

/** A `<notification>` message (RFC 5277). */
export interface NetconfNotification {
  /** The whole `<notification>` as received. */
  xml: string
  /** The `<eventTime>` text, when present. */
  eventTime: string | undefined
  /** Local name of the event element after `<eventTime>`, e.g. `toastDone` or `services-commit`. */
  event: string | undefined
}

/**
 * Something odd the server sent that did not break the session: a reply nobody waits for, a reply
 * out of order, a message that is neither reply nor notification, bytes that are not UTF-8.
 */
export interface ChannelAnomaly {
  kind: 'unknown-message-id' | 'missing-message-id' | 'out-of-order' | 'unexpected-message' | 'bad-encoding'
  /** The message-id concerned, when there is one. */
  messageId?: string
  /** A human-readable explanation. */
  detail: string
  /** The message (for `bad-encoding`, decoded with replacement characters). */
  xml: string
}

/**
 * The events of an RpcChannel (eventemitter3). `close` comes once: with the error that ended the
 * session (transport failure, malformed framing), or `undefined` after `close()`.
 * @example channel.on('notification', (n) => console.log(n.event, n.eventTime))
 */
export interface RpcChannelEvents {
  notification: [NetconfNotification]
  anomaly: [ChannelAnomaly]
  close: [ClientError | undefined]
}
