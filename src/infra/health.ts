// src/infra/health.ts — OCCO-style health checks: TCP ports and URLs on a node's address, polled until they pass or time runs out.
import { connect } from 'node:net'
import { abortReason } from '../core/abort.js'
import { InputError } from '../core/errors.js'
import { waitFor } from '../core/waiter.js'
import type { HealthCheck } from './definition-types.js'

/** A health checker: resolves once the instance is healthy, rejects with TimeoutError (or AbortError). */
export type HealthChecker = (check: HealthCheck, address: string | undefined, signal: AbortSignal) => Promise<void>

const POLL_MS = 500

/**
 * Polls every port (a TCP connect) and URL (`{{ip}}` replaced by the address; any 2xx or 3xx
 * answer) until all pass at once, for at most `timeout` seconds (OCCO's default 600). A check
 * with ports or `{{ip}}` URLs but no address is an InputError: the handler gave none.
 * @example await checkHealth({ ports: [22], timeout: 120 }, '10.0.0.5', signal)
 */
export const checkHealth: HealthChecker = async (check, address, signal) => {
  const ports = check.ports ?? []
  const urls = check.urls ?? []
  if (ports.length === 0 && urls.length === 0) return
  if (address === undefined && (ports.length > 0 || urls.some((u) => u.includes('{{ip}}')))) {
    throw new InputError('the health check needs the node address, and its handler reported none')
  }
  // Each poll yields the first failing check (undefined once all pass), which the timeout message names.
  await waitFor((s) => firstFailure(ports, urls, address ?? '', s), {
    until: (failure) => failure === undefined,
    describe: (failure) => failure ?? 'healthy',
    intervalMs: POLL_MS,
    maxIntervalMs: POLL_MS,
    timeoutMs: (check.timeout ?? 600) * 1000,
    signal,
    what: `health check of ${address ?? 'the node'}`,
  })
}

async function firstFailure(ports: number[], urls: string[], address: string, signal: AbortSignal): Promise<string | undefined> {
  for (const port of ports) if (!(await portOpen(address, port, signal))) return `port ${port} on ${address} refused`
  for (const raw of urls) {
    const url = raw.replaceAll('{{ip}}', address)
    try {
      const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]), redirect: 'manual' })
      await res.body?.cancel()
      if (res.status >= 400) return `${url} answered ${res.status}`
    } catch (e) {
      if (signal.aborted) throw abortReason(signal, 'health check')
      return `${url}: ${(e as Error).message}`
    }
  }
  return undefined
}

function portOpen(host: string, port: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(ok)
    }
    const onAbort = (): void => done(false)
    const timer = setTimeout(() => done(false), 3_000)
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
