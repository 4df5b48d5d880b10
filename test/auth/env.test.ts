// test/auth/env.test.ts — configFromEnv: every OS_* variable, method choice, OS_CLOUD delegation, errors without secrets.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { configFromEnv } from '../../src/auth/env.js'
import { InputError } from '../../src/core/errors.js'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

async function failure(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(InputError)
  return e as InputError
}

const URL_ = 'https://keystone.example:5000/v3'

describe('configFromEnv without OS_CLOUD', () => {
  it('reads a password login with project scope, domains, region, interface and TLS', async () => {
    const cfg = await configFromEnv({
      OS_AUTH_URL: URL_,
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'pw',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Users',
      OS_PROJECT_DOMAIN_ID: 'default',
      OS_REGION_NAME: 'RegionOne',
      OS_INTERFACE: 'internalURL',
      OS_CACERT: '/etc/ssl/ca.pem',
      OS_CERT: '/c.pem',
      OS_KEY: '/c.key',
      OS_INSECURE: 'true',
    })
    expect(cfg).toEqual({
      authUrl: URL_,
      credentials: { method: 'password', username: 'demo', userDomain: { name: 'Users' }, password: 'pw' },
      scope: { project: { name: 'demo', domain: { id: 'default' } } },
      region: 'RegionOne',
      interface: 'internal',
      tls: { cacert: '/etc/ssl/ca.pem', cert: '/c.pem', key: '/c.key', verify: false },
    })
    expect(cfg.cloud).toBeUndefined()
  })

  it('reads user and project by id, and the OS_TENANT_* aliases (OS_PROJECT_* win)', async () => {
    expect(await configFromEnv({ OS_AUTH_URL: URL_, OS_USER_ID: 'u1', OS_PASSWORD: 'pw', OS_TENANT_ID: 't1' })).toEqual({
      authUrl: URL_,
      credentials: { method: 'password', userId: 'u1', password: 'pw' },
      scope: { project: { id: 't1' } },
    })
    const both = await configFromEnv({ OS_AUTH_URL: URL_, OS_USER_ID: 'u1', OS_PASSWORD: 'pw', OS_TENANT_NAME: 'old', OS_PROJECT_NAME: 'new' })
    expect(both.scope).toEqual({ project: { name: 'new' } })
  })

  it('uses OS_DOMAIN_* as a domain scope without a project, and as both domains with one', async () => {
    const base = { OS_AUTH_URL: URL_, OS_USERNAME: 'u', OS_PASSWORD: 'pw' }
    expect((await configFromEnv({ ...base, OS_DOMAIN_NAME: 'Admins' })).scope).toEqual({ domain: { name: 'Admins' } })
    expect(await configFromEnv({ ...base, OS_DOMAIN_ID: 'd1', OS_PROJECT_NAME: 'p' })).toMatchObject({
      credentials: { userDomain: { id: 'd1' } },
      scope: { project: { name: 'p', domain: { id: 'd1' } } },
    })
  })

  it('uses OS_DEFAULT_DOMAIN (an id) when a user or project domain is missing, never over an explicit one', async () => {
    const base = { OS_AUTH_URL: URL_, OS_USERNAME: 'u', OS_PASSWORD: 'pw', OS_PROJECT_NAME: 'p', OS_DEFAULT_DOMAIN: 'dd' }
    expect(await configFromEnv(base)).toMatchObject({ credentials: { userDomain: { id: 'dd' } }, scope: { project: { domain: { id: 'dd' } } } })
    expect(await configFromEnv({ ...base, OS_USER_DOMAIN_NAME: 'U', OS_PROJECT_DOMAIN_NAME: 'P' })).toMatchObject({
      credentials: { userDomain: { name: 'U' } },
      scope: { project: { domain: { name: 'P' } } },
    })
  })

  it('chooses token auth for a lone OS_TOKEN, or when OS_AUTH_TYPE says so', async () => {
    expect(await configFromEnv({ OS_AUTH_URL: URL_, OS_TOKEN: 'tok', OS_PROJECT_ID: 'p1' })).toEqual({
      authUrl: URL_,
      credentials: { method: 'token', token: 'tok' },
      scope: { project: { id: 'p1' } },
    })
    const typed = await configFromEnv({ OS_AUTH_URL: URL_, OS_AUTH_TYPE: 'v3token', OS_TOKEN: 'tok', OS_USERNAME: 'ignored' })
    expect(typed.credentials).toEqual({ method: 'token', token: 'tok' })
    const pw = await configFromEnv({ OS_AUTH_URL: URL_, OS_TOKEN: 'tok', OS_USERNAME: 'u', OS_PASSWORD: 'pw' })
    expect(pw.credentials.method).toBe('password')
  })

  it('chooses an application credential from its variables, by id or by name with its user', async () => {
    expect(await configFromEnv({ OS_AUTH_URL: URL_, OS_APPLICATION_CREDENTIAL_ID: 'ac', OS_APPLICATION_CREDENTIAL_SECRET: 's', OS_PROJECT_NAME: 'x' })).toEqual({
      authUrl: URL_,
      credentials: { method: 'applicationCredential', id: 'ac', secret: 's' },
    })
    const named = await configFromEnv({
      OS_AUTH_URL: URL_,
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_NAME: 'ci',
      OS_APPLICATION_CREDENTIAL_SECRET: 's',
      OS_USERNAME: 'robot',
      OS_USER_DOMAIN_ID: 'd1',
    })
    expect(named.credentials).toEqual({ method: 'applicationCredential', name: 'ci', secret: 's', username: 'robot', userDomain: { id: 'd1' } })
  })

  it('accepts each OS_AUTH_TYPE spelling', async () => {
    const all = { OS_AUTH_URL: URL_, OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_TOKEN: 't', OS_APPLICATION_CREDENTIAL_ID: 'i', OS_APPLICATION_CREDENTIAL_SECRET: 's' }
    const types = { password: 'password', v3password: 'password', token: 'token', v3token: 'token', v3applicationcredential: 'applicationCredential', application_credential: 'applicationCredential' }
    for (const [type, method] of Object.entries(types)) expect((await configFromEnv({ ...all, OS_AUTH_TYPE: type })).credentials.method).toBe(method)
  })

  it('reads OS_INSECURE as a boolean, OS_ENDPOINT_TYPE as the interface, OS_SYSTEM_SCOPE', async () => {
    const base = { OS_AUTH_URL: URL_, OS_TOKEN: 't' }
    expect((await configFromEnv({ ...base, OS_INSECURE: 'false' })).tls).toBeUndefined()
    expect((await configFromEnv({ ...base, OS_INSECURE: '1' })).tls).toEqual({ verify: false })
    expect((await configFromEnv({ ...base, OS_ENDPOINT_TYPE: 'adminURL' })).interface).toBe('admin')
    expect((await configFromEnv({ ...base, OS_SYSTEM_SCOPE: 'all' })).scope).toEqual({ system: 'all' })
  })

  it('treats empty variables as unset', async () => {
    const cfg = await configFromEnv({ OS_CLOUD: '', OS_AUTH_URL: URL_, OS_TOKEN: 't', OS_PASSWORD: '', OS_USERNAME: '', OS_PROJECT_NAME: '', OS_REGION_NAME: '', OS_INTERFACE: '' })
    expect(cfg).toEqual({ authUrl: URL_, credentials: { method: 'token', token: 't' } })
    expect((await failure(configFromEnv({ OS_AUTH_URL: '', OS_TOKEN: 't' }))).message).toBe('OS_AUTH_URL is not set (token authentication)')
  })
})

