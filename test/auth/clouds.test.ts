// test/auth/clouds.test.ts — loadCloudsYaml: search order, secure.yaml and profile merges, every mapping rule and error.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { configDirs, loadCloudsYaml } from '../../src/auth/clouds.js'
import { InputError } from '../../src/core/errors.js'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

/** A fake filesystem layout: cwd, home, an XDG config home, a "system" dir standing in for /etc/openstack. */
async function sandbox() {
  const root = await mkdtemp(join(tmpdir(), 'strato-clouds-'))
  roots.push(root)
  const d = {
    cwd: join(root, 'cwd'),
    home: join(root, 'home'),
    homeConfig: join(root, 'home', '.config', 'openstack'),
    xdg: join(root, 'xdg'),
    etc: join(root, 'etc'),
    other: join(root, 'other'),
  }
  for (const dir of [d.cwd, d.homeConfig, join(d.xdg, 'openstack'), d.etc, d.other]) await mkdir(dir, { recursive: true })
  const write = async (dir: string, name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text)
    return join(dir, name)
  }
  const fixture = (dir: string, name: string) => copyFile(join(FIXTURES, name), join(dir, name))
  const opts = (env: NodeJS.ProcessEnv = {}, extra: { region?: string; path?: string } = {}) => ({
    env: { HOME: d.home, ...env },
    cwd: d.cwd,
    systemDirs: [d.etc],
    ...extra,
  })
  return { ...d, write, fixture, opts }
}

async function failure(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(InputError)
  return e as InputError
}

const mini = (name: string, body: string) => `clouds:\n  ${name}:\n${body.replace(/^/gm, '    ')}\n`

