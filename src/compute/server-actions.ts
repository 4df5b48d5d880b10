// src/compute/server-actions.ts — POST /servers/{id}/action: the server actions, with bodies as Nova's API reference writes them.
import { InputError, ResponseError } from '../core/errors.js'
import { path } from '../core/path.js'
import type { ClientResponse } from '../core/response.js'
import type { ComputeClient } from './client.js'
import { checkId, checkKeys, checkMetadata, checkName, checkObject, checkOptionalString, checkRef, describe } from './fields.js'
import { readJson, signalOf, type ComputeCallOptions } from './read.js'
import { RemoteConsoleSchema, type ConsoleProtocol, type RemoteConsole } from './resource-schemas.js'
import { checkHostname, encodeUserData } from './server-create.js'
import { AdminPassSchema, ImageIdSchema, ServerBodySchema, type Server } from './schemas.js'

/**
 * What `servers.rebuild()` takes, with Nova's field names. `user_data` is plain (the client
 * base64-encodes it); null removes it (2.57), as null `key_name` removes the key (2.54).
 * @example { imageRef: newImageId, name: 'web1', metadata: { rebuilt: 'yes' } }
 */
export interface ServerRebuild {
  imageRef: string
  name?: string
  adminPass?: string
  metadata?: Record<string, string>
  accessIPv4?: string
  accessIPv6?: string
  'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL'
  preserve_ephemeral?: boolean
  /** 2.19 and later. */
  description?: string | null
  /** 2.54 and later. */
  key_name?: string | null
  /** 2.57 and later. */
  user_data?: string | Uint8Array | null
  /** 2.63 and later. */
  trusted_image_certificates?: string[] | null
  /** 2.90 and later. */
  hostname?: string
}

/**
 * The console types of each protocol (`mks` needs 2.8).
 * @example CONSOLE_TYPES.vnc // ['novnc', 'xvpvnc']
 */
export const CONSOLE_TYPES: Readonly<Record<ConsoleProtocol, readonly string[]>> = {
  vnc: ['novnc', 'xvpvnc'],
  spice: ['spice-html5'],
  rdp: ['rdp-html5'],
  serial: ['serial'],
  mks: ['webmks'],
}

const REBUILD_KEYS = [
  'imageRef', 'name', 'adminPass', 'metadata', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig', 'preserve_ephemeral', 'description', 'key_name',
  'user_data', 'trusted_image_certificates', 'hostname',
]

/**
 * The server actions (`POST /servers/{id}/action`), each a method of `compute.servers`. Most
 * answer 202 and the work goes on in the background: follow it with `servers.waitFor()`.
 * Nova refuses an action the server's state does not allow with ConflictError (409).
 * @example
 * await compute.servers.stop(id)
 * await compute.servers.waitFor(id, 'SHUTOFF')
 */
export class ServerActions {
  /** The client the actions are sent through. */
  protected readonly compute: ComputeClient

  constructor(compute: ComputeClient) {
    this.compute = compute
  }

  /**
   * Reboots: `SOFT` (default; asks the guest) or `HARD` (power cycle).
   * @example await compute.servers.reboot(id, 'HARD')
   */
  async reboot(id: string, type: 'SOFT' | 'HARD' = 'SOFT', opts: ComputeCallOptions = {}): Promise<void> {
    if (type !== 'SOFT' && type !== 'HARD') throw new InputError(`reboot type must be SOFT or HARD, got ${describe(type)}`)
    await (await this.action(id, { reboot: { type } }, opts)).discard()
  }

