// examples/demo.ts — `npm run demo`: authenticate against the fake cloud of strato/testing and print the catalog.
// It grows with every service strato gains; today it is the Keystone part of the story.
import { KeystoneSession } from 'strato/auth'
import { createFakeCloud } from 'strato/testing'

const cloud = await createFakeCloud()
const server = await cloud.listen() // a real HTTP server on 127.0.0.1, as a separate process would see it
console.log(`fake cloud listening on ${server.url}`)

const session = await KeystoneSession.password({
  authUrl: `${server.url}/identity/v3`,
  username: 'demo',
  password: 'demo-secret',
  projectName: 'demo',
})
const info = session.tokenInfo!
console.log(`authenticated as ${info.user.name} in project ${info.project?.name}, token valid until ${info.expiresAt.toISOString()}`)
console.log('\nservice catalog:')
for (const entry of session.catalog()) {
  for (const ep of entry.endpoints) {
    console.log(`  ${entry.type.padEnd(14)} ${ep.interface.padEnd(9)} ${(ep.region_id ?? '').padEnd(10)} ${ep.url}`)
  }
}
console.log(`\nidentity endpoint from the catalog: ${await session.endpointFor('identity')}`)

await session.close()
await server.close()
