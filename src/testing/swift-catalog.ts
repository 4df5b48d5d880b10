// src/testing/swift-catalog.ts — fills `%(project_id)s` in the fake Keystone's catalog, as Keystone does before answering.
import type { FakeKeystone } from './keystone-state.js'

const TEMPLATE = /[%$]\((?:project_id|tenant_id)\)s/g

/**
 * Substitutes the token's project id into templated catalog URLs of a Keystone JSON answer
 * (token bodies carry their project; `/auth/catalog` is the caller's). The fake's catalog
 * lists raw service paths, and Swift's endpoint is `/swift/v1/AUTH_%(project_id)s`, which real
 * Keystone never hands out unfilled. Other answers pass through untouched.
 * @example route: async (req, rest) => fillProjectTemplates(await keystoneRoute(keystone, catalog, req, rest), keystone, req)
 */
export async function fillProjectTemplates(response: Response, keystone: FakeKeystone, request: Request): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('json') || !response.body) return response
  const text = await response.text()
  const copy = (body: string) => new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  if (!text.match(TEMPLATE)) return copy(text)
  let projectId: string | undefined
  try {
    const body = JSON.parse(text) as { token?: { project?: { id?: unknown } } }
    const id = body.token?.project?.id
    projectId = typeof id === 'string' ? id : keystone.valid(request.headers.get('x-auth-token'))?.projectId
  } catch {
    return copy(text)
  }
  return copy(projectId ? text.replace(TEMPLATE, projectId) : text)
}
