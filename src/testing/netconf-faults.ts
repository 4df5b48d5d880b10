// src/testing/netconf-faults.ts — injected misbehaviour of the fake NETCONF device: rpc-errors, delays, dropped replies, abrupt closes, broken framing.
import { FaultList, type FaultHandle } from './fault-list.js'
import type { FakeRpcError } from './netconf-errors.js'

/**
 * One injected fault. It applies to the next RPC whose operation (local name, e.g. `get-config`)
 * and session match — `operation: 'hello'` targets the server hello of the next session — `times`
 * times (default once). Effects, in order: wait `delayMs`; then `drop` (no reply), `closeSession`
 * (the connection ends), `garbage` (bytes that break the framing, or the given text, sent
 * unframed), `message` (this message framed instead of the reply), `reply: 'rpc-error'`
 * (an `<rpc-error>` from `error`, default `application`/`operation-failed`); with none of these
 * the RPC is then answered normally.
 * @example device.faults.next({ operation: 'get-config', reply: 'rpc-error', error: { tag: 'resource-denied', message: 'busy' } })
 */
export interface FakeNetconfFault {
  operation?: string
  sessionId?: number
  times?: number
  delayMs?: number
  drop?: boolean
  closeSession?: boolean
  garbage?: boolean | string
  message?: string
  reply?: 'rpc-error'
  error?: FakeRpcError | FakeRpcError[]
}

/** A fault that was added. @example const f = device.faults.next({ drop: true }); …; expect(f.hits).toBe(1) */
export type FakeNetconfFaultHandle = FaultHandle<FakeNetconfFault>

/**
 * The fake device's fault queue, matched in the order faults were added.
 * @example device.faults.next({ operation: 'commit', delayMs: 500 }); device.faults.clear()
 */
export class FakeNetconfFaults extends FaultList<FakeNetconfFault> {
  /** Queues a fault (the same as `add`). @example device.faults.next({ operation: 'lock', closeSession: true }) */
  next(fault: FakeNetconfFault): FakeNetconfFaultHandle {
    return this.add(fault)
  }

  /**
   * Consumes the first fault matching an operation of a session, if any.
   * @example const fault = faults.take('get-config', 1)
   */
  take(operation: string, sessionId: number): FakeNetconfFault | undefined {
    // The hello is only ever targeted by name, so a catch-all fault does not eat it.
    const matches = (f: FakeNetconfFault): boolean => (f.sessionId === undefined || f.sessionId === sessionId) && (f.operation === undefined ? operation !== 'hello' : f.operation === operation)
    return this.consumeWhere(matches, true)[0]
  }
}
