// src/autoscale/tags.ts — tags on Auto Scaling groups (Phantom reads its policy from them).
import { InputError } from '../core/errors.js'
import type { Paginator } from '../core/pagination.js'
import { inputObject, optInt } from './checks.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import { explainServerError, type Precondition } from './diagnose.js'
import type { ListTagsInput, TagInput } from './inputs.js'
import { describe } from './paging.js'
import type { QueryValue } from './query.js'
import { TagDescriptionDecoder, type TagDescription } from './schemas.js'

/** A tag as sent: the group is required here. @example { ResourceId: 'web', Key: 'env', Value: 'prod' } */
export type GroupTag = TagInput & { ResourceId: string }

/**
 * Tags checked before any request: Key 1–128 characters, Value at most 256, ResourceId given.
 * @example checkTags([{ ResourceId: 'web', Key: 'env', Value: 'prod' }], 'tags.createOrUpdate', true)
 */
export function checkTags(tags: unknown, call: string, needValue: boolean): Required<Pick<TagInput, 'Key' | 'ResourceId' | 'ResourceType'>>[] {
  if (!Array.isArray(tags) || tags.length === 0) throw new InputError(`${call}: tags must be a non-empty array`)
  return tags.map((raw, n) => {
    const t = inputObject(raw, `${call} tags[${n}]`)
    if (typeof t.Key !== 'string' || t.Key.length === 0 || t.Key.length > 128) throw new InputError(`${call}: tags[${n}].Key must be 1 to 128 characters`)
    if (typeof t.ResourceId !== 'string' || t.ResourceId === '') throw new InputError(`${call}: tags[${n}].ResourceId (the group name) is required`)
    if (t.Value !== undefined && (typeof t.Value !== 'string' || t.Value.length > 256)) throw new InputError(`${call}: tags[${n}].Value must be a string of at most 256 characters`)
    if (needValue && t.PropagateAtLaunch !== undefined && typeof t.PropagateAtLaunch !== 'boolean') throw new InputError(`${call}: tags[${n}].PropagateAtLaunch must be true or false`)
    return { ResourceType: 'auto-scaling-group', ...t } as Required<Pick<TagInput, 'Key' | 'ResourceId' | 'ResourceType'>>
  })
}

/** Tags of groups. */
export class TagsApi {
  constructor(private readonly client: AutoscaleClient) {}

  /**
   * CreateOrUpdateTags. An unknown group is a NotFoundError, also from servers that answer it with a bare 500 (moto).
   * @example await autoscale.tags.createOrUpdate([{ ResourceId: 'web', Key: 'env', Value: 'prod', PropagateAtLaunch: true }])
   */
  async createOrUpdate(tags: GroupTag[], opts?: AutoscaleCallOptions): Promise<void> {
    const checked = checkTags(tags, 'tags.createOrUpdate', true)
    await explainServerError(() => this.client.query('CreateOrUpdateTags', { Tags: checked as unknown as QueryValue }, opts), this.#groupsExist(checked, opts), opts?.signal)
  }

  /**
   * DescribeTags, every page followed.
   * @example const tags = await autoscale.tags.list({ Filters: [{ Name: 'auto-scaling-group', Values: ['web'] }] }).toArray()
   */
  list(input: ListTagsInput = {}, opts?: AutoscaleCallOptions): Paginator<TagDescription> {
    return describe(this.client, 'DescribeTags', () => {
      const i = inputObject(input, 'tags.list')
      optInt(i, 'MaxRecords', 'tags.list', 1, 100)
      return i as Record<string, QueryValue | undefined>
    }, 'Tags', TagDescriptionDecoder, opts)
  }

  /**
   * DeleteTags (a Value, when given, must match). An unknown group is a NotFoundError, also from servers that answer it with a bare 500 (moto).
   * @example await autoscale.tags.delete([{ ResourceId: 'web', Key: 'env' }])
   */
  async delete(tags: GroupTag[], opts?: AutoscaleCallOptions): Promise<void> {
    const checked = checkTags(tags, 'tags.delete', false)
    await explainServerError(() => this.client.query('DeleteTags', { Tags: checked as unknown as QueryValue }, opts), this.#groupsExist(checked, opts), opts?.signal)
  }

  #groupsExist(tags: readonly { ResourceId: string }[], opts: AutoscaleCallOptions | undefined): Precondition[] {
    return [...new Set(tags.map((t) => t.ResourceId))].map((g) => ({ what: `AutoScalingGroup '${g}'`, exists: async () => (await this.client.groups.get(g, opts)) !== undefined }))
  }
}