  /** Powers a SHUTOFF server on (`os-start`). @example await compute.servers.start(id) */
  async start(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { 'os-start': null }, opts)).discard()
  }

  /** Powers a server off (`os-stop`); it shows SHUTOFF when done. @example await compute.servers.stop(id) */
  async stop(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { 'os-stop': null }, opts)).discard()
  }

  /** Pauses a server (its state stays in memory). @example await compute.servers.pause(id) */
  async pause(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { pause: null }, opts)).discard()
  }

  /** Unpauses a PAUSED server. @example await compute.servers.unpause(id) */
  async unpause(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { unpause: null }, opts)).discard()
  }

  /** Suspends a server (its state goes to disk). @example await compute.servers.suspend(id) */
  async suspend(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { suspend: null }, opts)).discard()
  }

  /** Resumes a SUSPENDED server. @example await compute.servers.resume(id) */
  async resume(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { resume: null }, opts)).discard()
  }

  /**
   * Resizes to another flavor; the server then shows VERIFY_RESIZE until `confirmResize()` or
   * `revertResize()`.
   * @example await compute.servers.resize(id, '3'); await compute.servers.waitFor(id, 'VERIFY_RESIZE'); await compute.servers.confirmResize(id)
   */
  async resize(id: string, flavorRef: string | number, opts: ComputeCallOptions & { 'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL' } = {}): Promise<void> {
    const resize: Record<string, unknown> = { flavorRef: checkRef(flavorRef, 'flavorRef') }
    const disk = opts['OS-DCF:diskConfig']
    if (disk !== undefined) {
      if (disk !== 'AUTO' && disk !== 'MANUAL') throw new InputError(`OS-DCF:diskConfig must be AUTO or MANUAL, got ${describe(disk)}`)
      resize['OS-DCF:diskConfig'] = disk
    }
    await (await this.action(id, { resize }, opts)).discard()
  }

  /** Keeps the new flavor after a resize (answers 204). @example await compute.servers.confirmResize(id) */
  async confirmResize(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { confirmResize: null }, opts)).discard()
  }

  /** Goes back to the old flavor after a resize. @example await compute.servers.revertResize(id) */
  async revertResize(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { revertResize: null }, opts)).discard()
  }

  /**
   * Rebuilds the server from an image (its disk is replaced); returns the server as Nova shows it
   * then (status REBUILD), with the new `adminPass`.
   * @example const s = await compute.servers.rebuild(id, { imageRef: newImageId, name: 'web1-v2' })
   */
  async rebuild(id: string, input: ServerRebuild, opts: ComputeCallOptions = {}): Promise<Server> {
    const rebuild = this.#rebuildBody(input)
    const res = await this.action(id, { rebuild }, opts)
    return (await readJson(res, ServerBodySchema, 'POST')).server as Server
  }

  /**
   * Snapshots the server into a new image and returns the image's id: from the body at 2.45 and
   * later, from the `Location` header before. Follow the image with the image service.
   * @example const imageId = await compute.servers.createImage(id, { name: 'web1-snap', metadata: { purpose: 'backup' } })
   */
  async createImage(id: string, input: { name: string; metadata?: Record<string, string> }, opts: ComputeCallOptions = {}): Promise<string> {
    checkObject(input, 'createImage options')
    checkKeys(input, ['name', 'metadata'], 'createImage options')
    checkName(input.name, 'name')
    const createImage: Record<string, unknown> = { name: input.name }
    if (input.metadata !== undefined) {
      checkMetadata(input.metadata, 'metadata')
      createImage.metadata = { ...input.metadata }
    }
    const res = await this.action(id, { createImage }, opts)
    if (this.compute.supports('createImage.imageIdInBody')) return (await readJson(res, ImageIdSchema, 'POST')).image_id
    await res.discard()
    const location = res.headers.get('location')
    const imageId = location?.replace(/\/+$/, '').split('/').pop()
    if (!imageId) throw new ResponseError(`POST ${res.url}: createImage answered without a Location header`, { status: res.status, url: res.url })
    return decodeURIComponent(imageId)
  }

  /**
   * Sets the administrative password in the guest (`changePassword`; the guest agent must support it).
   * @example await compute.servers.changePassword(id, 'n3w-s3cret')
   */
  async changePassword(id: string, adminPass: string, opts: ComputeCallOptions = {}): Promise<void> {
    checkId(adminPass, 'adminPass')
    await (await this.action(id, { changePassword: { adminPass } }, opts)).discard()
  }

  /**
   * Boots the server from a rescue image (its disk attached as a second one) and returns the
   * rescue password (the one given, or one Nova made up).
   * @example const pass = await compute.servers.rescue(id, { rescue_image_ref: rescueImageId })
   */
  async rescue(id: string, input: { adminPass?: string; rescue_image_ref?: string } = {}, opts: ComputeCallOptions = {}): Promise<string> {
    checkObject(input, 'rescue options')
    checkKeys(input, ['adminPass', 'rescue_image_ref'], 'rescue options')
    if (input.adminPass !== undefined) checkId(input.adminPass, 'adminPass')
    if (input.rescue_image_ref !== undefined) checkId(input.rescue_image_ref, 'rescue_image_ref')
    const rescue = Object.keys(input).some((k) => input[k as keyof typeof input] !== undefined) ? { ...input } : null
    const res = await this.action(id, { rescue }, opts)
    return (await readJson(res, AdminPassSchema, 'POST')).adminPass
  }

  /** Leaves rescue mode. @example await compute.servers.unrescue(id) */
  async unrescue(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { unrescue: null }, opts)).discard()
  }

  /**
   * Locks the server against actions by non-admins; `locked_reason` needs 2.73.
   * @example await compute.servers.lock(id, { locked_reason: 'maintenance' })
   */
  async lock(id: string, input: { locked_reason?: string } = {}, opts: ComputeCallOptions = {}): Promise<void> {
    checkObject(input, 'lock options')
    checkKeys(input, ['locked_reason'], 'lock options')
    let lock: { locked_reason: string } | null = null
    if (input.locked_reason !== undefined) {
      this.compute.requireFeature('lock.reason')
      checkOptionalString(input.locked_reason, 'locked_reason')
      lock = { locked_reason: input.locked_reason }
    }
    await (await this.action(id, { lock }, opts)).discard()
  }

  /** Unlocks the server. @example await compute.servers.unlock(id) */
  async unlock(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { unlock: null }, opts)).discard()
  }

  /** Shelves the server (stopped, then offloaded from its host). @example await compute.servers.shelve(id) */
  async shelve(id: string, opts: ComputeCallOptions = {}): Promise<void> {
    await (await this.action(id, { shelve: null }, opts)).discard()
  }

  /**
   * Unshelves a shelved server, optionally into another availability zone (2.77).
   * @example await compute.servers.unshelve(id, { availability_zone: 'az2' })
   */
  async unshelve(id: string, input: { availability_zone?: string } = {}, opts: ComputeCallOptions = {}): Promise<void> {
    checkObject(input, 'unshelve options')
    checkKeys(input, ['availability_zone'], 'unshelve options')
    let unshelve: { availability_zone: string } | null = null
    if (input.availability_zone !== undefined) {
      this.compute.requireFeature('unshelve.availability_zone')
      checkId(input.availability_zone, 'availability_zone')
      unshelve = { availability_zone: input.availability_zone }
    }
    await (await this.action(id, { unshelve }, opts)).discard()
  }

  /**
   * A remote console URL (`POST /servers/{id}/remote-consoles`, 2.6 and later): `vnc`/`novnc`,
   * `spice`/`spice-html5`, `rdp`/`rdp-html5`, `serial`/`serial`, `mks`/`webmks` (2.8).
   * @example const { url } = await compute.servers.remoteConsole(id, { protocol: 'vnc', type: 'novnc' })
   */
  async remoteConsole(id: string, input: { protocol: ConsoleProtocol; type: string }, opts: ComputeCallOptions = {}): Promise<RemoteConsole> {
    checkId(id, 'server id')
    checkObject(input, 'remote console')
    checkKeys(input, ['protocol', 'type'], 'remote console')
    this.compute.requireFeature('remoteConsole')
    const types = CONSOLE_TYPES[input.protocol]
    if (!Object.hasOwn(CONSOLE_TYPES, input.protocol) || !types) throw new InputError(`protocol must be one of ${Object.keys(CONSOLE_TYPES).join(', ')}, got ${describe(input.protocol)}`)
    if (input.protocol === 'mks') this.compute.requireFeature('remoteConsole.mks')
    if (!types.includes(input.type)) throw new InputError(`console type for ${input.protocol} must be ${types.join(' or ')}, got ${describe(input.type)}`)
    const res = await this.compute.post(path`/servers/${id}/remote-consoles`, {
      json: { remote_console: { protocol: input.protocol, type: input.type } },
      ...signalOf(opts),
    })
    return (await readJson(res, RemoteConsoleSchema, 'POST')).remote_console as RemoteConsole
  }

  /**
   * Sends one action body to `POST /servers/{id}/action` (for actions this class does not
   * wrap: `{ trigger_crash_dump: null }`, `{ migrate: null }`, …).
   * @example await compute.servers.action(id, { trigger_crash_dump: null })
   */
  async action(id: string, body: Record<string, unknown>, opts: ComputeCallOptions = {}): Promise<ClientResponse> {
    checkId(id, 'server id')
    checkObject(body, 'action body')
    if (Object.keys(body).length !== 1) throw new InputError(`an action body has exactly one key (the action), got ${Object.keys(body).length}`)
    return this.compute.post(path`/servers/${id}/action`, { json: body, ...signalOf(opts) })
  }

  #rebuildBody(input: ServerRebuild): Record<string, unknown> {
    checkObject(input, 'rebuild options')
    checkKeys(input as unknown as Record<string, unknown>, REBUILD_KEYS, 'rebuild options')
    const body: Record<string, unknown> = { imageRef: checkRef(input.imageRef, 'imageRef') }
    if (input.name !== undefined) checkName(input.name, 'name')
    for (const key of ['name', 'adminPass', 'accessIPv4', 'accessIPv6'] as const) {
      if (input[key] === undefined) continue
      checkId(input[key], key)
      body[key] = input[key]
    }
    if (input.metadata !== undefined) {
      checkMetadata(input.metadata, 'metadata')
      body.metadata = { ...input.metadata }
    }
    const disk = input['OS-DCF:diskConfig']
    if (disk !== undefined) {
      if (disk !== 'AUTO' && disk !== 'MANUAL') throw new InputError(`OS-DCF:diskConfig must be AUTO or MANUAL, got ${describe(disk)}`)
      body['OS-DCF:diskConfig'] = disk
    }
    if (input.preserve_ephemeral !== undefined) {
      if (typeof input.preserve_ephemeral !== 'boolean') throw new InputError('preserve_ephemeral must be true or false')
      body.preserve_ephemeral = input.preserve_ephemeral
    }
    if (input.description !== undefined) {
      this.compute.requireFeature('server.description')
      checkOptionalString(input.description, 'description', 255, true)
      body.description = input.description
    }
    if (input.key_name !== undefined) {
      this.compute.requireFeature('rebuild.key_name')
      if (input.key_name !== null) checkId(input.key_name, 'key_name')
      body.key_name = input.key_name
    }
    if (input.user_data !== undefined) {
      this.compute.requireFeature('rebuild.user_data')
      body.user_data = input.user_data === null ? null : encodeUserData(input.user_data)
    }
    if (input.trusted_image_certificates !== undefined) {
      this.compute.requireFeature('trusted_image_certificates')
      const certs = input.trusted_image_certificates
      if (certs !== null && (!Array.isArray(certs) || certs.length === 0)) throw new InputError('trusted_image_certificates must be a non-empty list of ids, or null')
      certs?.forEach((c, i) => checkId(c, `trusted_image_certificates[${i}]`))
      body.trusted_image_certificates = certs === null ? null : [...certs]
    }
    if (input.hostname !== undefined) {
      this.compute.requireFeature('hostname')
      checkHostname(input.hostname)
      body.hostname = input.hostname
    }
    return body
  }
}
