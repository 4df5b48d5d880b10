// test/testing/fake-autoscale-phantom.test.ts — the fake Query service in Phantom's dialect: 2009-05-15, SigV2, name@site, EPU states, webob error pages, no NextToken.
import { describe, expect, it } from 'vitest'
import { createFakeAutoscale, createFakeCloud } from '../../src/testing/index.js'
import { list, parse, signV2, text, type Xml } from './support/fake-autoscale.js'

const LAUNCH = 40_000
const TERMINATE = 20_000

async function setupPhantom() {
  const cloud = await createFakeCloud()
  const fake = createFakeAutoscale({ clock: cloud.clock, dialect: 'phantom', launchDelayMs: LAUNCH, terminateDelayMs: TERMINATE })
  cloud.addService(fake.service)
  const url = `${cloud.baseUrl}/phantom-autoscaling/`
  /** A boto2-style SigV2 POST (Version 2009-05-15); `accept` null sends no Accept header. */
  const call = async (action: string, params: Record<string, string | number> = {}, o: { accept?: string | null; secret?: string; key?: string; signed?: boolean } = {}) => {
    const base = { Action: action, Version: '2009-05-15', ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }
    const all = o.signed === false ? base : signV2('POST', url, base, { at: cloud.clock.now(), ...(o.secret ? { secret: o.secret } : {}), ...(o.key ? { key: o.key } : {}) })
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (o.accept !== null) headers.accept = o.accept ?? 'text/plain'
    const r = await cloud.handle(new Request(url, { method: 'POST', headers, body: new URLSearchParams(all).toString() }))
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() }
  }
  const result = async (action: string, params: Record<string, string | number> = {}): Promise<Xml> => {
    const r = await call(action, params)
    if (r.status !== 200) throw new Error(`${action} → ${r.status}: ${r.text}`)
    return parse(r.text)[`${action}Response`]?.[`${action}Result`] ?? {}
  }
  const group = async () => list((await result('DescribeAutoScalingGroups')).AutoScalingGroups)[0]
  return { cloud, fake, call, result, group }
}

const lcParams = { LaunchConfigurationName: 'web@hotel', ImageId: 'ubuntu', InstanceType: 'm1.small', KeyName: 'phantomkey' }
const groupParams = { AutoScalingGroupName: 'dom', LaunchConfigurationName: 'web@hotel', MinSize: 2, MaxSize: 2, 'AvailabilityZones.member.1': 'us-east-1', 'Tags.member.1.Key': 'PHANTOM_DEFINITION', 'Tags.member.1.Value': 'error_overflow_n_preserving', 'Tags.member.1.ResourceId': 'dom' }

