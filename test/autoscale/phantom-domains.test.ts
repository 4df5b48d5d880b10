// test/autoscale/phantom-domains.test.ts — launch configuration, domain, instance and sensor verbs against msw: exact requests and parsed results.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { InputError, ServerError } from '../../src/core/errors.js'
import { BASIC, CLOUD, DOMAIN_ID, INSTANCE, INSTANCE_ID, LC, MULTICLOUD, SENSOR_DOMAIN, noContent, phantomJson, phantomText, usePhantom } from './phantom-support.js'

const t = usePhantom({ retry: { backoff: { baseMs: 1, maxMs: 2 } } })

const JSON_TYPE = expect.stringContaining('application/json')

describe('launchConfigurations', () => {
  it('list (and public), get, delete', async () => {
    t.fake
      .on('GET', '/api/dev/launchconfigurations', (r) => phantomJson(r.query.public ? [{ ...LC, description: 'shared' }] : [LC]))
      .on('GET', `/api/dev/launchconfigurations/${LC.id}`, LC)
      .on('DELETE', `/api/dev/launchconfigurations/${LC.id}`, noContent)
    expect(await t.phantom.launchConfigurations.list().toArray()).toEqual([LC])
    expect((await t.phantom.launchConfigurations.list({ public: true }).toArray())[0]!.description).toBe('shared')
    const lc = await t.phantom.launchConfigurations.get(LC.id)
    expect(lc.cloud_params.hotel).toEqual(CLOUD)
    await t.phantom.launchConfigurations.delete(LC.id)
    expect(t.fake.seen.map((s) => [s.method, s.path, s.query])).toEqual([
      ['GET', '/api/dev/launchconfigurations', {}],
      ['GET', '/api/dev/launchconfigurations', { public: 'true' }],
      ['GET', `/api/dev/launchconfigurations/${LC.id}`, {}],
      ['DELETE', `/api/dev/launchconfigurations/${LC.id}`, {}],
    ])
  })

  it('create POSTs the documented body and expects 201; update PUTs it', async () => {
    t.fake
      .on('POST', '/api/dev/launchconfigurations', (r) => phantomJson({ ...(r.json as object), id: LC.id, owner: 'alice', uri: LC.uri }, 201))
      .on('PUT', `/api/dev/launchconfigurations/${LC.id}`, (r) => phantomJson({ ...(r.json as object), id: LC.id, owner: 'alice' }))
    const input = { name: 'web', cloud_params: { hotel: CLOUD, sierra: { ...CLOUD, rank: 2, common: false } }, contextualization_method: 'user_data', user_data: 'echo hi', appliance: 'hello' } as const
    const lc = await t.phantom.launchConfigurations.create(input)
    expect(lc).toMatchObject({ id: LC.id, name: 'web', owner: 'alice', appliance: 'hello' })
    await t.phantom.launchConfigurations.update(LC.id, { name: 'web', cloud_params: { hotel: CLOUD }, contextualization_method: 'chef', chef_runlist: ['recipe[web]'] })
    expect(t.fake.seen[0]).toMatchObject({ method: 'POST', path: '/api/dev/launchconfigurations', headers: { authorization: BASIC, 'content-type': JSON_TYPE } })
    expect(t.fake.seen[0]!.json).toEqual(input)
    expect(t.fake.seen[1]).toMatchObject({ method: 'PUT', path: `/api/dev/launchconfigurations/${LC.id}` })
    // Chef without attributes gets '{}': Phantom json.loads() both and fails on a missing one.
    expect(t.fake.seen[1]!.json).toEqual({ name: 'web', cloud_params: { hotel: CLOUD }, contextualization_method: 'chef', chef_runlist: '["recipe[web]"]', chef_attributes: '{}' })
  })

  it('inconsistent or malformed input is an InputError before any request', async () => {
    const base = { name: 'web', cloud_params: { hotel: CLOUD } }
    const bad: [unknown, RegExp][] = [
      [{ ...base, name: 'web/1' }, /name/],
      [{ ...base, cloud_params: {} }, /at least one site/],
      [{ ...base, cloud_params: { hotel: { ...CLOUD, max_vms: -2 } } }, /max_vms/],
      [{ ...base, cloud_params: { hotel: { ...CLOUD, common: undefined } } }, /common is required/],
      [{ ...base, contextualization_method: 'puppet' }, /contextualization_method/],
      [{ ...base, contextualization_method: 'none', user_data: 'x' }, /'none' takes no/],
      [{ ...base, contextualization_method: 'chef', user_data: 'x' }, /'chef' takes no user_data/],
      [{ ...base, chef_runlist: '["a"]' }, /need contextualization_method 'chef'/],
      [{ ...base, contextualization_method: 'chef', chef_attributes: '{oops' }, /JSON/],
    ]
    for (const [input, message] of bad) {
      await expect(t.phantom.launchConfigurations.create(input as never), JSON.stringify(input)).rejects.toThrow(message)
    }
    await expect(t.phantom.launchConfigurations.get('..')).rejects.toBeInstanceOf(InputError)
    expect(t.fake.seen).toHaveLength(0)
  })
})

