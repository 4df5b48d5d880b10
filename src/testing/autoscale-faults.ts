// src/testing/autoscale-faults.ts — injected failures of the fake Auto Scaling service: an error code, moto's 500 HTML page, or any body, per Action.
import { FaultList, type FaultHandle, type FaultMatch } from './fault-list.js'
import { MOTO_500_PAGE } from './autoscale-xml.js'

/**
 * One injected fault, answered (after the signature is checked, before the action runs) to
 * requests whose Action matches, `times` times (default once; `Infinity` for always):
 *
 * - `html: true`: moto's generic Flask 500 page (`text/html`), status default 500;
 * - `body`: that body verbatim (`contentType` default `text/xml`);
 * - otherwise the dialect's error (`<ErrorResponse>` or Phantom's webob page) with `code`
 *   (default `InternalFailure` for 5xx, `Throttling` otherwise), `message` and `status` (default 400).
 * @example autoscale.faults.add({ action: 'DescribeAutoScalingGroups', code: 'Throttling', times: 2 })
 */
export interface FakeAutoscaleFault extends FaultMatch {
  /** The Action name, or a RegExp tested against it; every action when absent. */
  action?: string | RegExp
  status?: number
  code?: string
  message?: string
  html?: boolean
  body?: string
  contentType?: string
  headers?: Record<string, string>
}

/**
 * A fault that was added: how often it fired, and a way to take it back.
 * @example const f = autoscale.failNext('SetDesiredCapacity', { status: 500, html: true }); …; expect(f.hits).toBe(1)
 */
export type FakeAutoscaleFaultHandle = FaultHandle<FakeAutoscaleFault>

/**
 * What a consumed fault asks the service to answer.
 * @example const effect = faults.take('POST', 'DescribeTags'); if (effect?.kind === 'error') …
 */
export type AutoscaleFaultEffect =
  | { kind: 'raw'; status: number; body: string; contentType: string; headers: Record<string, string> }
  | { kind: 'error'; status: number; code: string; message: string; headers: Record<string, string> }

/** AWS's own wording of the codes tests inject most. */
const MESSAGES: Record<string, string> = {
  Throttling: 'Rate exceeded',
  ResourceContention: 'You already have a pending update to an Auto Scaling resource (for example, a group, instance, or load balancer).',
  InternalFailure: 'An internal error occurred.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
}

/**
 * The fake Auto Scaling service's faults, matched by Action (the `action` field) and method, in
 * the order they were added; the first one with times left answers.
 * @example
 * autoscale.faults.add({ action: /^Describe/, status: 503, code: 'ServiceUnavailable', times: Infinity })
 * autoscale.faults.add({ action: 'CreateAutoScalingGroup', html: true })
 */
export class FakeAutoscaleFaults extends FaultList<FakeAutoscaleFault> {
  /** Adds a fault (its `action` is what requests are matched on). @example faults.add({ action: 'ExecutePolicy', code: 'ScalingActivityInProgress' }) */
  override add(fault: FakeAutoscaleFault): FakeAutoscaleFaultHandle {
    return super.add({ ...fault, ...(fault.action !== undefined ? { path: fault.action } : {}) })
  }

  /** Consumes the first fault matching a request's method and Action. @example faults.take('POST', 'DescribeTags') */
  take(method: string, action: string): AutoscaleFaultEffect | undefined {
    const [f] = this.consume(method, (rule) => (rule instanceof RegExp ? rule.test(action) : rule === action), true)
    if (!f) return undefined
    const headers = f.headers ?? {}
    if (f.html) return { kind: 'raw', status: f.status ?? 500, body: MOTO_500_PAGE, contentType: 'text/html; charset=utf-8', headers }
    if (f.body !== undefined) return { kind: 'raw', status: f.status ?? 500, body: f.body, contentType: f.contentType ?? 'text/xml', headers }
    const status = f.status ?? 400
    const code = f.code ?? (status >= 500 ? 'InternalFailure' : 'Throttling')
    return { kind: 'error', status, code, message: f.message ?? MESSAGES[code] ?? `Injected ${code}`, headers }
  }
}
