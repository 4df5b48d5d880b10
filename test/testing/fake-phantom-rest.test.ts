// test/testing/fake-phantom-rest.test.ts — the fake Phantom REST API: token login and Basic auth, sites, site and Chef credentials, sensors, Django's answers, real HTTP.
import { describe, expect, it } from 'vitest'
import { basic, setupPhantom } from './support/fake-phantom.js'

const siteCreds = { id: 'hotel', access_key: 'AK', secret_key: 'SK', key_name: 'phantomkey' }

describe('fake Phantom: auth', () => {
  it('POST /token answers a 24-character token and the numeric user, as django-tokenapi', async () => {
    const { login, token, pk } = await setupPhantom()
    expect(pk).toBe(1)
    expect(token).toMatch(/^[0-9a-z]{3}-[0-9a-f]{20}$/)
    expect(await login('demo', 'wrong')).toEqual({ status: 401, body: { success: false, errors: 'Unable to log you in, please try again.' } })
    expect(await login('demo', '')).toEqual({ status: 200, body: { success: false, errors: "Must include 'username' and 'password' as POST parameters." } })
  })

  it('checks tokens at /token/{token}/{user}.json', async () => {
    const { call, token } = await setupPhantom()
    expect((await call('GET', `/token/${token}/1.json`, { auth: null })).json()).toEqual({ success: true })
    expect((await call('GET', `/token/x${token.slice(1)}/1.json`, { auth: null })).json()).toEqual({ success: false, errors: 'Token did not match user.' })
    expect((await call('GET', `/token/${token}/9.json`, { auth: null })).json()).toEqual({ success: false, errors: 'User does not exist.' })
  })

  it('wants Basic <pk>:<token> (or ?user=&token=) everywhere else: 403 "Authorization Required" otherwise', async () => {
    const { call, pk, token, cloud } = await setupPhantom()
    for (const auth of [null, basic(pk, 'nope'), basic(2, token), 'Bearer x']) {
      expect(await call('GET', '/sites', { auth })).toMatchObject({ status: 403, text: 'Authorization Required' })
    }
    expect((await call('GET', `/sites?user=${pk}&token=${token}`, { auth: null })).status).toBe(200)
    cloud.clock.advance(4 * 86_400_000) // tokens last three days
    expect((await call('GET', '/sites')).status).toBe(403)
    const fresh = cloud.phantom.login('demo')
    expect((await call('GET', '/sites', { auth: basic(fresh.pk, fresh.token) })).status).toBe(200)
  })

  it("keeps users apart", async () => {
    const { call, json, cloud } = await setupPhantom()
    await json('POST', '/credentials/sites', 201, { json: siteCreds })
    const pk = cloud.phantom.addUser('alice', 'alice-secret')
    const alice = basic(pk, cloud.phantom.login('alice').token)
    expect((await call('GET', '/credentials/sites', { auth: alice })).json()).toEqual([])
  })
})

