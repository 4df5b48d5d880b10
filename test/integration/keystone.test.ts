// test/integration/keystone.test.ts — KeystoneSession against a real Keystone (scripts/peers/keystone.sh).
// A missing server fails these tests: nothing here is skipped.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeystoneSession } from '../../src/auth/keystone.js'
import { Client } from '../../src/core/client.js'
import { UnauthorizedError } from '../../src/core/errors.js'

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run through npm run test:integration (scripts/peers/keystone.sh env)`)
  return value
}

const authUrl = env('STRATO_KEYSTONE_URL')
const demo = { authUrl, username: 'demo', password: 'demo-secret', projectName: 'demo' }

describe('KeystoneSession on a real Keystone', () => {
  let admin: KeystoneSession
  beforeAll(async () => {
    admin = await KeystoneSession.password({ authUrl, username: 'admin', password: 'secret', projectName: 'admin' })
  })
  afterAll(async () => admin?.close())

  it('password, project-scoped: user, project, roles and catalog', async () => {
    await using s = await KeystoneSession.password(demo)
    const info = s.tokenInfo!
    expect(info.user.name).toBe('demo')
    expect(info.project?.name).toBe('demo')
    expect(info.roles).toContain('member')
    expect(info.expiresAt.getTime()).toBeGreaterThan(Date.now())
    expect(s.catalog().map((e) => e.type)).toEqual(expect.arrayContaining(['identity', 'object-store', 'image']))
    expect(await s.endpointFor('object-store')).toBe(`http://127.0.0.1:8080/v1/AUTH_${info.project!.id}`)
    expect(await s.endpointFor('image', { interface: 'internal', region: 'RegionOne' })).toBe('http://127.0.0.1:9292')
    await expect(s.endpointFor('compute')).rejects.toMatchObject({ code: 'EndpointNotFound' })
  })

  it('token method rescopes an unscoped token', async () => {
    await using unscoped = await KeystoneSession.password({ authUrl, username: 'demo', password: 'demo-secret' })
    expect(unscoped.tokenInfo!.project).toBeUndefined()
    expect(unscoped.catalog()).toEqual([])
    await using scoped = await KeystoneSession.token({ authUrl, token: await unscoped.token(), projectName: 'demo' })
    expect(scoped.tokenInfo!.methods).toContain('token')
    expect(scoped.tokenInfo!.project?.name).toBe('demo')
  })

  it('application credential', async () => {
    await using s = await KeystoneSession.applicationCredential({
      authUrl,
      id: env('STRATO_KEYSTONE_APPCRED_ID'),
      secret: env('STRATO_KEYSTONE_APPCRED_SECRET'),
    })
    expect(s.tokenInfo!.methods).toEqual(['application_credential'])
    expect(s.tokenInfo!.project?.name).toBe('demo')
  })

  it('a wrong password is UnauthorizedError, and the password is nowhere in it', async () => {
    const err = await KeystoneSession.password({ ...demo, password: 'wrong-password-123' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnauthorizedError)
    expect(JSON.stringify({ ...(err as object), message: (err as Error).message })).not.toContain('wrong-password-123')
  })

  it('fromEnv and fromCloudsYaml read the same credentials', async () => {
    await using fromEnv = await KeystoneSession.fromEnv({
      OS_AUTH_URL: authUrl,
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'demo-secret',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_ID: 'default',
      OS_REGION_NAME: 'RegionOne',
    })
    expect(fromEnv.tokenInfo!.project?.name).toBe('demo')
    const dir = await mkdtemp(join(tmpdir(), 'strato-clouds-'))
    const file = join(dir, 'clouds.yaml')
    await writeFile(
      file,
      `clouds:\n  peer:\n    auth:\n      auth_url: ${authUrl}\n      username: demo\n      password: demo-secret\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`,
    )
    await using fromYaml = await KeystoneSession.fromCloudsYaml('peer', { path: file })
    expect(fromYaml.tokenInfo!.project?.id).toBe(fromEnv.tokenInfo!.project?.id)
  })

  it('survives a token revoked mid-run: one re-authentication for many concurrent requests', async () => {
    await using s = await KeystoneSession.password(demo)
    const identity = new Client({ session: s, serviceType: 'identity' })
    const projects = async (): Promise<string[]> => {
      const r = await identity.get('/auth/projects')
      return ((await r.json()) as { projects: { name: string }[] }).projects.map((p) => p.name)
    }
    expect(await projects()).toEqual(['demo'])
    expect(s.authentications).toBe(1)
    // Revoke the session's token behind its back, as an operator or an expiry would.
    const stale = await s.token()
    const revoke = await fetch(`${authUrl}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': await admin.token(), 'X-Subject-Token': stale },
    })
    expect(revoke.status).toBe(204)
    let retries401 = 0
    identity.on('retry', (e) => {
      if (e.status === 401) retries401++
    })
    const results = await Promise.all(Array.from({ length: 12 }, () => projects()))
    expect(results.every((r) => r[0] === 'demo')).toBe(true)
    expect(s.authentications).toBe(2)
    expect(retries401).toBeGreaterThan(0)
    expect(await s.token()).not.toBe(stale)
    await identity.close()
  })
})
