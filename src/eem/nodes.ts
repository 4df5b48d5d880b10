// src/eem/nodes.ts — eem.nodes: composed and managed nodes, their devices (attach, detach) and actions (boot, reset, register).
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { path } from '../core/path.js'
import { checkAttachable } from './attach.js'
import { call } from './call-options.js'
import type { EemCallOptions, EemCalls } from './client.js'
import { bootAction, checkId, composeBody, manageBody, nodeQuery, resetAction, type BootOptions, type NodeCompose, type NodeFilters, type NodeManage, type ResetType } from './inputs.js'
import { onePage, unwrapList } from './lists.js'
import { NodeSchema, type EemNode } from './schemas.js'

/**
 * Options of `nodes.attach()`.
 * @example { check: false } // send the attach without reading the device first
 */
export interface AttachOptions extends EemCallOptions {
  /** Read the device (and node) first and refuse with DeviceUnavailableError. Default true. */
  check?: boolean
}

// Valence answers node actions with 204; 200 and 202 are taken as done too.
const ACTION_DONE = [200, 202, 204]

/**
 * `eem.nodes`.
 * @example
 * const n = await eem.nodes.compose({ name: 'n1', podmId, flavorId })
 * await eem.nodes.attach(n.uuid, deviceId)
 * await eem.nodes.reset(n.uuid, 'GracefulRestart')
 */
export class NodesApi {
  readonly #calls: EemCalls
  constructor(calls: EemCalls) {
    this.#calls = calls
  }

  /**
   * Nodes, filtered by Valence on the query (`name`, `podm_id`, `index`); one page.
   * @example const mine = await eem.nodes.list({ podmId }).toArray()
   */
  list(filters: NodeFilters = {}, opts: EemCallOptions = {}): Paginator<EemNode> {
    return onePage(async (signal) => {
      const query = nodeQuery(filters)
      return (await this.#calls.json('GET', '/nodes', z.array(NodeSchema), { query, ...call(signal, opts.timeoutMs) }, (b) => unwrapList(b, 'nodes'))) as EemNode[]
    }, opts.signal)
  }

  /**
   * One node, with its hardware fields (ExpEther: `serial_number`, `power_state`, `host_model`,
   * `mac_address`, `pooled_group_id`, …).
   * @example const { power_state, pooled_group_id } = await eem.nodes.get(uuid)
   */
  async get(uuid: string, opts: EemCallOptions = {}): Promise<EemNode> {
    checkId(uuid, 'nodeId')
    return (await this.#calls.json('GET', path`/nodes/${uuid}`, NodeSchema, call(opts.signal, opts.timeoutMs))) as EemNode
  }

  /**
   * Composes a node from a flavor or from properties (exactly one). ExpEther picks a free EESV
   * and attaches a free EEIO per `pci_device.type`; NotFoundError (code `40400`) when none is left.
   * @example await eem.nodes.compose({ name: 'n1', description: 'two SSDs', podmId, properties: { pci_device: { type: ['SSD', 'SSD'] } } })
   */
  async compose(input: NodeCompose, opts: EemCallOptions = {}): Promise<EemNode> {
    const body = composeBody(input)
    return (await this.#calls.json('POST', '/nodes', NodeSchema, { json: body, expect: [200, 201], ...call(opts.signal, opts.timeoutMs) })) as EemNode
  }

  /**
   * Makes Valence manage a node its pod manager already has. ConflictError (`ResourceExists`)
   * when it is managed already.
   * @example await eem.nodes.manage({ podmId, nodeIndex: '0x8cdf9d911cb0' })
   */
  async manage(input: NodeManage, opts: EemCallOptions = {}): Promise<EemNode> {
    const body = manageBody(input)
    return (await this.#calls.json('POST', '/nodes/manage', NodeSchema, { json: body, expect: [200, 201], ...call(opts.signal, opts.timeoutMs) })) as EemNode
  }

  /**
   * Deletes a node (its devices are detached first by Valence). Done on 200 or 204.
   * @example await eem.nodes.delete(uuid)
   */
  async delete(uuid: string, opts: EemCallOptions = {}): Promise<void> {
    checkId(uuid, 'nodeId')
    await this.#calls.none('DELETE', path`/nodes/${uuid}`, { expect: [200, 202, 204], ...call(opts.signal, opts.timeoutMs) })
  }

  /**
   * Attaches a device. First reads the device (and the node) and refuses with
   * DeviceUnavailableError when it is allocated (to which node), not `free`, outside ExpEther's
   * free group 4093, or on another pod manager; `{ check: false }` skips that.
   * @example await eem.nodes.attach(nodeId, deviceId)
   */
  async attach(nodeId: string, resourceId: string, opts: AttachOptions = {}): Promise<void> {
    checkId(nodeId, 'nodeId')
    checkId(resourceId, 'resourceId')
    if (opts.check !== false) await checkAttachable(this.#calls, nodeId, resourceId, call(opts.signal, opts.timeoutMs))
    await this.#action(nodeId, { attach: { resource_id: resourceId } }, opts)
  }

  /**
   * Detaches a device (ExpEther: back to the free group 4093). Detaching a free device is a no-op in Valence.
   * @example await eem.nodes.detach(nodeId, deviceId)
   */
  async detach(nodeId: string, resourceId: string, opts: EemCallOptions = {}): Promise<void> {
    checkId(nodeId, 'nodeId')
    checkId(resourceId, 'resourceId')
    await this.#action(nodeId, { detach: { resource_id: resourceId } }, opts)
  }

  /**
   * Sets the boot override.
   * @example await eem.nodes.boot(uuid, { enabled: 'Once', target: 'Pxe' })
   */
  async boot(uuid: string, boot: BootOptions, opts: EemCallOptions = {}): Promise<void> {
    checkId(uuid, 'nodeId')
    await this.#action(uuid, bootAction(boot), opts)
  }

  /**
   * Powers the node on or off, or restarts it.
   * @example await eem.nodes.reset(uuid, 'ForceOff')
   */
  async reset(uuid: string, type: ResetType, opts: EemCallOptions = {}): Promise<void> {
    checkId(uuid, 'nodeId')
    await this.#action(uuid, resetAction(type), opts)
  }

  /**
   * Registers the node with Ironic; `params` (optional) go in the body as Valence takes them.
   * Returns Valence's answer as it is.
   * @example await eem.nodes.register(uuid)
   */
  async register(uuid: string, params: Record<string, unknown> = {}, opts: EemCallOptions = {}): Promise<unknown> {
    checkId(uuid, 'nodeId')
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new InputError('register params must be an object')
    return this.#calls.json('POST', path`/nodes/${uuid}/register`, z.unknown(), { json: params, expect: [200, 201, 202], ...call(opts.signal, opts.timeoutMs) })
  }

  async #action(uuid: string, body: Record<string, unknown>, opts: EemCallOptions): Promise<void> {
    await this.#calls.none('POST', path`/nodes/${uuid}/action`, { json: body, expect: ACTION_DONE, ...call(opts.signal, opts.timeoutMs) })
  }
}