describe('domains', () => {
  it('list holds multicloud, sensor and Query-API domains, narrowed on de_name', async () => {
    const other = { id: 'c0ffee00-0000-4000-8000-000000000001', de_name: null, name: null, sensor_data: {}, monitor_sensors: '', monitor_domain_sensors: '' }
    t.fake.on('GET', '/api/dev/domains', [MULTICLOUD, SENSOR_DOMAIN, other])
    const [m, s, o] = await t.phantom.domains.list().toArray()
    if (m?.de_name !== 'multicloud' || s?.de_name !== 'sensor' || o?.de_name !== null) throw new Error('not narrowed')
    expectTypeOf(m.vm_count).toEqualTypeOf<number>()
    expectTypeOf(s.sensor_minimum_vms).toEqualTypeOf<number>()
    expect(m).toEqual(MULTICLOUD)
    expect(s).toMatchObject({ sensor_minimum_vms: 1, sensor_maximum_vms: 4, sensor_scale_up_threshold: 2, sensor_data: { 'proc.loadavg.1min': { average: 0.3 } } })
    expect(o).toMatchObject({ id: other.id, de_name: null })
    expect(o).not.toHaveProperty('name')
  })

  it('create: multicloud and sensor bodies as documented, 201', async () => {
    t.fake.on('POST', '/api/dev/domains', (r) => phantomJson({ ...(r.json as object), id: DOMAIN_ID, clouds: [{ site_name: 'hotel', rank: 1, size: -1 }], owner: 'alice', uri: MULTICLOUD.uri }, 201))
    const d = await t.phantom.domains.create({ name: 'web', de_name: 'multicloud', lc_name: 'web', vm_count: 2, monitor_sensors: ['proc.loadavg.1min', 'df.inodes.free'] })
    expect(d).toMatchObject({ id: DOMAIN_ID, de_name: 'multicloud', vm_count: 2, clouds: [{ site_name: 'hotel' }] })
    const sensor = {
      name: 'batch',
      de_name: 'sensor',
      lc_name: 'web',
      chef_credential: 'mychef',
      sensor_minimum_vms: 1,
      sensor_maximum_vms: 4,
      sensor_metric: 'proc.loadavg.1min',
      sensor_scale_up_threshold: 2,
      sensor_scale_up_vms: 1,
      sensor_scale_down_threshold: 0.5,
      sensor_scale_down_vms: 1,
      sensor_cooldown: 60,
      monitor_sensors: 'proc.loadavg.1min',
    } as const
    await t.phantom.domains.create(sensor)
    expect(t.fake.seen.map((s) => [s.method, s.path, s.json])).toEqual([
      ['POST', '/api/dev/domains', { name: 'web', de_name: 'multicloud', lc_name: 'web', vm_count: 2, monitor_sensors: 'proc.loadavg.1min,df.inodes.free' }],
      ['POST', '/api/dev/domains', sensor],
    ])
  })

  it('another de_name, or a field of the other engine, is an InputError before the request', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'x', de_name: 'error_overflow', lc_name: 'web', vm_count: 1 }, /de_name must be 'multicloud' or 'sensor', got "error_overflow"/],
      [{ name: 'x', lc_name: 'web', vm_count: 1 }, /de_name must be/],
      [{ name: 'x', de_name: 'multicloud', lc_name: 'web', vm_count: 1, sensor_cooldown: 5 }, /sensor_cooldown is for sensor domains/],
      [{ name: 'x', de_name: 'multicloud', lc_name: 'web', vm_count: -1 }, /vm_count/],
      [{ ...SENSOR_DOMAIN, sensor_minimum_vms: 5, sensor_maximum_vms: 2 }, /must not exceed/],
      [{ name: 'x', de_name: 'sensor', lc_name: 'web', sensor_minimum_vms: 1, sensor_maximum_vms: 2 }, /sensor_metric is required/],
    ]
    for (const [input, message] of cases) await expect(t.phantom.domains.create(input as never)).rejects.toThrow(message)
    await expect(t.phantom.domains.get('not_a_uuid')).rejects.toBeInstanceOf(InputError)
    expect(t.fake.seen).toHaveLength(0)
  })

  it('get, update and delete', async () => {
    t.fake
      .on('GET', `/api/dev/domains/${DOMAIN_ID}`, MULTICLOUD)
      .on('PUT', `/api/dev/domains/${DOMAIN_ID}`, (r) => phantomJson({ ...(r.json as object), id: DOMAIN_ID }))
      .on('DELETE', `/api/dev/domains/${DOMAIN_ID}`, noContent)
    expect(await t.phantom.domains.get(DOMAIN_ID)).toEqual(MULTICLOUD)
    await t.phantom.domains.update(DOMAIN_ID, { name: 'web', de_name: 'multicloud', lc_name: 'web2', vm_count: 1 })
    await t.phantom.domains.delete(DOMAIN_ID)
    expect(t.fake.seen.map((s) => [s.method, s.path, s.json])).toEqual([
      ['GET', `/api/dev/domains/${DOMAIN_ID}`, undefined],
      ['PUT', `/api/dev/domains/${DOMAIN_ID}`, { name: 'web', de_name: 'multicloud', lc_name: 'web2', vm_count: 1 }],
      ['DELETE', `/api/dev/domains/${DOMAIN_ID}`, undefined],
    ])
  })

  it('resize of a multicloud domain: GET, then PUT it back whole with the new vm_count', async () => {
    t.fake
      .on('GET', `/api/dev/domains/${DOMAIN_ID}`, { ...MULTICLOUD, chef_credential: 'mychef', future_field: 'kept' })
      .on('PUT', `/api/dev/domains/${DOMAIN_ID}`, (r) => phantomJson({ ...(r.json as object), id: DOMAIN_ID, owner: 'alice' }))
    const d = await t.phantom.domains.resize(DOMAIN_ID, 5)
    expect(d).toMatchObject({ de_name: 'multicloud', vm_count: 5 })
    expect(t.fake.seen.map((s) => s.method)).toEqual(['GET', 'PUT'])
    expect(t.fake.seen[1]!.json).toEqual({
      name: 'web',
      de_name: 'multicloud',
      lc_name: 'web',
      vm_count: 5,
      monitor_sensors: '',
      monitor_domain_sensors: '',
      chef_credential: 'mychef',
      future_field: 'kept',
    })
  })

  it('resize of a sensor domain pins minimum and maximum; a Query-API domain is refused', async () => {
    const id = SENSOR_DOMAIN.id
    t.fake
      .on('GET', `/api/dev/domains/${id}`, SENSOR_DOMAIN)
      .on('PUT', `/api/dev/domains/${id}`, (r) => phantomJson({ ...(r.json as object), id }))
      .on('GET', `/api/dev/domains/${DOMAIN_ID}`, { id: DOMAIN_ID, de_name: null, name: null, sensor_data: {} })
    await t.phantom.domains.resize(id, 3)
    expect(t.fake.seen[1]!.json).toMatchObject({ de_name: 'sensor', sensor_minimum_vms: 3, sensor_maximum_vms: 3, sensor_metric: 'proc.loadavg.1min', chef_credential: 'mychef' })
    expect(t.fake.seen[1]!.json).not.toHaveProperty('sensor_data')
    await expect(t.phantom.domains.resize(DOMAIN_ID, 1)).rejects.toThrow(/Query API/)
    expect(t.fake.seen.map((s) => s.method)).toEqual(['GET', 'PUT', 'GET'])
    await expect(t.phantom.domains.resize(DOMAIN_ID, -1)).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.domains.resize(DOMAIN_ID, 1.5)).rejects.toBeInstanceOf(InputError)
    expect(t.fake.seen).toHaveLength(3)
  })
})

