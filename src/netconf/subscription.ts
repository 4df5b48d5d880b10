// src/netconf/subscription.ts — a notification subscription (RFC 5277): events and an async iterator over the same stream.
import { EventEmitter } from 'eventemitter3'
import type { ClientError } from '../core/errors.js'
import type { NetconfNotification } from './rpc-types.js'

/** Events of a {@link Subscription}. `end` comes once: with the error that closed the session, or undefined. */
export interface SubscriptionEvents {
  notification: [NetconfNotification]
  end: [ClientError | undefined]
}

/** The source a Subscription listens to: the session's notification and close events. */
export interface NotificationSource {
  on(event: 'notification', fn: (n: NetconfNotification) => void): unknown
  off(event: 'notification', fn: (n: NetconfNotification) => void): unknown
  on(event: 'close', fn: (e: ClientError | undefined) => void): unknown
  off(event: 'close', fn: (e: ClientError | undefined) => void): unknown
}

/**
 * The notifications of one `create-subscription`, as `notification` events and as an async
 * iterator (`for await`). It ends when the session closes, when a `stopTime` replay sends
 * `notificationComplete`, or on `stop()`. NETCONF has no unsubscribe short of closing the
 * session, so `stop()` only stops delivering here. The iterator buffers what arrives between
 * two reads; a slow consumer holds them in memory.
 * @example
 * const sub = await session.subscribe({ stream: 'NETCONF' })
 * for await (const n of sub) if (n.event === 'toastDone') break
 */
export class Subscription extends EventEmitter<SubscriptionEvents> implements AsyncIterable<NetconfNotification> {
  /** The stream subscribed to (`NETCONF` when none was named). */
  readonly stream: string
  #ended = false
  #error: ClientError | undefined
  readonly #queue: NetconfNotification[] = []
  #wake: (() => void) | undefined
  readonly #source: NotificationSource
  readonly #onNotification = (n: NetconfNotification): void => this.#push(n)
  readonly #onClose = (e: ClientError | undefined): void => this.#end(e)

  /** Made by `NetconfSession.subscribe()`. @example new Subscription(session, 'NETCONF') */
  constructor(source: NotificationSource, stream: string) {
    super()
    this.stream = stream
    this.#source = source
    source.on('notification', this.#onNotification)
    source.on('close', this.#onClose)
  }

  /** Whether the subscription ended. @example if (sub.ended) return */
  get ended(): boolean {
    return this.#ended
  }

  /** Stops delivering notifications here (the server keeps sending until the session closes). @example sub.stop() */
  stop(): void {
    this.#end(undefined)
  }

  /** Iterates notifications until the subscription ends; rethrows the error that closed the session. @example for await (const n of sub) console.log(n.event) */
  async *[Symbol.asyncIterator](): AsyncIterator<NetconfNotification> {
    try {
      for (;;) {
        const next = this.#queue.shift()
        if (next) {
          yield next
          continue
        }
        if (this.#ended) {
          if (this.#error) throw this.#error
          return
        }
        await new Promise<void>((resolve) => (this.#wake = resolve))
      }
    } finally {
      // Leaving the loop early (break, return) means the caller is done with this subscription.
      if (!this.#ended) this.stop()
    }
  }

  #push(n: NetconfNotification): void {
    if (this.#ended) return
    this.#queue.push(n)
    this.emit('notification', n)
    if (n.event === 'notificationComplete') return this.#end(undefined)
    this.#signal()
  }

  #end(error: ClientError | undefined): void {
    if (this.#ended) return
    this.#ended = true
    this.#error = error
    this.#source.off('notification', this.#onNotification)
    this.#source.off('close', this.#onClose)
    this.emit('end', error)
    this.#signal()
  }

  #signal(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