describe('configFromEnv errors', () => {
  it('names the missing variables', async () => {
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{}, 'OS_AUTH_URL, OS_USERNAME (or OS_USER_ID), OS_PASSWORD are not set (password authentication)'],
      [{ OS_USERNAME: 'u', OS_PASSWORD: 'p' }, 'OS_AUTH_URL is not set (password authentication)'],
      [{ OS_AUTH_URL: URL_, OS_USERNAME: 'u' }, 'OS_PASSWORD is not set (password authentication)'],
      [{ OS_AUTH_URL: URL_, OS_PASSWORD: 'p' }, 'OS_USERNAME (or OS_USER_ID) is not set (password authentication)'],
      [{ OS_AUTH_URL: URL_, OS_AUTH_TYPE: 'token' }, 'OS_TOKEN is not set (token authentication)'],
      [{ OS_AUTH_URL: URL_, OS_APPLICATION_CREDENTIAL_ID: 'i' }, 'OS_APPLICATION_CREDENTIAL_SECRET is not set (application credential authentication)'],
      [
        { OS_AUTH_URL: URL_, OS_APPLICATION_CREDENTIAL_SECRET: 's' },
        'OS_APPLICATION_CREDENTIAL_ID (or OS_APPLICATION_CREDENTIAL_NAME) is not set (application credential authentication)',
      ],
    ]
    for (const [env, message] of cases) expect((await failure(configFromEnv(env))).message).toBe(message)
  })

  it('refuses an unknown OS_AUTH_TYPE, a bad OS_INTERFACE, OS_INSECURE or OS_AUTH_URL', async () => {
    const base = { OS_AUTH_URL: URL_, OS_TOKEN: 't' }
    expect((await failure(configFromEnv({ ...base, OS_AUTH_TYPE: 'v3totp' }))).message).toBe(
      'OS_AUTH_TYPE "v3totp" is not supported; use password, v3password, token, v3token or v3applicationcredential',
    )
    expect((await failure(configFromEnv({ ...base, OS_INTERFACE: 'private' }))).message).toBe('OS_INTERFACE must be public, internal or admin (got "private")')
    expect((await failure(configFromEnv({ ...base, OS_INSECURE: 'sometimes' }))).message).toBe('OS_INSECURE must be true or false')
    expect((await failure(configFromEnv({ ...base, OS_AUTH_URL: 'ftp://k/v3' }))).message).toBe('OS_AUTH_URL is not an http(s) URL')
  })

  it('never puts a password, token or secret value in an error message', async () => {
    const secrets = { OS_PASSWORD: 'SECRET-pw', OS_TOKEN: 'SECRET-tok', OS_APPLICATION_CREDENTIAL_SECRET: 'SECRET-ac' }
    const envs: NodeJS.ProcessEnv[] = [
      { ...secrets },
      { ...secrets, OS_AUTH_URL: URL_, OS_AUTH_TYPE: 'bogus' },
      { ...secrets, OS_AUTH_URL: URL_, OS_INTERFACE: 'bogus' },
      { ...secrets, OS_AUTH_URL: URL_, OS_INSECURE: 'SECRET-pw' },
      { ...secrets, OS_AUTH_URL: 'http://u:SECRET-pw@' },
      { OS_AUTH_URL: URL_, OS_APPLICATION_CREDENTIAL_SECRET: 'SECRET-ac', OS_APPLICATION_CREDENTIAL_NAME: 'n' },
      { OS_AUTH_URL: URL_, OS_PASSWORD: 'SECRET-pw' },
    ]
    for (const env of envs) {
      const e = await failure(configFromEnv(env))
      const text = [String(e), ...e.details, String(e.cause ?? '')].join('\n')
      for (const s of Object.values(secrets)) expect(text).not.toContain(s)
    }
  })
})

