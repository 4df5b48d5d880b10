// src/infra/state-book.ts — an infrastructure's state in memory, written to the store after every step, one write at a time.
import type { InfraState, InfraStore, InstanceRecord } from './store-types.js'

/**
 * Keeps the InfraState of one operation and persists it: `flush()` writes the current snapshot and
 * resolves once it is stored. Writes are chained (one at a time, later snapshots after older ones)
 * and coalesced (flushes asked for during a write share the next one).
 * @example
 * const book = new StateBook(store, state)
 * book.update('web-0', { state: 'ready' })
 * await book.flush()
 */
export class StateBook {
  readonly #store: InfraStore
  readonly #state: InfraState
  #chain: Promise<void> = Promise.resolve()
  #queued: Promise<void> | undefined

  constructor(store: InfraStore, state: InfraState) {
    this.#store = store
    this.#state = state
  }

  /** The live state (read-only by convention: change it through the methods). @example book.state.status */
  get state(): InfraState {
    return this.#state
  }

  /** Appends an instance record. @example book.add(record) */
  add(record: InstanceRecord): InstanceRecord {
    this.#state.instances.push(record)
    this.#touch()
    return record
  }

  /** The record of an instance. @example book.get('db-0')?.address */
  get(nodeId: string): InstanceRecord | undefined {
    return this.#state.instances.find((r) => r.nodeId === nodeId)
  }

  /** Changes an instance's record. @example book.update('db-0', { state: 'failed', error: 'quota' }) */
  update(nodeId: string, patch: Partial<Omit<InstanceRecord, 'nodeId' | 'node' | 'createdAt'>>): void {
    const record = this.get(nodeId)
    if (!record) return
    Object.assign(record, patch, { updatedAt: new Date().toISOString() })
    this.#touch()
  }

  /** Sets the infra's status (and failure). @example book.setStatus('ready') */
  setStatus(status: InfraState['status'], failure?: InfraState['failure']): void {
    this.#state.status = status
    if (failure) this.#state.failure = failure
    this.#touch()
  }

  /**
   * Writes the current state; resolves once a write that includes every change made before this
   * call is stored. Flushes asked for while a write is in flight share the next write, so forty
   * parallel steps cost two writes, not forty. A failed write rejects the flushes that waited on it.
   * @example await book.flush()
   */
  flush(): Promise<void> {
    if (this.#queued) return this.#queued
    const write = this.#chain.then(() => {
      // Taken when the write starts, so it holds every change of every flush that joined it.
      this.#queued = undefined
      const snapshot = structuredClone(this.#state)
      return this.#store.putState(snapshot.infraId, snapshot)
    })
    this.#queued = write
    this.#chain = write.catch(() => undefined)
    return write
  }

  #touch(): void {
    this.#state.updatedAt = new Date().toISOString()
  }
}
