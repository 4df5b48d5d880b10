// src/autoscale/activities.ts — scaling activities (launches and terminations) of the Auto Scaling API.
import type { Paginator } from '../core/pagination.js'
import { inputObject, optBool, optInt, optText, optTextList } from './checks.js'
import type { AutoscaleCallOptions, AutoscaleClient } from './client.js'
import type { ListActivitiesInput } from './inputs.js'
import { describe } from './paging.js'
import type { QueryValue } from './query.js'
import { ActivityDecoder, type Activity } from './schemas.js'

/** Scaling activities, newest first. */
export class ActivitiesApi {
  constructor(private readonly client: AutoscaleClient) {}

  /**
   * DescribeScalingActivities, every page followed.
   * @example const recent = await autoscale.activities.list({ AutoScalingGroupName: 'web' }).toArray({ max: 10 })
   */
  list(input: ListActivitiesInput = {}, opts?: AutoscaleCallOptions): Paginator<Activity> {
    return describe(this.client, 'DescribeScalingActivities', () => {
      const call = 'activities.list'
      const i = inputObject(input, call)
      optText(i, 'AutoScalingGroupName', call)
      optTextList(i, 'ActivityIds', call)
      optBool(i, 'IncludeDeletedGroups', call)
      optInt(i, 'MaxRecords', call, 1, 100)
      return i as Record<string, QueryValue | undefined>
    }, 'Activities', ActivityDecoder, opts)
  }
}
