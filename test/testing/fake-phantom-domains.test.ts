// test/testing/fake-phantom-domains.test.ts — the fake Phantom's launch configurations, domains and their instances through EPU states on the fake clock.
import { describe, expect, it } from 'vitest'
import { LAUNCH_MS, TERMINATE_MS, basic, setupPhantom } from './support/fake-phantom.js'

type Instance = { id: string; lifecycle_state: string; cloud: string; hostname: string; public_ip: string; iaas_instance_id: string; instance_type: string; keyname: string; uri: string }

describe('fake Phantom: launch configurations', () => {
  it('creates (201), lists, gets, replaces (200) and deletes (204) them; a duplicate name → 302 to the existing one', async () => {
    const { json, call, cloudParams } = await setupPhantom()
    const created = await json('POST', '/launchconfigurations', 201, { json: { name: 'web-lc', cloud_params: cloudParams, contextualization_method: 'user_data', user_data: '#!/bin/sh' } })
    expect(created).toEqual({ id: 1, name: 'web-lc', owner: 'demo', appliance: null, contextualization_method: 'user_data', user_data: '#!/bin/sh', cloud_params: cloudParams, uri: '/phantom/api/dev/launchconfigurations/1' })
    expect(await call('POST', '/launchconfigurations', { json: { name: 'web-lc', cloud_params: {} } })).toMatchObject({ status: 302, location: 'http://cloud.strato.test/phantom/api/dev/launchconfigurations/1' })
    expect(await json('GET', '/launchconfigurations/1', 200)).toEqual({ id: 1, name: 'web-lc', owner: 'demo', cloud_params: cloudParams, contextualization_method: 'user_data', user_data: '#!/bin/sh', uri: '/phantom/api/dev/launchconfigurations/1' })
    const bare = await json('POST', '/launchconfigurations', 201, { json: { name: 'bare', cloud_params: { hotel: cloudParams.hotel } } })
    expect(bare).toMatchObject({ id: 2, contextualization_method: 'None' })
    expect(await json('GET', '/launchconfigurations/2', 200)).toMatchObject({ contextualization_method: 'none' })
    expect((await json<{ name: string }[]>('GET', '/launchconfigurations', 200)).map((l) => l.name)).toEqual(['web-lc', 'bare'])
    const put = await json('PUT', '/launchconfigurations/2', 200, { json: { name: 'bare', cloud_params: { sierra: cloudParams.sierra }, contextualization_method: 'chef', chef_runlist: '["recipe[x]"]' } })
    expect(put).toMatchObject({ cloud_params: { sierra: cloudParams.sierra }, contextualization_method: 'chef', chef_runlist: '["recipe[x]"]' })
    expect((await call('DELETE', '/launchconfigurations/2')).status).toBe(204)
    expect(await call('GET', '/launchconfigurations/2')).toMatchObject({ status: 404, type: 'application/javascript', text: 'Launch configuration 2 not found' })
  })

  it('refuses bodies without name or complete cloud_params; keeps other users out; ?public=true adds published ones', async () => {
    const { call, lc, cloud } = await setupPhantom()
    expect(await call('POST', '/launchconfigurations', { body: '{' })).toMatchObject({ status: 400, text: "Couldn't load json from body" })
    expect((await call('POST', '/launchconfigurations', { json: { name: 'x' } })).text).toBe('Request must have name, cloud_params params')
    expect((await call('POST', '/launchconfigurations', { json: { name: 'x', cloud_params: { hotel: { image_id: 'i' } } } })).text).toBe('Missing parameters. hotel needs: instance_type, max_vms, common, rank.')
    expect((await call('POST', '/launchconfigurations', { json: { name: 'x/y', cloud_params: {} } })).status).toBe(400)
    await lc()
    const aliceAuth = basic(cloud.phantom.addUser('alice', 'pw'), cloud.phantom.login('alice').token)
    expect((await call('GET', '/launchconfigurations/1', { auth: aliceAuth })).status).toBe(404)
    expect((await call('GET', '/launchconfigurations', { auth: aliceAuth })).json()).toEqual([])
    cloud.phantom.publishLaunchConfiguration(1)
    expect((await call('GET', '/launchconfigurations?public=true', { auth: aliceAuth })).json()).toHaveLength(1)
  })
})

