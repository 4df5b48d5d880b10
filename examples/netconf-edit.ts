// examples/netconf-edit.ts — change a device's hostname safely: lock the candidate, edit it as a ConfigTree, commit
// with a confirmed commit, confirm it, then watch a notification arrive. Runs against the fake NETCONF device of
// strato/testing; with STRATO_NETCONF_HOST (and STRATO_NETCONF_PORT, STRATO_NETCONF_USER, STRATO_NETCONF_PASSWORD or
// STRATO_NETCONF_KEY, STRATO_NETCONF_HOSTKEY_SHA256) set, against that device over SSH — e.g. the netconfd of
// scripts/peers/netconfd.sh.
import { ConfigTree, NetconfClient, NetconfRpcError, type NetconfConnectOptions } from 'strato/netconf'
import { startFakeNetconfDevice } from 'strato/testing'

const SYS = 'urn:ietf:params:xml:ns:yang:ietf-system'
const TOASTER = 'http://netconfcentral.org/ns/toaster'
const env = process.env
const device = env.STRATO_NETCONF_HOST ? undefined : await startFakeNetconfDevice()
const options: NetconfConnectOptions = device
  ? { transport: 'tcp', port: device.port! }
  : {
      host: env.STRATO_NETCONF_HOST!,
      port: Number(env.STRATO_NETCONF_PORT ?? 830),
      username: env.STRATO_NETCONF_USER ?? 'admin',
      ...(env.STRATO_NETCONF_KEY ? { privateKeyFile: env.STRATO_NETCONF_KEY } : { password: env.STRATO_NETCONF_PASSWORD ?? '' }),
      // Pinning the key is the point of SSH; without a fingerprint, ~/.ssh/known_hosts must list the device.
      ...(env.STRATO_NETCONF_HOSTKEY_SHA256 ? { hostKey: env.STRATO_NETCONF_HOSTKEY_SHA256 } : {}),
    }

await using session = await NetconfClient.connect(options)
const toaster = session.capabilities.module('toaster')
console.log(`session ${session.sessionId}, framing ${session.framing}, ${session.capabilities.list.length} capabilities, toaster ${toaster?.revision ?? 'absent'}`)

const hostname = async (): Promise<string | undefined> =>
  (await session.getConfig({ filter: { xpath: '/sys:system/sys:hostname', namespaces: { sys: SYS } } })).tree().find('system/hostname')?.text
console.log(`hostname before: ${(await hostname()) ?? '(none)'}`)

await session.withLock('candidate', async () => {
  const config = new ConfigTree()
  config.create('system', { namespace: SYS }).create('hostname', { text: `edge-${process.pid}` })
  config.create('toaster', { namespace: TOASTER }) // make-toast needs the toaster enabled
  await session.editConfig({ target: 'candidate', config, defaultOperation: 'merge' })
  // A confirmed commit reverts by itself unless confirmed: a change that cuts us off undoes itself.
  await session.commit({ confirmed: true, confirmTimeout: 60 })
  console.log(`hostname during the confirmed commit: ${await hostname()}`)
  await session.commit()
})
console.log(`hostname after confirming: ${await hostname()}`)

const subscription = await session.subscribe()
await session.rpc(`<make-toast xmlns="${TOASTER}"><toasterDoneness>1</toasterDoneness></make-toast>`)
await session.rpc(`<cancel-toast xmlns="${TOASTER}"/>`)
for await (const n of subscription) {
  console.log(`notification ${n.event} at ${n.eventTime}`)
  if (n.event === 'toastDone') break
}

try {
  await session.rpc('<no-such-operation/>')
} catch (e) {
  if (!(e instanceof NetconfRpcError)) throw e
  for (const detail of e.details ?? []) console.log(`refused as expected: ${detail}`)
}

await session.close()
await device?.close()