describe('fake Auto Scaling, Phantom dialect', () => {
  it('answers in the 2009-05-15 namespace and never sends NextToken', async () => {
    const { call, result } = await setupPhantom()
    for (const n of [1, 2, 3]) await result('CreateLaunchConfiguration', { ...lcParams, LaunchConfigurationName: `lc${n}@hotel` })
    const r = await call('DescribeLaunchConfigurations', { MaxRecords: 1 })
    expect(r.text).toMatch(/^<DescribeLaunchConfigurationsResponse xmlns="http:\/\/autoscaling\.amazonaws\.com\/doc\/2009-05-15\/">/)
    const res = parse(r.text).DescribeLaunchConfigurationsResponse?.DescribeLaunchConfigurationsResult
    expect(list(res?.LaunchConfigurations)).toHaveLength(3)
    expect(res?.NextToken).toBeUndefined()
  })

  it('wants name@site launch configurations and answers errors as webob plain-text pages', async () => {
    const { call, result } = await setupPhantom()
    const bad = await call('CreateLaunchConfiguration', { ...lcParams, LaunchConfigurationName: 'web' })
    expect([bad.status, bad.type]).toEqual([400, 'text/plain; charset=UTF-8'])
    expect(bad.text).toBe('400 InvalidParameterValue\n\nA bad or out-of-range value was supplied for the input parameter.\n\n The name web is not in the proper format.  It must be <dtname>@<site>  ')
    await result('CreateLaunchConfiguration', lcParams)
    const dup = await call('CreateLaunchConfiguration', lcParams)
    expect(dup.text).toBe(
      '400 AlreadyExists\n\nThe named Auto Scaling group or launch configuration already exists.\n\n Launch Configuration by this name already exists - A launch configuration already exists with the name web@hotel  ',
    )
    const html = await call('CreateLaunchConfiguration', lcParams, { accept: '*/*' })
    expect([html.status, html.type]).toEqual([400, 'text/html; charset=UTF-8'])
    expect(html.text).toMatch(/^<html>\n <head>\n  <title>400 AlreadyExists<\/title>/)
    expect((await call('CreateLaunchConfiguration', { ...lcParams, LaunchConfigurationName: 'x@y', UserData: 'not base64!' })).text).toMatch(/^400 InvalidParameterValue\n/)
  })

  it('answers 404 for the actions pyhantom lacks, before looking at the signature', async () => {
    const { call } = await setupPhantom()
    const r = await call('PutScalingPolicy', {}, { signed: false })
    expect([r.status, r.text]).toEqual([404, '404 Not Found\n\nThe resource could not be found.\n\n No action PutScalingPolicy  '])
    expect((await call('UpdateAutoScalingGroup')).status).toBe(404)
  })

  it("words auth failures as pyhantom: a bad signature is 400 IncompleteSignature, an unknown key 403", async () => {
    const { call } = await setupPhantom()
    expect((await call('DescribeAutoScalingGroups', {}, { secret: 'WRONG' })).text).toMatch(/^400 IncompleteSignature\n\nThe request signature does not conform to AWS standards\./)
    const unknown = await call('DescribeAutoScalingGroups', {}, { key: 'NOPE' })
    expect([unknown.status, unknown.text.split('\n')[0]]).toEqual([403, '403 InvalidClientTokenId'])
    expect((await call('DescribeAutoScalingGroups', {}, { signed: false })).text.split('\n')[0]).toBe('403 MissingAuthenticationToken')
  })

  it('reports instances at the site with EPU lifecycle states over the fake clock', async () => {
    const { cloud, result, group } = await setupPhantom()
    await result('CreateLaunchConfiguration', lcParams)
    await result('CreateAutoScalingGroup', groupParams)
    const seen = (g: Xml | undefined) => list(g?.Instances).map((i) => [text(i.AvailabilityZone), text(i.LifecycleState), text(i.HealthStatus)])
    expect(seen(await group())).toEqual([
      ['hotel', '100-REQUESTING', 'Healthy'],
      ['hotel', '100-REQUESTING', 'Healthy'],
    ])
    const walk: string[] = []
    for (let n = 0; n < 4; n++) {
      cloud.clock.advance(LAUNCH / 4)
      walk.push(text(list((await group())?.Instances)[0]?.LifecycleState)!)
    }
    expect(walk).toEqual(['200-REQUESTED', '400-PENDING', '500-STARTED', '600-RUNNING'])
    const details = list((await result('DescribeAutoScalingInstances')).AutoScalingInstances)
    expect(details.map((i) => [text(i.AutoScalingGroupName), text(i.LifecycleState), text(i.HealthStatus)])).toEqual([
      ['dom', '600-RUNNING', 'Healthy'],
      ['dom', '600-RUNNING', 'Healthy'],
    ])
  })

  it('SetDesiredCapacity sets MinSize = MaxSize = desired; Terminate answers no Activity; the instance goes 700 → 800 → gone', async () => {
    const { cloud, result, group, call } = await setupPhantom()
    await result('CreateLaunchConfiguration', lcParams)
    await result('CreateAutoScalingGroup', groupParams)
    cloud.clock.advance(LAUNCH)
    await result('SetDesiredCapacity', { AutoScalingGroupName: 'dom', DesiredCapacity: 3 })
    expect(await group()).toMatchObject({ MinSize: '3', MaxSize: '3', DesiredCapacity: '3' })
    cloud.clock.advance(LAUNCH)
    const id = text(list((await group())?.Instances)[0]?.InstanceId)!
    const r = await call('TerminateInstanceInAutoScalingGroup', { InstanceId: id, ShouldDecrementDesiredCapacity: 'true' })
    expect(r.text).toMatch(/<TerminateInstanceInAutoScalingGroupResult\/>/)
    const state = async () => list((await group())?.Instances).find((i) => text(i.InstanceId) === id)
    expect(await state()).toMatchObject({ LifecycleState: '700-TERMINATING', HealthStatus: 'Unhealthy' })
    cloud.clock.advance(TERMINATE / 2)
    expect(await state()).toMatchObject({ LifecycleState: '800-TERMINATED' })
    cloud.clock.advance(TERMINATE / 2)
    expect(await state()).toBeUndefined()
    expect(text((await group())?.DesiredCapacity)).toBe('2')
  })

  it('checks PHANTOM_DEFINITION and deletes a group with its instances', async () => {
    const { cloud, result, call, group, fake } = await setupPhantom()
    await result('CreateLaunchConfiguration', lcParams)
    const bad = await call('CreateAutoScalingGroup', { ...groupParams, 'Tags.member.1.Value': 'magic_engine' })
    expect(bad.text).toMatch(/^400 InvalidParameterValue\n/)
    await result('CreateAutoScalingGroup', groupParams)
    await result('DeleteAutoScalingGroup', { AutoScalingGroupName: 'dom' })
    cloud.clock.advance(TERMINATE)
    expect(await group()).toBeUndefined()
    expect(fake.instances.size).toBe(0)
  })

  it('can be the cloud\'s own autoscale service', async () => {
    const cloud = await createFakeCloud({ autoscale: { dialect: 'phantom' } })
    expect([cloud.autoscale.dialect, cloud.autoscale.service.prefix]).toEqual(['phantom', '/phantom-autoscaling'])
  })
})
