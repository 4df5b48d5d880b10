// src/netconf/rpc-notification.ts — reading a <notification> message's envelope: eventTime and the event's name.
import { readStartTag } from './messages.js'
import type { NetconfNotification } from './rpc-types.js'

/**
 * The envelope of a `<notification>` (RFC 5277 §4): `eventTime` and the event element's local
 * name, read without parsing the event content.
 * @example readNotification('<notification xmlns="…"><eventTime>2026-01-01T00:00:00Z</eventTime><toastDone/></notification>').event // 'toastDone'
 */
export function readNotification(xml: string): NetconfNotification {
  const root = readStartTag(xml)
  let eventTime: string | undefined
  let event: string | undefined
  let at = root && !root.selfClosing ? root.end : -1
  // Children in order: eventTime first (RFC 5277), then the event; be lenient about the order.
  for (let i = 0; at >= 0 && i < 2 && event === undefined; i++) {
    const child = readStartTag(xml, at)
    if (!child) break
    if (child.name !== 'eventTime') {
      event = child.name
      break
    }
    if (child.selfClosing) {
      at = child.end
      continue
    }
    const close = xml.indexOf('<', child.end)
    if (close < 0) break
    eventTime = xml.slice(child.end, close).trim()
    const closeEnd = xml.indexOf('>', close)
    at = closeEnd < 0 ? -1 : closeEnd + 1
  }
  return { xml, eventTime, event }
}
