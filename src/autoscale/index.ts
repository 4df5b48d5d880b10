// src/autoscale/index.ts — `strato/autoscale`: the AWS Auto Scaling Query API (AWS, moto, Phantom) and Phantom's REST API.
export { AutoscaleClient, AUTOSCALING_API_VERSION, parseQueryResponse, type AutoscaleClientOptions, type AutoscaleCallOptions, type QueryResult } from './client.js'
export {
  credentialsFromEnv,
  loadAwsProfile,
  defaultCredentialProvider,
  type AwsCredentials,
  type AwsCredentialProvider,
  type AwsEnvironment,
  type AwsProfile,
} from './credentials.js'
export { signV4, signV2, AUTOSCALING_SIGNING_NAME, type SigningContext, type SigV2Method } from './signing.js'
export { flattenQuery, encodeForm, rfc3986, type QueryValue } from './query.js'
export { isRetryableCode, autoscaleErrorFromResponse } from './errors.js'
export type {
  TagInput,
  BlockDeviceMappingInput,
  CreateLaunchConfigurationInput,
  LaunchTemplateInput,
  CreateAutoScalingGroupInput,
  UpdateAutoScalingGroupInput,
  Filter,
  ListGroupsInput,
  ListLaunchConfigurationsInput,
  ListInstancesInput,
  StepAdjustmentInput,
  PutScalingPolicyInput,
  ListPoliciesInput,
  ExecutePolicyInput,
  ListActivitiesInput,
  ListTagsInput,
} from './inputs.js'
export type {
  LaunchConfiguration,
  Instance,
  TagDescription,
  AutoScalingGroup,
  AutoScalingInstance,
  ScalingPolicy,
  PutScalingPolicyResult,
  Activity,
} from './schemas.js'
export type { LaunchConfigurationsApi } from './launch-configurations.js'
export type { GroupsApi, DeleteGroupOptions, SetDesiredCapacityOptions } from './groups.js'
export type { InstancesApi, TerminateOptions } from './instances.js'
export type { PoliciesApi } from './policies.js'
export type { ActivitiesApi } from './activities.js'
export type { TagsApi, GroupTag } from './tags.js'
export { isInService, type WaitForCapacityOptions } from './wait.js'
export {
  phantomLaunchConfigurationName,
  parsePhantomLaunchConfigurationName,
  phantomPolicyTags,
  type PhantomDefinition,
  type PhantomCloud,
  type PhantomPolicy,
} from './phantom-conventions.js'
export type { Decoder, Decoded } from './decode.js'
export * from './phantom/index.js'
