// src/infra/handlers/eem-node.ts — `eem.node`: a composed Valence/ExpEther node, with free devices of the asked types attached.
import type { EemClient, NodeCompose, NodeProperties } from '../../eem/index.js'
import { ConflictError, InputError, isClientError } from '../../core/errors.js'
import type { JsonValue } from '../definition-types.js'
import type { ResourceHandler } from '../handler-types.js'
import { type BuiltinHandlerOptions, Params, badRef, deleteSignal, ignoreNotFound, isNotFound, needClient, refString, resourceName, timing } from './common.js'

const TYPE = 'eem.node'

/** What `eem.node` keeps: the node's uuid, its pod manager, and the devices this handler attached. */
export type EemNodeRef = { node: string; podmId: string; devices: string[] }

/** One entry of `params.devices`: `count` free devices of `type` (default 1). */
interface DeviceRequest {
  type: string
  count: number
}

/**
 * The `eem.node` handler. Params: optional `name` (default `<infraId[0..8]>-<nodeId>`),
 * `description`, `podmId` (default the only pod manager), `flavorId` or `properties`
 * (Valence's compose request, e.g. `{ pci_device: { type: ['NIC'] } }`; neither: a bare
 * node), and `devices`: a list of `{ type, count? }`, each attached from the free devices of
 * that type after the compose and recorded in the ref. Delete detaches those (best effort), then
 * deletes the node (which releases what the compose attached).
 * @example resource: { type: 'eem.node', properties: { pci_device: { type: ['NIC'] } }, devices: [{ type: 'GPU' }] }
 */
export function eemNodeHandler(opts: BuiltinHandlerOptions = {}): ResourceHandler<EemNodeRef> {
  const t = timing(opts)
  return {
    async create(ctx) {
      const p = new Params(TYPE, ctx.params)
      const name = resourceName(ctx, p.optString('name'))
      const description = p.optString('description')
      const flavorId = p.optString('flavorId')
      const properties = p.optObject('properties')
      if (flavorId !== undefined && properties !== undefined) throw new InputError(`${TYPE}: give params.flavorId or params.properties, not both`)
      const devices = deviceRequests(p)
      let podmId = p.optString('podmId')
      const eem = needClient(ctx, TYPE, 'eem')
      podmId ??= await onlyPodManager(eem, ctx.signal)
      const input: NodeCompose = { name, podmId, ...(description !== undefined ? { description } : {}) }
      if (flavorId !== undefined) input.flavorId = flavorId
      else input.properties = (properties ?? {}) as NodeProperties
      const node = await eem.nodes.compose(input, { signal: ctx.signal })
      const ref: EemNodeRef = { node: node.uuid, podmId, devices: [] }
      await ctx.created(ref)
      for (const request of devices) {
        for (let k = 0; k < request.count; k++) {
          const device = await attachFree(eem, ref, request.type, ctx.signal)
          ref.devices.push(device)
          await ctx.created({ ...ref, devices: [...ref.devices] })
        }
      }
      return { ref: { ...ref, devices: [...ref.devices] } }
    },

    async delete(ref, ctx) {
      const node = refString(TYPE, ref, 'node')
      const devices = (ref as { devices?: unknown }).devices ?? []
      if (!Array.isArray(devices) || devices.some((d) => typeof d !== 'string')) throw badRef(TYPE, ref)
      const eem = needClient(ctx, TYPE, 'eem')
      const signal = deleteSignal(t)
      for (const device of [...(devices as string[])].reverse()) {
        await eem.nodes.detach(node, device, { signal }).catch(() => undefined) // best effort: the node's delete releases it too
      }
      await ignoreNotFound(() => eem.nodes.delete(node, { signal }))
    },

    async status(ref, ctx) {
      try {
        await needClient(ctx, TYPE, 'eem').nodes.get(refString(TYPE, ref, 'node'), { signal: ctx.signal })
        return 'ready'
      } catch (e) {
        if (isNotFound(e)) return 'gone'
        throw e
      }
    },
  }
}

function deviceRequests(p: Params): DeviceRequest[] {
  const v = p.raw('devices')
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw p.wrong('devices', 'a list of { type, count? }', v)
  return v.map((d: JsonValue, i) => {
    if (typeof d === 'string' && d !== '') return { type: d, count: 1 }
    if (typeof d !== 'object' || d === null || Array.isArray(d)) throw p.wrong(`devices[${i}]`, 'an object { type, count? }', d)
    if (typeof d.type !== 'string' || d.type === '') throw new InputError(`${TYPE} needs params.devices[${i}].type`)
    const count = d.count ?? 1
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) throw p.wrong(`devices[${i}].count`, 'a whole number ≥ 1', count)
    return { type: d.type, count }
  })
}

async function onlyPodManager(eem: EemClient, signal: AbortSignal): Promise<string> {
  const all = await eem.podManagers.list({ signal }).toArray()
  if (all.length === 1) return all[0]!.uuid
  throw new InputError(`${TYPE} needs params.podmId (Valence has ${all.length} pod managers${all.length ? `: ${all.map((m) => m.uuid).join(', ')}` : ''})`)
}

/** Attaches one free device of `type`; a device taken meanwhile (DeviceUnavailableError) makes it try the next. */
async function attachFree(eem: EemClient, ref: EemNodeRef, type: string, signal: AbortSignal): Promise<string> {
  const free = await eem.devices.list({ type, state: 'free', podmId: ref.podmId }, { signal }).toArray()
  let last: unknown
  for (const device of free) {
    if (ref.devices.includes(device.uuid)) continue
    try {
      await eem.nodes.attach(ref.node, device.uuid, { signal })
      return device.uuid
    } catch (e) {
      if (!(isClientError(e) && e.name === 'DeviceUnavailableError')) throw e
      last = e
    }
  }
  throw new ConflictError(`${TYPE}: no free ${type} device on pod manager ${ref.podmId} to attach to node ${ref.node}`, {
    code: 'DeviceNotAvailable',
    details: [`${free.length} listed free`],
    ...(last === undefined ? {} : { cause: last }),
  })
}
