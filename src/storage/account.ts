// src/storage/account.ts — storage.account: the account's counters and metadata.
import type { StorageClient } from './client.js'
import { intHeader, metadataHeaders, readMetadata } from './headers.js'
import type { AccountInfo, Metadata } from './types.js'

/**
 * `storage.account`: the account behind the storage URL.
 * @example const { containerCount, metadata } = await storage.account.info()
 */
export class AccountApi {
  readonly #client: StorageClient
  constructor(client: StorageClient) {
    this.#client = client
  }

  /**
   * Counters and metadata of the account, with the cluster's capabilities.
   * @example const info = await storage.account.info(); console.log(info.bytesUsed, info.capabilities.slo)
   */
  async info(opts: { signal?: AbortSignal } = {}): Promise<AccountInfo> {
    const [res, capabilities] = await Promise.all([this.#client.head('', opts), this.#client.capabilities(opts)])
    return {
      containerCount: intHeader(res.headers, 'x-account-container-count'),
      objectCount: intHeader(res.headers, 'x-account-object-count'),
      bytesUsed: intHeader(res.headers, 'x-account-bytes-used'),
      metadata: readMetadata('Account', res.headers),
      capabilities,
      headers: res.headers,
    }
  }

  /**
   * Sets account metadata (other keys are kept). `Temp-URL-Key` here is the key for temp URLs.
   * @example await storage.account.setMetadata({ 'Temp-URL-Key': key })
   */
  async setMetadata(metadata: Metadata, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const headers = metadataHeaders('Account', metadata)
    await (await this.#client.post('', { ...opts, headers })).discard()
  }

  /**
   * Removes account metadata keys.
   * @example await storage.account.deleteMetadata(['project'])
   */
  async deleteMetadata(keys: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<void> {
    const headers = metadataHeaders('Account', {}, keys)
    await (await this.#client.post('', { ...opts, headers })).discard()
  }
}
