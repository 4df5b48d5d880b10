// src/testing/netconf-toaster.ts — yuma123's toaster on the fake NETCONF device: make-toast / cancel-toast and the toastDone notification.
import { onlyParams, paramPath, type DeviceState, type RpcHandler } from './netconf-context.js'
import { RpcFailure, invalidValue } from './netconf-errors.js'
import { TOASTER_NS } from './netconf-schemas.js'

/** Default time from make-toast to toastDone on the fake device (netconfd takes doneness seconds). */
export const DEFAULT_TOASTER_DONE_MS = 20

function toastDone(device: DeviceState, status: 'done' | 'cancelled'): void {
  device.notify(`<toastDone xmlns="${TOASTER_NS}"><toastStatus>${status}</toastStatus></toastDone>`)
}

function enabled(device: DeviceState): boolean {
  return device.store.get('running').children().some((c) => c.name === 'toaster' && c.namespace === TOASTER_NS)
}

/**
 * `<make-toast>`: `<ok/>`, then a `toastDone` (status done) notification after `toasterDoneMs`.
 * Refused with `resource-denied` when `/toaster` is not configured and `in-use` while toasting.
 * @example makeToastRpc(call) // { body: '<ok/>', after }
 */
export const makeToastRpc: RpcHandler = (call) => {
  const { op, device } = call
  onlyParams(op, ['toasterDoneness', 'toasterToastType'])
  const doneness = op.child('toasterDoneness')?.text.trim()
  if (doneness !== undefined && !/^(?:[1-9]|10)$/.test(doneness)) throw invalidValue('toasterDoneness', `toasterDoneness must be 1..10, not "${doneness}"`, paramPath(op, 'toasterDoneness'), 'application')
  if (!enabled(device)) throw new RpcFailure({ type: 'application', tag: 'resource-denied', message: 'the toaster service is disabled (no /toaster in running)' })
  if (device.toast) throw new RpcFailure({ type: 'application', tag: 'in-use', message: 'the toaster is already making toast' })
  return {
    body: '<ok/>',
    after: () => {
      const timer = setTimeout(() => {
        device.toast = undefined
        toastDone(device, 'done')
      }, device.toasterDoneMs)
      timer.unref?.()
      device.toast = timer
    },
  }
}

/** `<cancel-toast>`: stops the toast (toastDone, status cancelled); `resource-denied` when none is being made. @example cancelToastRpc(call) */
export const cancelToastRpc: RpcHandler = (call) => {
  const { op, device } = call
  onlyParams(op, [])
  if (!device.toast) throw new RpcFailure({ type: 'application', tag: 'resource-denied', message: 'no toast is being made' })
  clearTimeout(device.toast)
  device.toast = undefined
  return { body: '<ok/>', after: () => toastDone(device, 'cancelled') }
}