describe('instances and sensors', () => {
  const LIST = `/api/dev/domains/${DOMAIN_ID}/instances`
  const ONE = `${LIST}/${INSTANCE_ID}`

  it('list, get', async () => {
    t.fake.on('GET', LIST, [INSTANCE, { ...INSTANCE, id: 'x-2', lifecycle_state: '400-PENDING', public_ip: null }]).on('GET', ONE, INSTANCE)
    const all = await t.phantom.instances.list(DOMAIN_ID).toArray()
    expect(all.map((i) => [i.id, i.lifecycle_state])).toEqual([[INSTANCE_ID, '600-RUNNING'], ['x-2', '400-PENDING']])
    expect(all[1]).not.toHaveProperty('public_ip')
    expect(await t.phantom.instances.get(DOMAIN_ID, INSTANCE_ID)).toEqual(INSTANCE)
    expect(t.fake.seen.map((s) => [s.method, s.path, s.headers.authorization])).toEqual([
      ['GET', LIST, BASIC],
      ['GET', ONE, BASIC],
    ])
  })

  it('terminate sends ?adjust_policy=true only when asked, and then never repeats the DELETE', async () => {
    let calls = 0
    t.fake.on('DELETE', ONE, () => (++calls === 1 ? phantomText('busy', 503, 'text/plain') : noContent()))
    await t.phantom.instances.terminate(DOMAIN_ID, INSTANCE_ID)
    expect(t.fake.seen.map((s) => [s.method, s.path, s.query])).toEqual([
      ['DELETE', ONE, {}],
      ['DELETE', ONE, {}],
    ])
    calls = 0
    const e = await t.phantom.instances.terminate(DOMAIN_ID, INSTANCE_ID, { adjustPolicy: true }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ServerError)
    expect(t.fake.seen.slice(2).map((s) => s.query)).toEqual([{ adjust_policy: 'true' }])
    await t.phantom.instances.terminate(DOMAIN_ID, INSTANCE_ID, { adjustPolicy: true })
    expect(t.fake.seen).toHaveLength(4)
  })

  it('bad domain or instance ids reject before any request', async () => {
    await expect(t.phantom.instances.list('bad id').toArray()).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.instances.list('..').first()).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.instances.get(DOMAIN_ID, 'i_1')).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.instances.terminate(DOMAIN_ID, 'a/b')).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.instances.terminate(DOMAIN_ID, INSTANCE_ID, { adjustPolicy: 'yes' as never })).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.sites.get('hotel?x=1')).rejects.toBeInstanceOf(InputError)
    await expect(t.phantom.credentials.chef.get('')).rejects.toBeInstanceOf(InputError)
    expect(t.fake.seen).toHaveLength(0)
  })

  it('sensors: list and get', async () => {
    t.fake.on('GET', '/api/dev/sensors', [{ id: 'proc.loadavg.1min', uri: '/api/dev/sensors/proc.loadavg.1min' }]).on('GET', '/api/dev/sensors/df.inodes.free', { id: 'df.inodes.free', uri: '/api/dev/sensors/df.inodes.free' })
    expect(await t.phantom.sensors.list().toArray()).toEqual([{ id: 'proc.loadavg.1min', uri: '/api/dev/sensors/proc.loadavg.1min' }])
    expect((await t.phantom.sensors.get('df.inodes.free')).id).toBe('df.inodes.free')
    expect(t.fake.seen.map((s) => s.path)).toEqual(['/api/dev/sensors', '/api/dev/sensors/df.inodes.free'])
  })
})