describe('fake Phantom: domains', () => {
  it('creates a multicloud domain (201, uuid4 id) whose instances go 100-REQUESTING … 600-RUNNING on the fake clock', async () => {
    const { json, lc, cloud } = await setupPhantom()
    await lc()
    await json('POST', '/credentials/sites', 201, { json: { id: 'hotel', access_key: 'a', secret_key: 's', key_name: 'phantomkey' } })
    const d = await json<Record<string, unknown> & { id: string }>('POST', '/domains', 201, { json: { name: 'web', lc_name: 'web-lc', de_name: 'multicloud', vm_count: 3 } })
    expect(d).toMatchObject({ name: 'web', de_name: 'multicloud', vm_count: 3, owner: 'demo', uri: `/phantom/api/dev/domains/${d.id}`, clouds: [{ site_name: 'hotel', rank: 1, size: 2 }, { site_name: 'sierra', rank: 2, size: -1 }] })
    expect(d.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(await json('GET', `/domains/${d.id}`, 200)).toEqual({ id: d.id, name: 'web', de_name: 'multicloud', lc_name: 'web-lc', vm_count: 3, sensor_data: {}, monitor_sensors: '', monitor_domain_sensors: '', owner: 'demo', uri: `/phantom/api/dev/domains/${d.id}` })
    const list = () => json<Instance[]>('GET', `/domains/${d.id}/instances`, 200)
    const first = await list()
    expect(first.map((i) => [i.cloud, i.lifecycle_state, i.instance_type, i.keyname, i.hostname])).toEqual([
      ['/phantom/api/dev/sites/hotel', '100-REQUESTING', 'm1.small', 'phantomkey', ''],
      ['/phantom/api/dev/sites/hotel', '100-REQUESTING', 'm1.small', 'phantomkey', ''],
      ['/phantom/api/dev/sites/sierra', '100-REQUESTING', 'm1.large', '', ''],
    ])
    const walk: string[] = []
    for (let n = 0; n < 4; n++) {
      cloud.clock.advance(LAUNCH_MS / 4)
      walk.push((await list())[0]!.lifecycle_state)
    }
    expect(walk).toEqual(['200-REQUESTED', '400-PENDING', '500-STARTED', '600-RUNNING'])
    const running = (await list())[0]!
    expect(running).toMatchObject({ hostname: expect.stringMatching(/\.hotel\./), public_ip: expect.stringMatching(/^192\.0\.2\.\d+$/), iaas_instance_id: expect.stringMatching(/^i-[0-9a-f]{8}$/), uri: `/phantom/api/dev/domains/${d.id}/instances/${running.id}` })
    expect(await json('GET', `/domains/${d.id}/instances/${running.id}`, 200)).toEqual(running)
  })

  it('resizes by PUT of the whole domain; a DELETEd instance is replaced unless adjust_policy=true lowers vm_count', async () => {
    const { json, call, lc, domain, cloud } = await setupPhantom()
    await lc()
    const { id } = await domain(2)
    cloud.clock.advance(LAUNCH_MS)
    const list = () => json<Instance[]>('GET', `/domains/${id}/instances`, 200)
    await json('PUT', `/domains/${id}`, 200, { json: { name: 'web', lc_name: 'web-lc', de_name: 'multicloud', vm_count: 3 } })
    expect((await list()).map((i) => i.lifecycle_state)).toEqual(['600-RUNNING', '600-RUNNING', '100-REQUESTING'])
    cloud.clock.advance(LAUNCH_MS)
    const [victim] = await list()
    expect((await call('DELETE', `/domains/${id}/instances/${victim!.id}`)).status).toBe(204)
    expect((await list()).map((i) => i.lifecycle_state)).toEqual(['700-TERMINATING', '600-RUNNING', '600-RUNNING', '100-REQUESTING'])
    cloud.clock.advance(TERMINATE_MS / 2)
    expect((await list())[0]!.lifecycle_state).toBe('800-TERMINATED')
    cloud.clock.advance(TERMINATE_MS / 2)
    expect(await list()).toHaveLength(3)
    const [next] = await list()
    expect((await call('DELETE', `/domains/${id}/instances/${next!.id}?adjust_policy=true`)).status).toBe(204)
    expect(await json('GET', `/domains/${id}`, 200)).toMatchObject({ vm_count: 2 })
    cloud.clock.advance(TERMINATE_MS)
    expect(await list()).toHaveLength(2)
    expect(await call('DELETE', `/domains/${id}/instances/${next!.id}`)).toMatchObject({ status: 404 })
    expect(await call('GET', `/domains/${id}/instances/${next!.id}`)).toMatchObject({ status: 404, text: `instance ${next!.id} not found` })
  })

  it('takes sensor domains (adjust_policy lowers sensor_minimum_vms and sensor_maximum_vms)', async () => {
    const { json, call, lc, cloud } = await setupPhantom({ launchDelayMs: 0 })
    await lc()
    const sensor = { name: 's', lc_name: 'web-lc', de_name: 'sensor', sensor_minimum_vms: 2, sensor_maximum_vms: 4, sensor_metric: 'proc.loadavg.1min', sensor_scale_up_threshold: 2, sensor_scale_up_vms: 1, sensor_scale_down_threshold: 0.5, sensor_scale_down_vms: 1, sensor_cooldown: 60 }
    const { id } = await json<{ id: string }>('POST', '/domains', 201, { json: sensor })
    expect(await json('GET', `/domains/${id}`, 200)).toMatchObject({ de_name: 'sensor', sensor_minimum_vms: 2, sensor_metric: 'proc.loadavg.1min', sensor_cooldown: 60 })
    const [i] = await json<Instance[]>('GET', `/domains/${id}/instances`, 200)
    expect(i!.lifecycle_state).toBe('600-RUNNING')
    await call('DELETE', `/domains/${id}/instances/${i!.id}?adjust_policy=true`)
    expect(await json('GET', `/domains/${id}`, 200)).toMatchObject({ sensor_minimum_vms: 1, sensor_maximum_vms: 1 })
    expect((await call('POST', '/domains', { json: { ...sensor, name: 's2', sensor_metric: undefined } })).text).toBe("Mandatory parameter 'sensor_metric' is missing")
    expect(cloud.phantom.domains.size).toBe(1)
  })

  it('refuses other de_names and unknown launch configurations (400 plain text); a duplicate name → 302; DELETE → 204, then 404', async () => {
    const { json, call, lc, domain } = await setupPhantom()
    expect(await call('POST', '/domains', { json: { name: 'x', lc_name: 'nope', de_name: 'multicloud', vm_count: 1 } })).toMatchObject({ status: 400, text: "No launch configuration named nope. Can't make domain" })
    await lc()
    expect(await call('POST', '/domains', { json: { name: 'x', lc_name: 'web-lc', de_name: 'magic', vm_count: 1 } })).toMatchObject({ status: 400, text: "de_name 'magic' is not supported" })
    expect((await call('POST', '/domains', { json: { lc_name: 'web-lc' } })).text).toBe('You must provide a name for your domain')
    expect((await call('POST', '/domains', { json: { name: 'x', lc_name: 'web-lc', de_name: 'multicloud' } })).text).toBe("Mandatory parameter 'vm_count' is missing")
    const { id } = await domain(1)
    expect(await call('POST', '/domains', { json: { name: 'web', lc_name: 'web-lc', de_name: 'multicloud', vm_count: 5 } })).toMatchObject({ status: 302, location: `http://cloud.strato.test/phantom/api/dev/domains/${id}` })
    expect((await json<unknown[]>('GET', '/domains', 200)).length).toBe(1)
    expect((await call('PUT', `/domains/${id}`, { json: { name: 'web', de_name: 'sensor' } })).status).toBe(400)
    expect((await call('DELETE', `/domains/${id}`)).status).toBe(204)
    expect(await call('GET', `/domains/${id}`)).toMatchObject({ status: 404, text: `Domain ${id} not found` })
    expect(await call('GET', `/domains/${id}/instances`)).toMatchObject({ status: 404, text: `domain ${id} not found` })
  })
})
