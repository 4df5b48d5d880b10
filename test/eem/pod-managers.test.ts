// test/eem/pod-managers.test.ts — eem.podManagers against a scripted Valence: exact requests, both list shapes, DELETE 200/204, masked passwords.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { versioned } from '../../src/eem/client.js'
import { PODM, SECRET, V1, podManager, useValence } from './support.js'

const t = useValence({  })

const input = { name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether' as const, authentication: { username: 'admin', password: SECRET } }
const valenceAuth = [{ type: 'basic', auth_items: { username: 'admin', password: SECRET } }]

describe('endpoint', () => {
  it('appends /v1 unless present; sends no auth header of its own', async () => {
    expect(versioned('http://h:8181')).toBe('http://h:8181/v1')
    expect(versioned('http://h:8181/')).toBe('http://h:8181/v1')
    expect(versioned('http://h:8181/v1/')).toBe('http://h:8181/v1')
    expect(await t.eem.endpoint()).toBe(V1)
    t.valence.on('GET /v1/pod_managers', { json: [] })
    await t.eem.podManagers.list().toArray()
    expect(t.valence.seen[0]!.headers['x-auth-token']).toBeUndefined()
    expect(t.valence.seen[0]!.headers['authorization']).toBeUndefined()
  })
})

describe('podManagers', () => {
  it('create POSTs Valence’s body (basic auth as auth_items), accepts 200, masks the password', async () => {
    t.valence.on('POST /v1/pod_managers', { status: 200, json: podManager() })
    const pm = await t.eem.podManagers.create(input)
    expect(t.valence.seen).toMatchObject([{ method: 'POST', path: '/v1/pod_managers' }])
    expect(t.valence.seen[0]!.headers['content-type']).toContain('application/json')
    expect(t.valence.seen[0]!.json).toEqual({ name: 'eem1', url: 'http://10.0.0.5:30500/eem', driver: 'expether', authentication: valenceAuth })
    expect(pm).toMatchObject({ uuid: PODM, status: 'Online', driver: 'expether', created_at: '2018-01-10 10:00:00 UTC' })
    expect(pm.authentication?.[0]?.auth_items).toEqual({ username: 'admin', password: '***' })
    expect(JSON.stringify(pm)).not.toContain(SECRET)
  })

  it('create takes Valence’s own authentication form and leaves driver out when not given; 201 is fine too', async () => {
    t.valence.on('POST /v1/pod_managers', { status: 201, json: podManager({ driver: 'redfishv1' }) })
    await t.eem.podManagers.create({ name: 'rf', url: 'https://podm.example:8443/redfish/v1', authentication: [{ type: 'basic', auth_items: { username: 'admin', password: SECRET } }] })
    expect(t.valence.seen[0]!.json).toEqual({ name: 'rf', url: 'https://podm.example:8443/redfish/v1', authentication: valenceAuth })
  })

  it('revealPassword returns the password as Valence sent it', async () => {
    t.valence.on('GET /v1/pod_managers/' + PODM, { json: podManager() })
    const pm = await t.eem.podManagers.get(PODM, { revealPassword: true })
    expect(pm.authentication?.[0]?.auth_items?.password).toBe(SECRET)
    expect(t.valence.seen).toMatchObject([{ method: 'GET', path: `/v1/pod_managers/${PODM}` }])
  })

  it('list takes the bare array Valence sends and the wrapped list the api-ref documents', async () => {
    t.valence.on('GET /v1/pod_managers', { json: [podManager(), podManager({ uuid: 'p2', name: 'eem2' })] })
    const bare = await t.eem.podManagers.list().toArray()
    expect(bare.map((p) => p.uuid)).toEqual([PODM, 'p2'])
    expect(bare.every((p) => p.authentication?.[0]?.auth_items?.password === '***')).toBe(true)
    t.valence.on('GET /v1/pod_managers', { json: { pod_managers: [podManager({ uuid: 'p3' })] } })
    expect((await t.eem.podManagers.list({ revealPassword: true }).toArray()).map((p) => [p.uuid, p.authentication?.[0]?.auth_items?.password])).toEqual([['p3', SECRET]])
    t.valence.on('GET /v1/pod_managers', { json: { something: 'else' } })
    await expect(t.eem.podManagers.list().toArray()).rejects.toMatchObject({ name: 'ResponseError' })
  })

  it('update PATCHes only the given fields', async () => {
    t.valence.on('PATCH /v1/pod_managers/' + PODM, { json: podManager({ name: 'eem-rack2' }) })
    const pm = await t.eem.podManagers.update(PODM, { name: 'eem-rack2' })
    expect(pm.name).toBe('eem-rack2')
    expect(t.valence.seen).toMatchObject([{ method: 'PATCH', path: `/v1/pod_managers/${PODM}`, json: { name: 'eem-rack2' } }])
    await t.eem.podManagers.update(PODM, { authentication: { username: 'root', password: 'n3w-password' } })
    expect(t.valence.seen[1]!.json).toEqual({ authentication: [{ type: 'basic', auth_items: { username: 'root', password: 'n3w-password' } }] })
  })

  it('delete is done on 200 with Valence’s confirmation body and on 204', async () => {
    t.valence.on('DELETE /v1/pod_managers/' + PODM, { status: 200, json: { code: 'DELETED', detail: 'DELETED', request_id: 'r' } })
    await expect(t.eem.podManagers.delete(PODM)).resolves.toBeUndefined()
    t.valence.on('DELETE /v1/pod_managers/' + PODM, { status: 204 })
    await expect(t.eem.podManagers.delete(PODM)).resolves.toBeUndefined()
    expect(t.valence.seen.map((s) => `${s.method} ${s.path}`)).toEqual([`DELETE /v1/pod_managers/${PODM}`, `DELETE /v1/pod_managers/${PODM}`])
  })

  it('ids are encoded as one path segment', async () => {
    await expect(t.eem.podManagers.get('a/b?c')).rejects.toMatchObject({ name: 'NotFoundError', code: 'NotFound' })
    expect(t.valence.seen[0]!.path).toBe('/v1/pod_managers/a%2Fb%3Fc')
  })

  it('bad input is an InputError naming the field, before any request', async () => {
    const bad: [() => Promise<unknown>, RegExp][] = [
      [() => t.eem.podManagers.create({ ...input, url: 'http://10.0.0.5:30500/eem/' }), /url.*must not end with '\/'/],
      [() => t.eem.podManagers.create({ ...input, url: 'eem-host:30500' }), /url/],
      [() => t.eem.podManagers.create({ ...input, url: 'ftp://h/eem' }), /url.*http or https/],
      [() => t.eem.podManagers.create({ ...input, url: 'http://u:p@h/eem' }), /url.*credentials/],
      [() => t.eem.podManagers.create({ ...input, name: '' }), /name/],
      [() => t.eem.podManagers.create({ ...input, driver: 'redfish' as 'expether' }), /driver/],
      [() => t.eem.podManagers.create({ ...input, authentication: { username: 'admin', password: '' } }), /authentication/],
      [() => t.eem.podManagers.create({ ...input, authentication: undefined as never }), /authentication/],
      [() => t.eem.podManagers.create({ ...input, podm_id: 'x' } as never), /podm_id|Unrecognized/i],
      [() => t.eem.podManagers.update(PODM, {}), /at least one/],
      [() => t.eem.podManagers.update('', { name: 'x' }), /uuid/],
      [() => t.eem.podManagers.get(''), /uuid/],
      [() => t.eem.podManagers.delete(''), /uuid/],
    ]
    for (const [call, message] of bad) {
      const e = await call().catch((x: unknown) => x)
      expect(e).toBeInstanceOf(InputError)
      expect((e as Error).message).toMatch(message)
      expect((e as Error).message).not.toContain(SECRET)
    }
    expect(t.valence.seen).toEqual([])
  })
})