describe('configFromEnv with OS_CLOUD', () => {
  async function sandbox() {
    const root = await mkdtemp(join(tmpdir(), 'strato-env-'))
    roots.push(root)
    const cwd = join(root, 'cwd')
    const etc = join(root, 'etc')
    await mkdir(cwd, { recursive: true })
    await mkdir(etc, { recursive: true })
    const yaml = [
      'clouds:',
      '  one:',
      '    auth: { auth_url: "http://one/v3", username: u, password: pw, project_name: p }',
      '    region_name: R1',
      '    interface: public',
      '  many:',
      '    auth: { auth_url: "http://many/v3", token: t }',
      '    regions: [A, { name: B, values: { interface: admin } }]',
    ].join('\n')
    await writeFile(join(cwd, 'clouds.yaml'), yaml)
    return { root, cwd, etc, env: (e: NodeJS.ProcessEnv) => ({ HOME: join(root, 'home'), ...e }) }
  }

  it('reads the named clouds.yaml entry and ignores the other auth variables', async () => {
    const s = await sandbox()
    const cfg = await configFromEnv(s.env({ OS_CLOUD: 'one', OS_AUTH_URL: 'http://ignored/v3', OS_PASSWORD: 'ignored' }), { cwd: s.cwd, systemDirs: [s.etc] })
    expect(cfg).toEqual({
      cloud: 'one',
      authUrl: 'http://one/v3',
      credentials: { method: 'password', username: 'u', password: 'pw' },
      scope: { project: { name: 'p' } },
      region: 'R1',
      interface: 'public',
    })
  })

  it('lets OS_REGION_NAME and OS_INTERFACE override the entry', async () => {
    const s = await sandbox()
    const opts = { cwd: s.cwd, systemDirs: [s.etc] }
    expect(await configFromEnv(s.env({ OS_CLOUD: 'one', OS_REGION_NAME: 'R9', OS_INTERFACE: 'internalURL' }), opts)).toMatchObject({ region: 'R9', interface: 'internal' })
    expect(await configFromEnv(s.env({ OS_CLOUD: 'many' }), opts)).toMatchObject({ region: 'A' })
    expect(await configFromEnv(s.env({ OS_CLOUD: 'many', OS_REGION_NAME: 'B' }), opts)).toMatchObject({ region: 'B', interface: 'admin' })
    expect(await configFromEnv(s.env({ OS_CLOUD: 'many', OS_REGION_NAME: 'B', OS_ENDPOINT_TYPE: 'public' }), opts)).toMatchObject({ interface: 'public' })
    expect((await failure(configFromEnv(s.env({ OS_CLOUD: 'one', OS_INTERFACE: 'nope' }), opts))).message).toBe(
      'OS_INTERFACE must be public, internal or admin (got "nope")',
    )
  })

  it('follows OS_CLIENT_CONFIG_FILE and reports an unknown OS_CLOUD or a missing file', async () => {
    const s = await sandbox()
    const other = join(s.root, 'other.yaml')
    await writeFile(other, 'clouds:\n  elsewhere:\n    auth: { auth_url: "http://else/v3", token: t }\n')
    const opts = { cwd: s.cwd, systemDirs: [s.etc] }
    expect((await configFromEnv(s.env({ OS_CLOUD: 'elsewhere', OS_CLIENT_CONFIG_FILE: other }), opts)).authUrl).toBe('http://else/v3')
    expect((await failure(configFromEnv(s.env({ OS_CLOUD: 'two' }), opts))).message).toBe(`${join(s.cwd, 'clouds.yaml')}: no cloud named "two"; available: one, many`)
    const e = await failure(configFromEnv(s.env({ OS_CLOUD: 'one' }), { cwd: s.etc, systemDirs: [] }))
    expect(e.message).toMatch(/^no clouds\.yaml found; looked for clouds\.yaml, clouds\.yml and clouds\.json in: /)
  })
})