describe('loadCloudsYaml: mapping', () => {
  it('maps a password cloud with secure.yaml merged over it, TLS files, region and a publicURL-style interface', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    await s.fixture(s.homeConfig, 'secure.yaml')
    expect(await loadCloudsYaml('devstack', s.opts())).toEqual({
      cloud: 'devstack',
      authUrl: 'https://keystone.example:5000/v3',
      credentials: { method: 'password', username: 'demo', userDomain: { name: 'Users' }, password: 'devstack-secret' },
      scope: { project: { name: 'demo', domain: { id: 'default' } } },
      region: 'RegionOne',
      interface: 'internal',
      tls: { cacert: '/etc/ssl/ca.pem', cert: join(s.home, 'client.pem'), key: join(s.home, 'client.key'), verify: false },
    })
  })

  it('maps v3password by user id with tenant_id kept as text, endpoint_type, and the first of regions:', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    expect(await loadCloudsYaml('legacy', s.opts())).toEqual({
      cloud: 'legacy',
      authUrl: 'http://legacy.example/v3',
      credentials: { method: 'password', userId: 'u-123', password: 'legacy-secret' },
      scope: { project: { id: '0123' } },
      region: 'RegionA',
      interface: 'admin',
    })
  })

  it('picks another listed region on request and applies its values', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    const cfg = await loadCloudsYaml('legacy', s.opts({}, { region: 'RegionB' }))
    expect(cfg).toMatchObject({ region: 'RegionB', interface: 'internal' })
    const e = await failure(loadCloudsYaml('legacy', s.opts({}, { region: 'RegionC' })))
    expect(e.message).toContain('region RegionC is not in clouds.legacy.regions: RegionA, RegionB')
  })

  it('maps v3token with a domain scope (domain_name without a project)', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    expect(await loadCloudsYaml('tokens', s.opts())).toEqual({
      cloud: 'tokens',
      authUrl: 'http://ks.example/v3',
      credentials: { method: 'token', token: 'tok-secret' },
      scope: { domain: { name: 'Admins' } },
    })
  })

  it('infers an application credential from its fields and drops the project (app creds carry their own scope)', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    expect(await loadCloudsYaml('appcred', s.opts())).toEqual({
      cloud: 'appcred',
      authUrl: 'http://ks.example/v3',
      credentials: { method: 'applicationCredential', id: 'ac-1', secret: 'ac-secret' },
    })
  })

  it('maps a named application credential, its user in default_domain, secret from secure.yaml', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    await s.fixture(s.etc, 'secure.yaml')
    expect(await loadCloudsYaml('appcred-named', s.opts())).toEqual({
      cloud: 'appcred-named',
      authUrl: 'http://ks.example/v3',
      credentials: { method: 'applicationCredential', name: 'ci', secret: 'named-secret', username: 'robot', userDomain: { id: 'robots' } },
    })
  })

  it('fills a cloud from its profile in clouds-public.yaml; the cloud wins over the profile', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    await s.fixture(s.etc, 'clouds-public.yaml')
    await s.write(s.other, 'clouds.yaml', mini('v', 'profile: example-public\nregion_name: MINE\nauth:\n  token: t'))
    expect(await loadCloudsYaml('vendor', s.opts())).toEqual({
      cloud: 'vendor',
      authUrl: 'https://public.example/identity/v3',
      credentials: { method: 'password', username: 'vendor-user', password: 'vendor-secret' },
      scope: { project: { id: 'p-9' } },
      region: 'PUB1',
      interface: 'public',
    })
    expect(await loadCloudsYaml('v', s.opts({}, { path: join(s.other, 'clouds.yaml') }))).toMatchObject({ region: 'MINE', credentials: { method: 'token' } })
  })

  it('accepts each auth_type spelling and infers token when only a token is given', async () => {
    const s = await sandbox()
    const types = { password: 'password', v3password: 'password', token: 'token', v3token: 'token', v3applicationcredential: 'applicationCredential', application_credential: 'applicationCredential' }
    for (const [authType, method] of Object.entries(types)) {
      const body = `auth_type: ${authType}\nauth:\n  auth_url: http://k/v3\n  username: u\n  password: p\n  token: t\n  application_credential_id: i\n  application_credential_secret: s`
      await s.write(s.cwd, 'clouds.yaml', mini('c', body))
      expect((await loadCloudsYaml(undefined, s.opts())).credentials.method).toBe(method)
    }
    await s.write(s.cwd, 'clouds.yaml', mini('c', 'auth:\n  auth_url: http://k/v3\n  auth-token: t\n  project-id: p'))
    expect(await loadCloudsYaml(undefined, s.opts())).toMatchObject({ credentials: { method: 'token', token: 't' }, scope: { project: { id: 'p' } } })
  })

  it('applies the domain rules: explicit domains win, then domain_* (with a project), then default_domain', async () => {
    const s = await sandbox()
    const load = async (auth: string, top = '') => {
      await s.write(s.cwd, 'clouds.yaml', mini('c', `${top}auth:\n  auth_url: http://k/v3\n  username: u\n  password: p\n${auth.replace(/^/gm, '  ')}`))
      return loadCloudsYaml(undefined, s.opts())
    }
    expect(await load('project_name: p\ndomain_name: Shared')).toMatchObject({
      credentials: { userDomain: { name: 'Shared' } },
      scope: { project: { name: 'p', domain: { name: 'Shared' } } },
    })
    expect(await load('project_name: p\ndomain_id: d1\nuser_domain_name: U', 'default_domain: dd\n')).toMatchObject({
      credentials: { userDomain: { name: 'U' } },
      scope: { project: { name: 'p', domain: { id: 'd1' } } },
    })
    expect(await load('tenant_name: p', 'default_domain: dd\n')).toMatchObject({
      credentials: { userDomain: { id: 'dd' } },
      scope: { project: { name: 'p', domain: { id: 'dd' } } },
    })
    expect(await load('project_name: p\ndefault_domain_name: Named')).toMatchObject({ scope: { project: { domain: { name: 'Named' } } } })
    expect(await load('domain_id: d1')).toMatchObject({ scope: { domain: { id: 'd1' } } })
    const unscoped = await load('')
    expect(unscoped.scope).toBeUndefined()
    expect(unscoped.credentials).toEqual({ method: 'password', username: 'u', password: 'p' })
    expect(await load('system_scope: all')).toMatchObject({ scope: { system: 'all' } })
  })

  it('reads auth keys written at the top level of the cloud, hyphenated keys, and keeps number-like ids as text', async () => {
    const s = await sandbox()
    await s.write(s.cwd, 'clouds.yaml', mini('c', 'auth_url: http://k/v3\nuser-id: 12e45\npassword: 007\nproject-id: 12345678901234567890\nregion_name: R1,R2\ninsecure: "yes"'))
    expect(await loadCloudsYaml(undefined, s.opts())).toEqual({
      cloud: 'c',
      authUrl: 'http://k/v3',
      credentials: { method: 'password', userId: '12e45', password: '007' },
      scope: { project: { id: '12345678901234567890' } },
      region: 'R1',
      tls: { verify: false },
    })
  })

  it('honours YAML anchors and merge keys, as PyYAML does', async () => {
    const s = await sandbox()
    const text = 'base: &base\n  auth_url: http://k/v3\n  username: u\n  password: p\nclouds:\n  a:\n    auth:\n      <<: *base\n      project_name: pa\n'
    await s.write(s.cwd, 'clouds.yaml', text)
    expect(await loadCloudsYaml('a', s.opts())).toMatchObject({ authUrl: 'http://k/v3', scope: { project: { name: 'pa' } } })
  })
})

