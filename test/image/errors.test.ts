// test/image/errors.test.ts — Glance's error bodies (webob HTML, plain text, JSON) to the right ClientError with a clean message.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ServerError, UnauthorizedError } from '../../src/core/errors.js'
import { cleanText, ImageClient } from '../../src/image/index.js'
import { GLANCE, V2, webobHtml } from './support.js'

const server = setupServer()
const image = new ImageClient({ endpoint: GLANCE, token: 'tok', retry: 0 })
const ID = '00000000-0000-0000-0000-000000000000'
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(async () => {
  await image.close()
  server.close()
})

function answer(status: number, body: string, contentType: string): void {
  server.use(http.all(`${V2}/*`, () => new HttpResponse(body, { status, headers: { 'content-type': contentType, 'x-openstack-request-id': 'req-1' } })))
}

describe('Glance error bodies', () => {
  it('webob HTML page → NotFoundError with the reason only', async () => {
    answer(404, webobHtml('404 Not Found', `No image found with ID ${ID}`), 'text/html; charset=UTF-8')
    const e = await image.images.get(ID).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e).toMatchObject({ message: `404 Not Found: GET /v2/images/${ID}: No image found with ID ${ID}`, status: 404, requestId: 'req-1', details: [] })
  })

  it('HTML with entities, webob boilerplate and a jsonschema dump → BadRequestError, dump in details', async () => {
    const text = `Provided object does not match schema &#x27;image&#x27;: &#x27;bogus&#x27; is not one of [None, &#x27;raw&#x27;]\n\nFailed validating &#x27;enum&#x27; in schema[&#x27;properties&#x27;][&#x27;disk_format&#x27;]:\n    {&#x27;type&#x27;: [&#x27;null&#x27;, &#x27;string&#x27;]}`
    answer(400, webobHtml('400 Bad Request', text), 'text/html; charset=UTF-8')
    const e = await image.request('POST', '/images', { json: {} }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BadRequestError)
    expect(e).toMatchObject({
      message: "400 Bad Request: POST /v2/images: Provided object does not match schema 'image': 'bogus' is not one of [None, 'raw']",
      details: ["Failed validating 'enum' in schema['properties']['disk_format']: {'type': ['null', 'string']}"],
    })
  })

  it('HTML 409 keeps the specific reason after the stock sentence', async () => {
    answer(409, webobHtml('409 Conflict', 'There was a conflict when trying to complete your request.<br /><br />\nProperty nonexist does not exist.'), 'text/html')
    await expect(image.images.delete('x')).rejects.toMatchObject({ name: 'ConflictError', message: '409 Conflict: DELETE /v2/images/x: Property nonexist does not exist.' })
  })

  it('403 reserved attribute', async () => {
    answer(403, webobHtml('403 Forbidden', 'Attribute &#x27;os_glance_foo&#x27; is reserved.'), 'text/html')
    const e = await image.images.get('x').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ForbiddenError)
    expect((e as Error).message).toBe("403 Forbidden: GET /v2/images/x: Attribute 'os_glance_foo' is reserved.")
  })

  it('plain text (status line first) → the reason from the following lines', async () => {
    answer(404, `404 Not Found\n\nNo image found with ID ${ID}\n\n   `, 'text/plain; charset=UTF-8')
    const e = await image.images.get(ID).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e).toMatchObject({ message: `404 Not Found: GET /v2/images/${ID}: No image found with ID ${ID}`, details: [] })
  })

  it('JSON (webob with Accept: application/json) → no status-line code, no <br />', async () => {
    answer(404, JSON.stringify({ message: `No image found with ID ${ID}<br /><br />\n\n\n`, code: '404 Not Found', title: 'Not Found' }), 'application/json')
    const e = await image.images.get(ID).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e).toMatchObject({ message: `404 Not Found: GET /v2/images/${ID}: No image found with ID ${ID}`, code: undefined })
  })

  it('JSON 409 and 415, 401, 500', async () => {
    answer(409, JSON.stringify({ message: 'Image status transition from active to saving is not allowed<br /><br />\n\n\n', code: '409 Conflict', title: 'Conflict' }), 'application/json')
    await expect(image.images.upload('x', new Uint8Array(1))).rejects.toSatisfy(
      (e: unknown) => e instanceof ConflictError && e.message === '409 Conflict: PUT /v2/images/x/file: Image status transition from active to saving is not allowed',
    )
    answer(401, webobHtml('401 Unauthorized', 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.'), 'text/html')
    await expect(image.images.get('x')).rejects.toBeInstanceOf(UnauthorizedError)
    answer(500, webobHtml('500 Internal Server Error', 'The server has either erred or is incapable of performing the requested operation.'), 'text/html')
    await expect(image.images.get('x')).rejects.toSatisfy(
      (e: unknown) => e instanceof ServerError && e.retryable && e.message === '500 Internal Server Error: GET /v2/images/x: The server has either erred or is incapable of performing the requested operation.',
    )
  })

  it('cleanText decodes entities and drops tags', () => {
    expect(cleanText('a &#x27;b&#x27; &quot;c&quot; &#39;d&#39; &amp;lt;<br />\n e')).toBe(`a 'b' "c" 'd' &lt; e`)
  })
})
