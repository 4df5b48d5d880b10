// src/testing/autoscale-context.ts — what every fake Auto Scaling action gets, and the checks several actions share.
import { QueryError, type QueryParams } from './autoscale-params.js'
import type { PageTokens } from './autoscale-paging.js'
import type { AutoscaleState } from './autoscale-store.js'
import type { AsGroup } from './autoscale-types.js'
import type { AutoscaleDialect } from './autoscale-xml.js'

/**
 * One request as an action sees it.
 * @example const group = ctx.group(ctx.params.required('AutoScalingGroupName'))
 */
export interface QueryContext {
  state: AutoscaleState
  params: QueryParams
  dialect: AutoscaleDialect
  tokens: PageTokens
  /** The group by name, or AWS's ValidationError "AutoScalingGroup name not found". */
  group(name: string): AsGroup
}

/**
 * An action: reads `ctx.params`, changes `ctx.state`, and returns the inner XML of its `<XResult>`,
 * or undefined when the action has no output (then the answer has no XResult). Errors are thrown
 * as QueryError.
 * @example const describeTags: QueryAction = (ctx) => members('Tags', [])
 */
export type QueryAction = (ctx: QueryContext) => string | undefined

/**
 * Builds the context of one request.
 * @example const ctx = queryContext(state, params, 'aws', tokens)
 */
export function queryContext(state: AutoscaleState, params: QueryParams, dialect: AutoscaleDialect, tokens: PageTokens): QueryContext {
  return {
    state,
    params,
    dialect,
    tokens,
    group: (name) => {
      const g = state.groups.get(name)
      if (!g) throw new QueryError('ValidationError', `AutoScalingGroup name not found - AutoScalingGroup '${name}' not found`)
      return g
    },
  }
}

/**
 * AWS's checks of a group's sizes: MinSize ≤ MaxSize and MinSize ≤ DesiredCapacity ≤ MaxSize.
 * @example checkSizes(1, 3, 2) // ok; checkSizes(3, 1, 1) throws "Max bound, 1, must be greater than or equal to min bound, 3"
 */
export function checkSizes(min: number, max: number, desired: number): void {
  if (max < min) throw new QueryError('ValidationError', `Max bound, ${max}, must be greater than or equal to min bound, ${min}`)
  if (desired < min || desired > max) throw new QueryError('ValidationError', `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`)
}

/**
 * A name parameter checked as AWS's model does (1 to 255 characters), required.
 * @example const name = resourceName(ctx.params, 'AutoScalingGroupName')
 */
export function resourceName(params: QueryParams, param: string): string {
  const name = params.required(param)
  if (name.length > 255) {
    throw new QueryError('ValidationError', `1 validation error detected: Value '${name}' at '${param.charAt(0).toLowerCase()}${param.slice(1)}' failed to satisfy constraint: Member must have length less than or equal to 255`)
  }
  return name
}

/**
 * The zone the n-th instance of a group lands in: its AvailabilityZones round-robin; Phantom's
 * is the site of the `name@site` launch configuration; a VPC-only group's is `<region>a`.
 * @example const zone = zoneFor(state, 'aws')(group, 0)
 */
export function zoneFor(state: AutoscaleState, dialect: AutoscaleDialect): (g: AsGroup, n: number) => string {
  return (g, n) => {
    if (dialect === 'phantom' && g.launchConfigurationName.includes('@')) return g.launchConfigurationName.slice(g.launchConfigurationName.lastIndexOf('@') + 1)
    if (g.availabilityZones.length > 0) return g.availabilityZones[n % g.availabilityZones.length]!
    return `${state.config.region}a`
  }
}