describe('loadCloudsYaml: which file and which cloud', () => {
  const one = (tag: string) => mini('c', `auth:\n  auth_url: http://${tag}/v3\n  token: t`)

  it('searches OS_CLIENT_CONFIG_FILE, then cwd, then XDG_CONFIG_HOME, then ~/.config, then the system dirs', async () => {
    const s = await sandbox()
    const xdg = join(s.xdg, 'openstack')
    const env = { XDG_CONFIG_HOME: s.xdg, OS_CLIENT_CONFIG_FILE: join(s.other, 'mine.yaml') }
    const found = async () => new URL((await loadCloudsYaml(undefined, s.opts(env))).authUrl).hostname
    await s.write(s.etc, 'clouds.yaml', one('etc'))
    expect(await found()).toBe('etc')
    await s.write(s.homeConfig, 'clouds.yml', one('home'))
    expect(await found()).toBe('home')
    await s.write(xdg, 'clouds.json', JSON.stringify({ clouds: { c: { auth: { auth_url: 'http://xdg/v3', token: 't' } } } }))
    expect(await found()).toBe('xdg')
    await s.write(s.cwd, 'clouds.yml', one('cwd-yml'))
    expect(await found()).toBe('cwd-yml')
    await s.write(s.cwd, 'clouds.yaml', one('cwd'))
    expect(await found()).toBe('cwd')
    await s.write(s.other, 'mine.yaml', one('override'))
    expect(await found()).toBe('override')
  })

  it('reads ~/.config/openstack when XDG_CONFIG_HOME is unset, and an explicit path over everything', async () => {
    const s = await sandbox()
    await s.write(s.homeConfig, 'clouds.yaml', one('home'))
    await s.write(s.cwd, 'clouds.yaml', one('cwd'))
    await s.write(s.other, 'elsewhere.yaml', one('explicit'))
    expect((await loadCloudsYaml(undefined, s.opts({ OS_CLIENT_CONFIG_FILE: join(s.other, 'elsewhere.yaml') }, { path: join(s.homeConfig, 'clouds.yaml') }))).authUrl).toBe('http://home/v3')
    expect((await loadCloudsYaml(undefined, s.opts({}, { path: '../other/elsewhere.yaml' }))).authUrl).toBe('http://explicit/v3')
  })

  it('lists the directories it searches', async () => {
    const s = await sandbox()
    expect(configDirs({ env: { HOME: s.home, XDG_CONFIG_HOME: s.xdg }, cwd: s.cwd, systemDirs: [s.etc] })).toEqual([s.cwd, join(s.xdg, 'openstack'), s.homeConfig, s.etc])
    expect(configDirs({ env: { HOME: s.home, XDG_CONFIG_DIRS: '/a:/b' }, cwd: s.cwd })).toEqual([s.cwd, s.homeConfig, '/a/openstack', '/b/openstack', '/etc/openstack'])
  })

  it('takes secure.yaml from OS_CLIENT_SECURE_FILE first, else from next to an explicit path, else the search dirs', async () => {
    const s = await sandbox()
    const file = await s.write(s.other, 'clouds.yaml', mini('c', 'auth:\n  auth_url: http://k/v3\n  username: u'))
    const secret = (pw: string) => mini('c', `auth:\n  password: ${pw}`)
    await s.write(s.cwd, 'secure.yaml', secret('from-cwd'))
    const pw = async (env: NodeJS.ProcessEnv = {}) => {
      const cfg = await loadCloudsYaml(undefined, s.opts(env, { path: file }))
      return cfg.credentials.method === 'password' ? cfg.credentials.password : undefined
    }
    expect(await pw()).toBe('from-cwd')
    await s.write(s.other, 'secure.yml', secret('beside'))
    expect(await pw()).toBe('beside')
    await s.write(s.etc, 'my-secure.yaml', secret('override'))
    expect(await pw({ OS_CLIENT_SECURE_FILE: join(s.etc, 'my-secure.yaml') })).toBe('override')
  })

  it('chooses the cloud from the argument, else OS_CLOUD, else the only one', async () => {
    const s = await sandbox()
    await s.fixture(s.cwd, 'clouds.yaml')
    expect((await loadCloudsYaml(undefined, s.opts({ OS_CLOUD: 'tokens' }))).cloud).toBe('tokens')
    expect((await loadCloudsYaml('appcred', s.opts({ OS_CLOUD: 'tokens' }))).cloud).toBe('appcred')
    const e = await failure(loadCloudsYaml(undefined, s.opts()))
    expect(e.message).toBe(`${join(s.cwd, 'clouds.yaml')}: several clouds (devstack, legacy, tokens, appcred, appcred-named, vendor): name one, or set OS_CLOUD`)
  })
})

