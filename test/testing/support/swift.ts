// test/testing/support/swift.ts — what the fake Swift tests share: a tempauth login and MD5 hex.
import { createHash } from 'node:crypto'

/** MD5 hex of a string or bytes. */
export const md5 = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex')

/** Logs in as test:tester through the fake's tempauth; the storage URL and token to use with fetch. */
export async function tempauthLogin(baseUrl: string): Promise<{ storage: string; token: string }> {
  const auth = await fetch(`${baseUrl}/swift/auth/v1.0`, { headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'testing' } })
  return { storage: auth.headers.get('x-storage-url')!, token: auth.headers.get('x-auth-token')! }
}
