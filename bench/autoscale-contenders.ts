// bench/autoscale-contenders.ts — the three ways bench/autoscale.ts lists every Auto Scaling group of moto.
// Each library is imported only when `load` is called, so a child process can time its cold import.
// Plain Node runs this file through type stripping (bench/autoscale-child.ts): erasable syntax only.
import type * as AutoscaleModule from '../src/autoscale/index.js'
import type * as AwsSdkModule from '@aws-sdk/client-auto-scaling'
import type * as Aws4FetchModule from 'aws4fetch'

export const CONTENDERS = ['strato', 'aws-sdk', 'raw', 'raw-http'] as const
export type ContenderName = (typeof CONTENDERS)[number]

export const LABELS: Record<ContenderName, string> = {
  strato: 'strato `groups.list({ MaxRecords: 100 }).toArray()`',
  'aws-sdk': 'AWS SDK v3 `paginateDescribeAutoScalingGroups`',
  raw: 'raw floor: SigV4 (aws4fetch) + fetch + NextToken regex',
  'raw-http': 'context: the same floor over node:http instead of fetch',
}

export const REGION = 'us-east-1'
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' }
export const PAGE_SIZE = 100

/** One listing of every group, all pages; resolves to the number of groups (the raw floors: of pages). */
export interface Lister {
  list(): Promise<number>
  close(): Promise<void>
}

/** Builds a lister for `url` once its library is imported. */
export type ListerFactory = (url: string) => Lister

/**
 * strato's built package, what users run (`npm run build` first): dist/autoscale/index.js, or the
 * snapshot of dist/ bench/autoscale.ts takes (STRATO_BENCH_DIST) so a rebuild mid-run cannot break it.
 */
export function stratoDist(): string {
  return process.env.STRATO_BENCH_DIST ?? new URL('../dist/autoscale/index.js', import.meta.url).href
}

/** Imports the contender's library (the part a cold import pays for) and returns its factory. */
export async function load(name: ContenderName): Promise<ListerFactory> {
  if (name === 'strato') {
    const { AutoscaleClient } = (await import(stratoDist())) as typeof AutoscaleModule
    return (url) => {
      const client = new AutoscaleClient({ endpoint: url, region: REGION, credentials: CREDENTIALS })
      return {
        list: async () => (await client.groups.list({ MaxRecords: PAGE_SIZE }).toArray()).length,
        close: () => client.close(),
      }
    }
  }
  if (name === 'aws-sdk') {
    const { AutoScalingClient, paginateDescribeAutoScalingGroups } = (await import('@aws-sdk/client-auto-scaling')) as typeof AwsSdkModule
    return (url) => {
      const client = new AutoScalingClient({ endpoint: url, region: REGION, credentials: CREDENTIALS })
      return {
        list: async () => {
          let n = 0
          for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: PAGE_SIZE }, { MaxRecords: PAGE_SIZE })) n += page.AutoScalingGroups?.length ?? 0
          return n
        },
        close: async () => client.destroy(),
      }
    }
  }
  const { AwsV4Signer } = (await import('aws4fetch')) as typeof Aws4FetchModule
  if (name === 'raw') return (url) => ({ list: () => rawListing(AwsV4Signer, url, fetchText), close: async () => undefined })
  const http = await import('node:http')
  return (url) => {
    const agent = new http.Agent({ keepAlive: true })
    const send: Send = (signed) =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(signed.body)) }
        signed.headers.forEach((v, k) => (headers[k] = v))
        const req = http.request(signed.url, { method: 'POST', headers, agent }, (res) => {
          res.setEncoding('utf8')
          let text = ''
          res.on('data', (d: string) => (text += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          res.on('error', reject)
        })
        req.on('error', reject)
        req.end(signed.body)
      })
    return { list: () => rawListing(AwsV4Signer, url, send), close: async () => agent.destroy() }
  }
}

type Send = (signed: { url: URL; headers: Headers; body: string }) => Promise<{ status: number; text: string }>

const fetchText: Send = async (signed) => {
  const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body })
  return { status: res.status, text: await res.text() }
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8'
const NEXT_TOKEN = /<NextToken>([^<]*)<\/NextToken>/

/** The floor: one SigV4-signed POST per page through Node's fetch, nothing parsed but the NextToken. */
async function rawListing(Signer: typeof Aws4FetchModule.AwsV4Signer, url: string, send: Send): Promise<number> {
  let token: string | undefined
  let pages = 0
  do {
    const body = `Action=DescribeAutoScalingGroups&Version=2011-01-01&MaxRecords=${PAGE_SIZE}${token ? `&NextToken=${encodeURIComponent(token)}` : ''}`
    const signer = new Signer({ method: 'POST', url, headers: { 'content-type': FORM }, body, ...CREDENTIALS, service: 'autoscaling', region: REGION })
    const signed = await signer.sign()
    const { status, text } = await send({ url: signed.url, headers: signed.headers, body })
    if (status !== 200) throw new Error(`raw DescribeAutoScalingGroups: HTTP ${status}: ${text.slice(0, 300)}`)
    token = NEXT_TOKEN.exec(text)?.[1]
    pages++
  } while (token)
  return pages
}
