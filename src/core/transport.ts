// src/core/transport.ts — the undici dispatcher behind a Client: its own keep-alive pool, TLS and proxy.
import { readFileSync } from 'node:fs'
import type { Dispatcher } from 'undici'
import { InputError } from './errors.js'

/**
 * TLS settings for one client. PEM text or Buffers; read files yourself, or use {@link tlsFromFiles}.
 * `rejectUnauthorized: false` is the only way to turn certificate checks off, and must be written out.
 * @example new Client({ endpoint, tls: { ca: readFileSync('/etc/ssl/my-ca.pem') } })
 */
export interface TlsOptions {
  ca?: string | Buffer | (string | Buffer)[]
  cert?: string | Buffer
  key?: string | Buffer
  rejectUnauthorized?: boolean
}

/**
 * Where a client's traffic goes: `proxy` names a proxy URL, `false` ignores the environment, and
 * undefined honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY (which Node's fetch ignores by default).
 */
export interface TransportOptions {
  tls?: TlsOptions
  proxy?: string | false
}

/**
 * Reads TLS files (as clouds.yaml and OS_CACERT name them) into {@link TlsOptions}.
 * Rejects with InputError naming the file that cannot be read.
 * @example tlsFromFiles({ cacert: process.env.OS_CACERT })
 */
export function tlsFromFiles(files: { cacert?: string; cert?: string; key?: string; verify?: boolean }): TlsOptions | undefined {
  const read = (file: string): Buffer => {
    try {
      return readFileSync(file)
    } catch (cause) {
      throw new InputError(`cannot read TLS file ${file}`, { cause })
    }
  }
  const tls: TlsOptions = {}
  if (files.cacert) tls.ca = read(files.cacert)
  if (files.cert) tls.cert = read(files.cert)
  if (files.key) tls.key = read(files.key)
  if (files.verify === false) tls.rejectUnauthorized = false
  return Object.keys(tls).length > 0 ? tls : undefined
}

const hasProxyEnv = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)

/**
 * A dispatcher for one client. undici's own header and body timeouts (300 s) are turned off:
 * strato's attempt and stall timeouts govern, with errors that say which limit ran out.
 * undici is loaded on first use, so code that never sends a request does not pay for it.
 * @example const d = await createDispatcher({ tls: { rejectUnauthorized: false } }); await d.close()
 */
export async function createDispatcher(opts: TransportOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher> {
  const { Agent, EnvHttpProxyAgent, ProxyAgent } = await import('undici')
  const connect = opts.tls ? { ...opts.tls } : undefined
  const base = { headersTimeout: 0, bodyTimeout: 0, ...(connect ? { connect } : {}) }
  if (typeof opts.proxy === 'string') {
    return new ProxyAgent({ uri: opts.proxy, ...base, ...(connect ? { requestTls: connect } : {}) })
  }
  if (opts.proxy !== false && hasProxyEnv(env)) {
    return new EnvHttpProxyAgent({
      ...base,
      ...(connect ? { requestTls: connect } : {}),
      httpProxy: env.HTTP_PROXY ?? env.http_proxy,
      httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
      noProxy: env.NO_PROXY ?? env.no_proxy,
    })
  }
  return new Agent(base)
}