describe('fake Phantom: sites and credentials', () => {
  it('lists sites, with details on request, and answers one or a plain-text 404', async () => {
    const { call, json } = await setupPhantom()
    const r = await call('GET', '/sites')
    expect([r.status, r.type]).toEqual([200, 'application/javascript'])
    expect(r.text).toMatch(/^\[\{"id": "hotel", "instance_types": \["m1.small", /)
    expect(r.json()).toContainEqual({ id: 'hotel', instance_types: ['m1.small', 'm1.large', 'm1.xlarge'], credentials: '/phantom/api/dev/credentials/sites/hotel', uri: '/phantom/api/dev/sites/hotel' })
    const detailed = await json<Record<string, unknown>[]>('GET', '/sites?details=true', 200)
    expect(detailed.find((s) => s.id === 'ec2')).toMatchObject({ type: 'ec2', image_generation: false, user_images: [], public_images: [] })
    expect(await json('GET', '/sites/sierra', 200)).toMatchObject({ id: 'sierra', uri: '/phantom/api/dev/sites/sierra' })
    expect(await call('GET', '/sites/nowhere')).toMatchObject({ status: 404, type: 'application/javascript', text: 'Site nowhere not found' })
  })

  it('site credentials: POST 201 (again replaces), GET, PUT 200, DELETE 204, and the errors', async () => {
    const { call, json } = await setupPhantom()
    expect(await json('POST', '/credentials/sites', 201, { json: siteCreds })).toEqual({ ...siteCreds, uri: '/phantom/api/dev/credentials/sites/hotel', nimbus_user_cert: null, nimbus_user_key: null, nimbus_canonical_id: null, openstack_username: null, openstack_password: null, openstack_project: null })
    expect(await call('POST', '/credentials/sites', { json: { ...siteCreds, id: 'nowhere' } })).toMatchObject({ status: 400, text: "nowhere doesn't seem to exist. I know about ['hotel', 'sierra', 'ec2']" })
    expect((await call('POST', '/credentials/sites', { json: { id: 'hotel' } })).text).toBe("Bad request. Do not have all required parameters (['id', 'access_key', 'secret_key', 'key_name'])")
    expect((await call('POST', '/credentials/sites', { body: 'not json' })).text).toMatch(/^Bad request \(not json\)\. No JSON\./)
    expect(await json('GET', '/credentials/sites', 200)).toEqual([{ ...siteCreds, uri: '/phantom/api/dev/credentials/sites/hotel' }])
    expect(await json('PUT', '/credentials/sites/hotel', 200, { json: { ...siteCreds, secret_key: 'SK2' } })).toMatchObject({ secret_key: 'SK2' })
    expect((await call('PUT', '/credentials/sites/hotel', { json: { ...siteCreds, id: 'sierra' } })).status).toBe(400)
    expect(await call('GET', '/credentials/sites/sierra')).toMatchObject({ status: 404, text: 'Credentials for site sierra not found' })
    expect((await call('DELETE', '/credentials/sites/hotel')).status).toBe(204)
    expect(await call('DELETE', '/credentials/sites/hotel')).toMatchObject({ status: 400, text: 'Site hotel not available. Choose from []' })
  })

  it('uploads SSH keys (201 echoing the body) for sites the user has credentials for; details list them', async () => {
    const { call, json } = await setupPhantom()
    const key = { name: 'mykey', key: 'ssh-rsa AAAA test' }
    expect((await call('POST', '/sites/hotel/sshkeys', { json: key })).status).toBe(400)
    await json('POST', '/credentials/sites', 201, { json: siteCreds })
    expect(await call('POST', '/sites/hotel/sshkeys', { json: key })).toMatchObject({ status: 201, text: JSON.stringify(key) })
    expect((await call('POST', '/sites/hotel/sshkeys', { json: { name: 'x' } })).status).toBe(400)
    expect(await json('GET', '/credentials/sites/hotel?details=true', 200)).toMatchObject({ available_keys: ['phantomkey', 'mykey'] })
  })

  it('Chef credentials: POST 201, duplicate → 302 to it, GET, PUT, DELETE', async () => {
    const { call, json } = await setupPhantom()
    const chef = { id: 'chef1', server_url: 'https://chef.example', client_name: 'admin', client_key: 'CK', validator_key: 'VK' }
    expect(await json('POST', '/credentials/chef', 201, { json: chef })).toEqual({ ...chef, validation_client_name: 'chef-validator', uri: '/phantom/api/dev/credentials/chef/chef1' })
    expect(await call('POST', '/credentials/chef', { json: chef })).toMatchObject({ status: 302, location: 'http://cloud.strato.test/phantom/api/dev/credentials/chef/chef1' })
    expect((await call('POST', '/credentials/chef', { json: { ...chef, id: 'bad/id!' } })).status).toBe(400)
    expect(await json('GET', '/credentials/chef', 200)).toHaveLength(1)
    expect(await json('PUT', '/credentials/chef/chef1', 200, { json: { ...chef, client_name: 'root' } })).toMatchObject({ client_name: 'root' })
    expect((await call('PUT', '/credentials/chef/nope', { json: chef })).status).toBe(400)
    expect((await call('DELETE', '/credentials/chef/chef1')).status).toBe(204)
    expect((await call('GET', '/credentials/chef/chef1')).status).toBe(404)
    expect((await call('DELETE', '/credentials/chef/chef1')).status).toBe(400)
  })

  it('lists sensors and answers one', async () => {
    const { json, call } = await setupPhantom()
    const sensors = await json<{ id: string; uri: string }[]>('GET', '/sensors', 200)
    expect(sensors).toContainEqual({ id: 'proc.loadavg.1min', uri: '/phantom/api/dev/sensors/proc.loadavg.1min' })
    expect(await json('GET', '/sensors/df.inodes.free', 200)).toEqual({ id: 'df.inodes.free', uri: '/phantom/api/dev/sensors/df.inodes.free' })
    expect(await call('GET', '/sensors/cpu')).toMatchObject({ status: 404, text: "Sensor 'cpu' does not exist" })
  })
})

describe('fake Phantom: Django', () => {
  it('answers unknown URLs with 404, then checks auth, then the method (405 with Allow); ?pretty=true indents; faults', async () => {
    const { call, cloud, auth } = await setupPhantom()
    expect(await call('GET', '/imagegenerators')).toMatchObject({ status: 404, type: 'text/html; charset=utf-8' })
    expect((await call('PATCH', '/sites', { auth: null })).status).toBe(403)
    const r = await cloud.handle(new Request(`${cloud.baseUrl}/phantom/api/dev/sites`, { method: 'DELETE', headers: { authorization: auth } }))
    expect([r.status, r.headers.get('allow')]).toEqual([405, 'GET'])
    expect((await call('GET', '/sites/hotel?pretty=true')).text).toBe(
      '{\n    "id": "hotel",\n    "instance_types": [\n        "m1.small",\n        "m1.large",\n        "m1.xlarge"\n    ],\n    "credentials": "/phantom/api/dev/credentials/sites/hotel",\n    "uri": "/phantom/api/dev/sites/hotel"\n}',
    )
    const f = cloud.phantom.faults.add({ method: 'GET', path: '/sites', status: 500, body: 'boom' })
    expect(await call('GET', '/sites')).toMatchObject({ status: 500, text: 'boom' })
    expect(f.hits).toBe(1)
  })

  it('serves the same state on 127.0.0.1 through cloud.listen()', async () => {
    const { cloud, auth } = await setupPhantom()
    await using server = await cloud.listen()
    const login = await fetch(`${server.url}/phantom/api/dev/token`, { method: 'POST', body: new URLSearchParams({ username: 'demo', password: 'demo-secret' }) })
    const { token, user } = (await login.json()) as { token: string; user: number }
    const r = await fetch(`${server.url}/phantom/api/dev/credentials/sites`, { method: 'POST', headers: { authorization: basic(user, token) }, body: JSON.stringify(siteCreds) })
    expect(r.status).toBe(201)
    expect(cloud.phantom.users.get(1)?.username).toBe('demo')
    const back = await fetch(`${server.url}/phantom/api/dev/credentials/sites/hotel`, { headers: { authorization: auth } })
    expect(await back.json()).toMatchObject({ id: 'hotel', key_name: 'phantomkey' })
  })
})