describe('loadCloudsYaml: errors', () => {
  const auth = 'auth:\n  auth_url: http://k/v3\n  username: u\n  password: pw'

  it('names the unknown cloud and lists the available ones (also for inherited property names)', async () => {
    const s = await sandbox()
    await s.write(s.cwd, 'clouds.yaml', `clouds:\n  a:\n${auth.replace(/^/gm, '    ')}\n  b:\n${auth.replace(/^/gm, '    ')}\n`)
    const file = join(s.cwd, 'clouds.yaml')
    expect((await failure(loadCloudsYaml('nope', s.opts()))).message).toBe(`${file}: no cloud named "nope"; available: a, b`)
    expect((await failure(loadCloudsYaml('constructor', s.opts()))).message).toContain('no cloud named "constructor"')
  })

  it('lists every place searched when no clouds.yaml exists, and refuses a missing explicit path', async () => {
    const s = await sandbox()
    const e = await failure(loadCloudsYaml('x', s.opts({ OS_CLIENT_CONFIG_FILE: join(s.other, 'gone.yaml'), XDG_CONFIG_HOME: s.xdg })))
    expect(e.message).toBe(
      `no clouds.yaml found; looked for clouds.yaml, clouds.yml and clouds.json in: ${join(s.other, 'gone.yaml')} (OS_CLIENT_CONFIG_FILE), ${s.cwd}, ${join(s.xdg, 'openstack')}, ${s.homeConfig}, ${s.etc}`,
    )
    expect((await failure(loadCloudsYaml('x', s.opts({}, { path: join(s.other, 'gone.yaml') })))).message).toBe(`${join(s.other, 'gone.yaml')} does not exist`)
  })

  it('names the file and key of each missing or bad setting', async () => {
    const s = await sandbox()
    const file = join(s.cwd, 'clouds.yaml')
    const cases: [string, string][] = [
      ['auth:\n  username: u\n  password: p', 'clouds.c.auth.auth_url is not set (password authentication)'],
      ['auth:\n  auth_url: http://k/v3\n  username: u', 'clouds.c.auth.password is not set (password authentication)'],
      ['auth:\n  auth_url: http://k/v3', 'clouds.c.auth.username (or clouds.c.auth.user_id), clouds.c.auth.password are not set (password authentication)'],
      ['auth_type: token\nauth:\n  auth_url: http://k/v3', 'clouds.c.auth.token is not set (token authentication)'],
      ['auth:\n  auth_url: http://k/v3\n  application_credential_id: i', 'clouds.c.auth.application_credential_secret is not set (application credential authentication)'],
      [
        'auth:\n  auth_url: http://k/v3\n  application_credential_name: n\n  application_credential_secret: s',
        'clouds.c.auth.username (or clouds.c.auth.user_id) for a named application credential is not set (application credential authentication)',
      ],
      [`auth_type: v3oidcpassword\n${auth}`, 'clouds.c.auth_type "v3oidcpassword" is not supported; use password, v3password, token, v3token or v3applicationcredential'],
      [`auth_type: v2password\n${auth}`, 'clouds.c.auth_type "v2password" is for Keystone v2, which is not supported; use password, v3password, token, v3token or v3applicationcredential'],
      [`interface: private\n${auth}`, 'clouds.c.interface must be public, internal or admin (got "private")'],
      [`verify: maybe\n${auth}`, 'clouds.c.verify must be true or false'],
      [`regions: R1\n${auth}`, 'clouds.c.regions must be a list'],
      [`regions:\n  - values: {}\n${auth}`, 'clouds.c.regions entries must be region names or { name, values } mappings'],
      [`${auth}\n  system_scope: project`, 'clouds.c.auth.system_scope must be "all"'],
      [`${auth}\n  system_scope: all\n  project_id: p`, 'clouds.c.auth.system_scope cannot be combined with a project or domain scope'],
      ['auth:\n  auth_url: keystone.example/v3\n  token: t', 'clouds.c.auth.auth_url is not an http(s) URL'],
      ['auth:\n  auth_url: [http://k/v3]\n  token: t', 'clouds.c.auth.auth_url must be a single value, not a list or mapping'],
      ['auth: text', 'clouds.c.auth must be a mapping'],
    ]
    for (const [body, message] of cases) {
      await s.write(s.cwd, 'clouds.yaml', mini('c', body))
      expect((await failure(loadCloudsYaml(undefined, s.opts()))).message).toBe(`${file}: ${message}`)
    }
    await s.write(s.cwd, 'clouds.yaml', mini('c', 'profile: nowhere\nauth:\n  token: t'))
    expect((await failure(loadCloudsYaml(undefined, s.opts()))).message).toBe(
      `${file}: clouds.c.auth.auth_url is not set (token authentication); profile "nowhere" was not found in clouds-public.yaml (strato does not ship openstacksdk's vendor profiles)`,
    )
    await s.write(s.etc, 'secure.yaml', 'clouds: {}\n')
    await s.write(s.cwd, 'clouds.yaml', mini('c', 'auth:\n  token: t'))
    expect((await failure(loadCloudsYaml(undefined, s.opts()))).message).toBe(
      `${file} (with ${join(s.etc, 'secure.yaml')}): clouds.c.auth.auth_url is not set (token authentication)`,
    )
  })

  it('reports the shape of the file: not a mapping, clouds not a mapping, no clouds, a cloud that is not a mapping', async () => {
    const s = await sandbox()
    const file = join(s.cwd, 'clouds.yaml')
    const cases: [string, string][] = [
      ['- a\n- b\n', `${file}: the top level must be a mapping`],
      ['clouds: [a]\n', `${file}: clouds must be a mapping of cloud names`],
      ['# empty\n', `${file}: no clouds defined`],
      ['clouds:\n  c: text\n', `${file}: clouds.c must be a mapping`],
    ]
    for (const [text, message] of cases) {
      await s.write(s.cwd, 'clouds.yaml', text)
      expect((await failure(loadCloudsYaml(undefined, s.opts()))).message).toBe(message)
    }
  })

  it('reports invalid YAML with its line and column, in clouds.yaml and in secure.yaml', async () => {
    const s = await sandbox()
    await s.write(s.cwd, 'clouds.yaml', 'clouds:\n  c:\n    auth:\n      password: a: b\n')
    expect((await failure(loadCloudsYaml('c', s.opts()))).message).toBe(`${join(s.cwd, 'clouds.yaml')}: invalid YAML at line 4, column 17 (block as implicit key)`)
    await s.write(s.cwd, 'clouds.yaml', mini('c', auth))
    await s.write(s.etc, 'secure.yaml', 'clouds:\n  c: 1\n  c: 2\n')
    expect((await failure(loadCloudsYaml('c', s.opts()))).message).toBe(`${join(s.etc, 'secure.yaml')}: invalid YAML at line 3, column 3 (duplicate key)`)
  })

  it('rejects (never throws synchronously)', async () => {
    const s = await sandbox()
    let p: Promise<unknown> | undefined
    expect(() => {
      p = loadCloudsYaml('x', s.opts({}, { path: join(s.other, 'missing.yaml') }))
    }).not.toThrow()
    await failure(p!)
  })

  it('never puts a password, token or secret value in an error message', async () => {
    const s = await sandbox()
    const secrets = ['SECRET-pw-1', 'SECRET-tok-2', 'SECRET-ac-3', 'SECRET-yaml-4', 'SECRET-quote-5']
    const bodies = [
      'auth:\n  password: SECRET-pw-1\n  token: SECRET-tok-2\n  application_credential_secret: SECRET-ac-3',
      'auth_type: nonsense\nauth:\n  auth_url: http://k/v3\n  password: SECRET-pw-1\n  token: SECRET-tok-2',
      'interface: bogus\nauth:\n  auth_url: http://k/v3\n  username: u\n  password: SECRET-pw-1',
      'verify: SECRET-pw-1\nauth:\n  auth_url: http://k/v3\n  username: u\n  password: SECRET-pw-1',
      'auth:\n  auth_url: http://k/v3\n  password: [SECRET-pw-1]\n  username: u',
      'auth:\n  auth_url: http://k/v3\n  username: u\n  password: SECRET-yaml-4: b',
      'auth:\n  auth_url: http://k/v3\n  username: u\n  password: "SECRET-quote-5',
      'auth:\n  auth_url: http://user:SECRET-pw-1@\n  username: u\n  password: SECRET-pw-1',
    ]
    const messages: string[] = []
    for (const body of bodies) {
      await s.write(s.cwd, 'clouds.yaml', mini('c', body))
      for (const name of ['c', 'other', undefined]) {
        const e = await failure(loadCloudsYaml(name, s.opts()))
        messages.push([String(e), ...e.details, e.cause === undefined ? '' : String(e.cause)].join('\n'))
      }
    }
    expect(messages.length).toBe(bodies.length * 3)
    for (const m of messages) for (const secret of secrets) expect(m).not.toContain(secret)
  })
})
