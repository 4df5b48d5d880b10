// AutoscaleClient and PhantomClient end to end on the fake cloud: real signatures checked by the fake, both dialects, both auths.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AutoscaleClient, PhantomClient, PhantomConflictError, phantomLaunchConfigurationName, phantomPolicyTags } from '../../src/autoscale/index.js'
import { ConflictError, ForbiddenError, NotFoundError, RateLimitError, UnauthorizedError } from '../../src/core/errors.js'
import { createFakeCloud, type FakeCloud } from '../../src/testing/index.js'
import { caught } from './support.js'

const KEYS = { accessKeyId: 'AKIDSTRATO', secretAccessKey: 'strato-secret' }
let aws: FakeCloud
let phantomCloud: FakeCloud
const server = setupServer()
beforeAll(async () => {
  aws = await createFakeCloud({ baseUrl: 'http://aws.strato.test' })
  phantomCloud = await createFakeCloud({ baseUrl: 'http://phantom.strato.test', autoscale: { dialect: 'phantom' } })
  server.use(...aws.handlers, ...phantomCloud.handlers)
  server.listen({ onUnhandledFrame: 'error' })
})
afterAll(() => server.close())
const clients: { close(): Promise<void> }[] = []
afterEach(async () => void (await Promise.all(clients.splice(0).map((c) => c.close()))))

function autoscaleOn(cloud: FakeCloud, opts: ConstructorParameters<typeof AutoscaleClient>[0] = {}): AutoscaleClient {
  const prefix = cloud === aws ? '/autoscaling/' : '/phantom-autoscaling/'
  const c = new AutoscaleClient({ endpoint: `${cloud.baseUrl}${prefix}`, region: 'us-east-1', credentials: KEYS, env: {}, retry: { backoff: { baseMs: 1, maxMs: 2 } }, ...opts })
  clients.push(c)
  return c
}

