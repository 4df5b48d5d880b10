// examples/autoscale-domain.ts — a Phantom session: create a launch configuration, a domain of one VM, list it, resize it, clean up.
// Runs against the fake Phantom of strato/testing; with PHANTOM_URL, PHANTOM_USERNAME and PHANTOM_PASSWORD set
// (or PHANTOM_URL, USER_ID and TOKEN, as Phantom's own scripts use), against that Phantom instead.
// STRATO_PHANTOM_SITE, STRATO_PHANTOM_IMAGE and STRATO_PHANTOM_TYPE say where and what to boot there.
import { PhantomClient, isEpuFailed, isEpuRunning, type PhantomInstance } from 'strato/autoscale'
import { createFakeCloud } from 'strato/testing'

const env = process.env
const real = Boolean(env.PHANTOM_URL)
const server = real ? undefined : await (await createFakeCloud()).listen()
const phantom = server
  ? await PhantomClient.login(`${server.url}/phantom/api/dev`, 'demo', 'demo-secret')
  : env.PHANTOM_USERNAME && env.PHANTOM_PASSWORD
    ? await PhantomClient.login(env.PHANTOM_URL!, env.PHANTOM_USERNAME, env.PHANTOM_PASSWORD)
    : await PhantomClient.fromEnv()

const sites = await phantom.sites.list().toArray()
console.log(`sites: ${sites.map((s) => s.id).join(', ')}`)
const site = env.STRATO_PHANTOM_SITE ?? sites[0]?.id
if (!site) throw new Error('this Phantom has no sites')

const name = `strato-example-${process.pid}`
const lc = await phantom.launchConfigurations.create({
  name,
  cloud_params: {
    [site]: { image_id: env.STRATO_PHANTOM_IMAGE ?? 'ubuntu-14.04', instance_type: env.STRATO_PHANTOM_TYPE ?? 'm1.small', max_vms: 4, common: true, rank: 1 },
  },
  contextualization_method: 'user_data',
  user_data: '#cloud-config\npackages: [nginx]\n',
})
console.log(`launch configuration ${lc.name} (${lc.id}) on ${site}`)

const domain = await phantom.domains.create({ name, lc_name: lc.name, de_name: 'multicloud', vm_count: 1 })
console.log(`domain ${domain.name} (${domain.id}) with ${domain.de_name === 'multicloud' ? domain.vm_count : '?'} VM`)

// Phantom's decision engine launches in the background: poll until the VMs run (or one fails).
async function running(count: number): Promise<PhantomInstance[]> {
  const deadline = Date.now() + (real ? 900_000 : 30_000)
  for (;;) {
    const instances = await phantom.instances.list(domain.id).toArray()
    console.log(`  ${instances.map((i) => `${i.id.slice(0, 8)} ${i.lifecycle_state}`).join(', ') || 'no instances yet'}`)
    const failed = instances.find((i) => isEpuFailed(i.lifecycle_state))
    if (failed) throw new Error(`instance ${failed.id} went to ${failed.lifecycle_state}`)
    const up = instances.filter((i) => isEpuRunning(i.lifecycle_state))
    if (up.length >= count) return up
    if (Date.now() > deadline) throw new Error(`only ${up.length} of ${count} instances running`)
    await new Promise((r) => setTimeout(r, real ? 10_000 : 150))
  }
}

try {
  await running(1)
  for (const d of await phantom.domains.list().toArray()) console.log(`domain ${d.name}: ${d.de_name}`)
  await phantom.domains.resize(domain.id, 2)
  console.log('resized to 2 VMs')
  const up = await running(2)
  console.log(`running: ${up.map((i) => `${i.id.slice(0, 8)} ${i.public_ip ?? ''}`).join(', ')}`)
} finally {
  await phantom.domains.delete(domain.id)
  await phantom.launchConfigurations.delete(lc.id)
  console.log('domain and launch configuration deleted')
  await phantom.close()
  await server?.close()
}
