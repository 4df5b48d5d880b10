// src/testing/autoscale-tags.ts — group tags: CreateOrUpdateTags, DeleteTags, DescribeTags with filters, and Phantom's PHANTOM_DEFINITION check.
import { members } from './autoscale-xml.js'
import type { QueryAction, QueryContext } from './autoscale-context.js'
import { QueryError, missing, nestedMembers } from './autoscale-params.js'
import { tagXml } from './autoscale-view.js'
import type { AsTag } from './autoscale-types.js'

/** Phantom's decision engines, chosen by the PHANTOM_DEFINITION tag. @example PHANTOM_DEFINITIONS.includes('sensor_engine') // true */
export const PHANTOM_DEFINITIONS = ['error_overflow_n_preserving', 'sensor_engine', 'multi_site_n_preserving', 'single_site_n_preserving'] as const

/** Most tags a group may have. */
const MAX_TAGS = 50

/**
 * The `Tags.member.N` structures of a request, each with the group it is for (ResourceId, or
 * `defaultGroup` when creating a group). Checks Key, ResourceType and, for Phantom, the engine name.
 * @example readTags(ctx, 'web', false) // [{ groupName: 'web', tag: { key: 'env', value: 'prod', propagateAtLaunch: false } }]
 */
export function readTags(ctx: QueryContext, defaultGroup: string | undefined, withValues = true): { groupName: string; tag: AsTag }[] {
  return ctx.params.structs('Tags').map((s) => {
    const key = s.get('Key')
    if (!key) throw missing('Tags.member.Key')
    if (key.length > 128) throw new QueryError('ValidationError', `1 validation error detected: Value '${key}' at 'tags.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`)
    const type = s.get('ResourceType')
    if (type !== undefined && type !== 'auto-scaling-group') throw new QueryError('ValidationError', `Invalid resource type: ${type}. Only auto-scaling-group is supported.`)
    const groupName = s.get('ResourceId') ?? defaultGroup
    if (!groupName) throw missing('Tags.member.ResourceId')
    const value = s.get('Value') ?? ''
    if (ctx.dialect === 'phantom' && withValues && key === 'PHANTOM_DEFINITION' && !(PHANTOM_DEFINITIONS as readonly string[]).includes(value)) {
      throw new QueryError('InvalidParameterValue', `Unknown PHANTOM_DEFINITION ${value}`)
    }
    return { groupName, tag: { key, value, propagateAtLaunch: /^true$/i.test(s.get('PropagateAtLaunch') ?? 'false') } }
  })
}

/**
 * CreateOrUpdateTags: adds or overwrites tags of existing groups (ValidationError for an unknown
 * one, LimitExceeded past 50 tags).
 * @example // Action=CreateOrUpdateTags&Tags.member.1.ResourceId=web&Tags.member.1.ResourceType=auto-scaling-group&Tags.member.1.Key=env&Tags.member.1.Value=prod
 */
export const createOrUpdateTags: QueryAction = (ctx) => {
  const tags = readTags(ctx, undefined)
  if (tags.length === 0) throw missing('Tags')
  for (const { groupName } of tags) ctx.group(groupName)
  for (const { groupName, tag } of tags) {
    const g = ctx.group(groupName)
    const existing = g.tags.find((t) => t.key === tag.key)
    if (existing) Object.assign(existing, tag)
    else if (g.tags.length >= MAX_TAGS) throw new QueryError('LimitExceeded', `The quota of ${MAX_TAGS} tags for AutoScalingGroup ${groupName} has already been reached.`)
    else g.tags.push(tag)
  }
  return undefined
}

/**
 * DeleteTags: removes tags by ResourceId and Key (absent keys are ignored, unknown groups are not).
 * @example // Action=DeleteTags&Tags.member.1.ResourceId=web&Tags.member.1.ResourceType=auto-scaling-group&Tags.member.1.Key=env
 */
export const deleteTags: QueryAction = (ctx) => {
  const tags = readTags(ctx, undefined, false)
  if (tags.length === 0) throw missing('Tags')
  for (const { groupName, tag } of tags) {
    const g = ctx.group(groupName)
    g.tags = g.tags.filter((t) => t.key !== tag.key)
  }
  return undefined
}

const FILTERS: Record<string, (groupName: string, t: AsTag) => string> = {
  'auto-scaling-group': (g) => g,
  key: (_g, t) => t.key,
  value: (_g, t) => t.value,
  'propagate-at-launch': (_g, t) => String(t.propagateAtLaunch),
}

/**
 * DescribeTags: every tag of every group, narrowed by Filters (`auto-scaling-group`, `key`, `value`,
 * `propagate-at-launch`; values of one filter OR, filters AND), by group then key, paged.
 * @example // Action=DescribeTags&Filters.member.1.Name=auto-scaling-group&Filters.member.1.Values.member.1=web
 */
export const describeTags: QueryAction = (ctx) => {
  const filters = ctx.params.structs('Filters').map((f) => {
    const name = f.get('Name') ?? ''
    const field = FILTERS[name]
    if (!field) throw new QueryError('ValidationError', `Filter type ${name} is not correct. Allowed Filter types are: auto-scaling-group, key, value, propagate-at-launch`)
    return { field, values: nestedMembers(f, 'Values') }
  })
  const all = [...ctx.state.groups.values()].flatMap((g) => g.tags.map((tag) => ({ groupName: g.name, tag })))
  const matching = all.filter(({ groupName, tag }) => filters.every(({ field, values }) => values.includes(field(groupName, tag))))
  const page = ctx.tokens.page('DescribeTags', matching, (t) => `${t.groupName}\u0000${t.tag.key}`, ctx.params, ctx.dialect === 'aws')
  return members('Tags', page.items.map((t) => tagXml(t.groupName, t.tag))) + (page.nextToken ? `<NextToken>${page.nextToken}</NextToken>` : '')
}