describe('AutoscaleClient on the fake AWS dialect', () => {
  it('a group from launch configuration to capacity and back, SigV4 verified by the fake', async () => {
    const c = autoscaleOn(aws)
    await c.launchConfigurations.create({ LaunchConfigurationName: 'web-lc', ImageId: 'ami-1', InstanceType: 'm1.small', UserData: 'hello' })
    await c.groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'web-lc', MinSize: 1, MaxSize: 4, DesiredCapacity: 2, AvailabilityZones: ['us-east-1a'], Tags: [{ Key: 'env', Value: 'test' }] })
    const waiting = c.groups.waitForCapacity('web', { intervalMs: 1 })
    aws.clock.advance(1000)
    const g = await waiting
    expect(g.Instances?.filter((i) => i.LifecycleState === 'InService')).toHaveLength(2)
    await c.groups.setDesiredCapacity('web', 3)
    const { PolicyARN } = await c.policies.put({ AutoScalingGroupName: 'web', PolicyName: 'down', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: -1 })
    expect(PolicyARN).toMatch(/^arn:aws:autoscaling:/)
    await c.policies.execute({ AutoScalingGroupName: 'web', PolicyName: 'down', HonorCooldown: false })
    expect((await c.groups.get('web'))?.DesiredCapacity).toBe(2)
    const serving = (await c.instances.list().toArray()).find((i) => i.LifecycleState === 'InService')
    const activity = await c.instances.terminate(serving!.InstanceId, { decrementDesiredCapacity: true })
    expect(activity?.ActivityId).toBeTruthy()
    expect((await c.activities.list({ AutoScalingGroupName: 'web' }).toArray()).length).toBeGreaterThan(0)
    expect((await c.tags.list({ Filters: [{ Name: 'auto-scaling-group', Values: ['web'] }] }).toArray()).map((t) => t.Key)).toEqual(['env'])
    await expect(c.groups.delete('web')).rejects.toBeInstanceOf(ConflictError) // instances left: ResourceInUse or ScalingActivityInProgress
    await c.groups.delete('web', { ForceDelete: true })
    aws.clock.advance(1000)
    await c.launchConfigurations.delete('web-lc')
  })

  it('AWS errors come typed: AlreadyExists, not found, throttling retried', async () => {
    const c = autoscaleOn(aws)
    await c.launchConfigurations.create({ LaunchConfigurationName: 'dup', ImageId: 'ami-1', InstanceType: 'm1.small' })
    await expect(c.launchConfigurations.create({ LaunchConfigurationName: 'dup', ImageId: 'ami-1', InstanceType: 'm1.small' })).rejects.toMatchObject({ name: 'ConflictError', code: 'AlreadyExists' })
    await expect(c.groups.setDesiredCapacity('nope', 1)).rejects.toBeInstanceOf(NotFoundError)
    aws.autoscale.failNext('DescribeLaunchConfigurations', { code: 'Throttling', status: 400, times: 2 })
    expect(await c.launchConfigurations.get('dup')).toBeDefined()
    aws.autoscale.failNext('DeleteLaunchConfiguration', { code: 'Throttling', status: 400, times: 9 })
    await expect(c.launchConfigurations.delete('dup')).rejects.toBeInstanceOf(RateLimitError)
  })

  it('a wrong secret is refused by the fake (SignatureDoesNotMatch), an unknown key too', async () => {
    await expect(autoscaleOn(aws, { credentials: { ...KEYS, secretAccessKey: 'wrong' } }).groups.list().toArray()).rejects.toMatchObject({ name: 'ForbiddenError', code: 'SignatureDoesNotMatch' })
    await expect(autoscaleOn(aws, { credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' } }).groups.list().toArray()).rejects.toBeInstanceOf(ForbiddenError)
  })

  it('pages through 23 groups with MaxRecords 10', async () => {
    const c = autoscaleOn(aws)
    await c.launchConfigurations.create({ LaunchConfigurationName: 'page-lc', ImageId: 'ami-1', InstanceType: 'm1.small' })
    for (let i = 0; i < 23; i++) await c.groups.create({ AutoScalingGroupName: `p-${String(i).padStart(2, '0')}`, LaunchConfigurationName: 'page-lc', MinSize: 0, MaxSize: 0, AvailabilityZones: ['us-east-1a'] })
    const sizes: number[] = []
    const names: string[] = []
    for await (const page of c.groups.list({ MaxRecords: 10 }).pages()) {
      sizes.push(page.length)
      names.push(...page.map((g) => g.AutoScalingGroupName))
    }
    // The cloud is shared with the other tests, so other groups may be listed too; ours all are, once.
    expect(names.filter((n) => n.startsWith('p-')).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, '0')}`))
    expect(new Set(names).size).toBe(names.length)
    expect(sizes.slice(0, -1).every((n) => n === 10)).toBe(true)
    expect(sizes.length).toBeGreaterThanOrEqual(3)
  })
})

describe('AutoscaleClient on the fake Phantom dialect', () => {
  for (const signatureVersion of ['v2', 'v4'] as const) {
    it(`name@site groups with policy tags, EPU states, signed ${signatureVersion}`, async () => {
      const c = autoscaleOn(phantomCloud, { signatureVersion })
      const name = `web-${signatureVersion}`
      const lc = phantomLaunchConfigurationName(name, 'hotel')
      await c.launchConfigurations.create({ LaunchConfigurationName: lc, ImageId: 'ubuntu', InstanceType: 'm1.small', KeyName: 'phantomkey' })
      await c.groups.create({
        AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 1, DesiredCapacity: 1, AvailabilityZones: ['hotel'],
        Tags: phantomPolicyTags(name, { definition: 'single_site_n_preserving', minimumVms: 1 }),
      })
      const waiting = c.groups.waitForCapacity(name, { intervalMs: 1 })
      phantomCloud.clock.advance(60_000)
      const g = await waiting
      expect(g.Instances?.[0]?.LifecycleState).toBe('600-RUNNING')
      expect(g.Instances?.[0]?.AvailabilityZone).toBe('hotel')
      await c.groups.setDesiredCapacity(name, 2)
      expect((await c.groups.get(name))?.DesiredCapacity).toBe(2)
      await expect(c.groups.create({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 1, AvailabilityZones: ['hotel'] })).rejects.toMatchObject({ name: 'ConflictError', code: 'AlreadyExists' })
      await expect(c.policies.list().toArray()).rejects.toBeInstanceOf(NotFoundError) // pyhantom has no DescribePolicies
      await c.groups.delete(name, { ForceDelete: true })
    })
  }
})

describe('PhantomClient on the fake Phantom REST API', () => {
  const url = () => `${phantomCloud.baseUrl}/phantom/api/dev`

  it('login, launch configuration, a domain of one, resize, instances, clean up', async () => {
    const p = await PhantomClient.login(url(), 'demo', 'demo-secret')
    clients.push(p)
    const lc = await p.launchConfigurations.create({ name: 'e2e-lc', cloud_params: { hotel: { image_id: 'ubuntu', instance_type: 'm1.small', max_vms: 4, common: true, rank: 1 } } })
    const domain = await p.domains.create({ name: 'e2e', lc_name: 'e2e-lc', de_name: 'multicloud', vm_count: 1 })
    phantomCloud.clock.advance(60_000)
    expect((await p.instances.list(domain.id).toArray()).map((i) => i.lifecycle_state)).toEqual(['600-RUNNING'])
    const resized = await p.domains.resize(domain.id, 2)
    expect(resized).toMatchObject({ vm_count: 2 })
    phantomCloud.clock.advance(60_000)
    const instances = await p.instances.list(domain.id).toArray()
    expect(instances).toHaveLength(2)
    await p.instances.terminate(domain.id, instances[0]!.id, { adjustPolicy: true })
    expect(await p.domains.get(domain.id)).toMatchObject({ vm_count: 1 })
    const dup = await caught(p.domains.create({ name: 'e2e', lc_name: 'e2e-lc', de_name: 'multicloud', vm_count: 1 }))
    expect(dup).toBeInstanceOf(PhantomConflictError)
    expect((dup as PhantomConflictError).existingId).toBe(domain.id)
    await p.domains.delete(domain.id)
    await p.launchConfigurations.delete(lc.id)
    await expect(p.domains.get(domain.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('a wrong password and a bad token are refused without showing them', async () => {
    const e = await caught(PhantomClient.login(url(), 'demo', 'not-the-password'))
    expect(e).toBeInstanceOf(UnauthorizedError)
    expect(JSON.stringify([e.message, String(e)])).not.toContain('not-the-password')
    const bad = new PhantomClient({ url: url(), userId: 1, token: 'forged-token' })
    clients.push(bad)
    const e2 = await caught(bad.sites.list().toArray())
    expect(e2).toBeInstanceOf(UnauthorizedError)
    expect(e2.message).not.toContain('forged-token')
  })
})
