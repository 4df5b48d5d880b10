// src/image/client.ts — ImageClient: OpenStack Image (Glance) API v2.
import { Client } from '../core/client.js'
import type { CallOptions, ClientOptions } from '../core/options.js'
import type { ClientResponse } from '../core/response.js'
import type { HttpMethod } from '../core/retry.js'
import { glanceError } from './error-body.js'
import { ImagesApi, type ImageCallOptions } from './images.js'
import { importMethods, listStores } from './import.js'
import { MembersApi } from './members.js'
import type { ImageStore } from './schemas.js'

/**
 * Options of an ImageClient: those of every Client. With a `session` and no `endpoint`, the
 * endpoint is the catalog's `image` entry.
 * @example new ImageClient({ session: await KeystoneSession.fromEnv(), region: 'RegionOne' })
 */
export type ImageClientOptions = ClientOptions

/**
 * OpenStack Glance (Image API v2). The catalog's URL is usually unversioned
 * (`http://host:9292`); `/v2` is appended unless the URL already ends with it, so
 * `http://cloud/image` and `http://host:9292/v2` work alike.
 * @example
 * const image = new ImageClient({ session })
 * const img = await image.images.create({ name: 'debian-12', disk_format: 'qcow2', container_format: 'bare' })
 * await image.images.upload(img.id, '/var/tmp/debian-12.qcow2')
 * await image.members.add(img.id, otherProjectId)
 */
export class ImageClient extends Client {
  /** Images: list, get, create, update, delete, deactivate, reactivate, tags, upload, download, stage, import, waitFor. */
  readonly images: ImagesApi
  /** Members of shared images: list, add, get, updateStatus, remove. */
  readonly members: MembersApi

  constructor(options: ImageClientOptions) {
    super({ ...options, serviceType: options.serviceType ?? 'image' })
    this.images = new ImagesApi(this)
    this.members = new MembersApi(this)
  }

  /** The API base, ending in `/v2`. @example await image.endpoint() // 'http://127.0.0.1:9292/v2' */
  override async endpoint(signal?: AbortSignal): Promise<string> {
    return versioned(await super.endpoint(signal))
  }

  /** A request whose errors carry Glance's reason as a clean message (see glanceError). @example await image.request('GET', '/schemas/image') */
  override async request(method: HttpMethod, p: string, opts?: CallOptions): Promise<ClientResponse> {
    try {
      return await super.request(method, p, opts)
    } catch (e) {
      throw glanceError(e)
    }
  }

  /**
   * The import methods the cloud enabled (`GET /v2/info/import`).
   * @example if (!(await image.importMethods()).includes('web-download')) console.log('no web-download here')
   */
  importMethods(opts: ImageCallOptions = {}): Promise<string[]> {
    return importMethods(this, opts.signal)
  }

  /**
   * The cloud's stores (`GET /v2/info/stores`, multi-store clouds; NotFoundError elsewhere).
   * @example const ids = (await image.stores()).map((s) => s.id)
   */
  stores(opts: ImageCallOptions = {}): Promise<ImageStore[]> {
    return listStores(this, opts.signal)
  }
}

/**
 * The Image API v2 base for a catalog URL: kept when it already ends in `/v2` (or `/v2.x`),
 * else `/v2` is appended.
 * @example versioned('http://cloud/image') // 'http://cloud/image/v2'
 */
export function versioned(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '')
  return /\/v2(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/v2`
}
