// examples/env-and-events.ts — the usual automation script: credentials from OS_* variables, a service found in
// the catalog, calls that report what they do. Runs against the fake cloud; point OS_AUTH_URL at a real one instead.
import { KeystoneSession } from 'strato/auth'
import { Client, NotFoundError, path } from 'strato/core'
import { createFakeCloud } from 'strato/testing'

const cloud = await createFakeCloud()
await using server = await cloud.listen()
const env = {
  OS_AUTH_URL: `${server.url}/identity/v3`,
  OS_USERNAME: 'demo',
  OS_PASSWORD: 'demo-secret',
  OS_PROJECT_NAME: 'demo',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
}

await using session = await KeystoneSession.fromEnv(env)
await using identity = new Client({ session, serviceType: 'identity', timeoutMs: 10_000 })
identity.on('response', (e) => console.log(`  ${e.method} ${e.url} -> ${e.status} in ${e.durationMs.toFixed(1)} ms`))

const r = await identity.get('/auth/projects')
const { projects } = await r.json<{ projects: { name: string }[] }>()
console.log(`projects of demo: ${projects.map((p) => p.name).join(', ')}`)

// Failures are typed: a missing resource is a NotFoundError with the server's explanation.
try {
  await identity.get(path`/users/${'no such user'}`)
} catch (e) {
  if (!(e instanceof NotFoundError)) throw e
  console.log(`as expected: ${e.message}`)
}

// The token expires on the server (the fake's clock jumps two hours): the next call re-authenticates once.
cloud.clock.advance(2 * 3600_000)
await identity.get('/auth/projects')
console.log(`tokens obtained by the session: ${session.authentications}`)
