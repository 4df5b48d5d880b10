// Credentials and configuration from variables and ~/.aws files, as the AWS CLI reads them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AutoscaleClient, credentialsFromEnv, defaultCredentialProvider, loadAwsProfile } from '../../src/autoscale/index.js'
import { credentialSource } from '../../src/autoscale/credentials.js'
import { InputError } from '../../src/core/errors.js'
import { ok, useFixture } from './support.js'

let dir = ''
let env: Record<string, string> = {}
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strato-aws-'))
  await writeFile(
    join(dir, 'credentials'),
    '# keys\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[phantom]\naws_access_key_id=AKIDPHANTOM\naws_secret_access_key=phantom-secret\naws_session_token = tok\n',
  )
  await writeFile(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile phantom]\nregion = hotel\nendpoint_url = http://autoscaling.test:8445\ns3 =\n  max_concurrent_requests = 20\n; end\n')
  env = { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), HOME: dir }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('credentialsFromEnv', () => {
  it('reads the AWS variables, else Phantom users’ EC2_* ones', () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', EC2_ACCESS_KEY: 'x', EC2_SECRET_KEY: 'y' })).toEqual({ accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't' })
    expect(credentialsFromEnv({ EC2_ACCESS_KEY: 'x', EC2_SECRET_KEY: 'y' })).toEqual({ accessKeyId: 'x', secretAccessKey: 'y' })
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a' })).toBeUndefined()
  })
})

describe('profiles', () => {
  it('reads keys from credentials and region/endpoint from config ([profile name] sections)', async () => {
    expect(await loadAwsProfile({ env })).toEqual({ credentials: { accessKeyId: 'AKIDDEFAULT', secretAccessKey: 'default-secret' }, region: 'eu-west-1' })
    expect(await loadAwsProfile({ env, profile: 'phantom' })).toEqual({
      credentials: { accessKeyId: 'AKIDPHANTOM', secretAccessKey: 'phantom-secret', sessionToken: 'tok' },
      region: 'hotel',
      endpoint: 'http://autoscaling.test:8445',
    })
    expect(await loadAwsProfile({ env: { ...env, AWS_PROFILE: 'phantom' } })).toMatchObject({ region: 'hotel' })
  })

  it('an unknown named profile is an InputError; missing files are not', async () => {
    await expect(loadAwsProfile({ env, profile: 'nope' })).rejects.toThrow(/profile 'nope'/)
    expect(await loadAwsProfile({ env: { HOME: join(dir, 'none') } })).toEqual({})
  })

  it('the default chain prefers variables, then files, and says what it looked for', async () => {
    expect(await defaultCredentialProvider({ env: { ...env, EC2_ACCESS_KEY: 'e', EC2_SECRET_KEY: 's' } })({})).toEqual({ accessKeyId: 'e', secretAccessKey: 's' })
    expect(await defaultCredentialProvider({ env })({})).toMatchObject({ accessKeyId: 'AKIDDEFAULT' })
    await expect(defaultCredentialProvider({ env: { HOME: join(dir, 'none') } })({})).rejects.toThrow(/no AWS credentials: set AWS_ACCESS_KEY_ID/)
  })
})

describe('credential providers', () => {
  it('asks a provider again only once its credentials near expiry', async () => {
    let calls = 0
    const provider = credentialSource(async () => ({ accessKeyId: `k${++calls}`, secretAccessKey: 's', expiration: new Date(Date.now() + (calls === 1 ? 30_000 : 3_600_000)) }))
    expect((await provider({})).accessKeyId).toBe('k1')
    expect((await provider({})).accessKeyId).toBe('k2') // k1 expires within a minute
    expect((await provider({})).accessKeyId).toBe('k2')
  })

  it('refuses a provider that returns no keys', async () => {
    await expect(credentialSource(async () => ({}) as never)({})).rejects.toBeInstanceOf(InputError)
  })
})

describe('AutoscaleClient.fromEnv', () => {
  const fx = useFixture()
  it('takes region, endpoint and keys from the profile', async () => {
    fx.on('DescribeTags', ok('DescribeTags', '<Tags/>'))
    const c = await AutoscaleClient.fromEnv({ env, profile: 'phantom' })
    try {
      expect(c.region).toBe('hotel')
      await c.tags.list().toArray()
      expect(fx.seen[0]?.headers.authorization).toContain('Credential=AKIDPHANTOM/')
      expect(fx.seen[0]?.headers['x-amz-security-token']).toBe('tok')
    } finally {
      await c.close()
    }
  })

  it('without keys anywhere, the first call rejects with an InputError and sends nothing', async () => {
    const c = new AutoscaleClient({ endpoint: 'http://autoscaling.test:8445', env: { HOME: join(dir, 'none') } })
    await expect(c.tags.list().toArray()).rejects.toBeInstanceOf(InputError)
    expect(fx.seen).toHaveLength(0)
    await c.close()
  })
})
