// src/testing/glance-context.ts — what every fake Glance route gets: the state, the caller, the knobs, and Glance's answers.
import { glanceError, type GlanceErrorSpec } from './glance-http.js'
import type { GlanceFaultEffect } from './glance-faults.js'
import type { GlanceCaller, GlanceImage, GlanceState } from './glance-store.js'

/**
 * The fake's settings and test knobs, shared by all requests.
 * @example const config: GlanceConfig = { stores: ['fs'], defaultStore: 'fs', maxImageSize: 1 << 40, importDelayMs: 0, fetchUrl: fetch }
 */
export interface GlanceConfig {
  stores: readonly string[]
  defaultStore: string
  maxImageSize: number
  importDelayMs: number
  fetchUrl: (url: string, signal: AbortSignal) => Promise<Response>
  /** Set by failNextImport(): the next import fails with this message, on these stores (all when absent). */
  nextImportFailure?: { reason: string; stores?: readonly string[] }
}

/**
 * One request as a route sees it.
 * @example const image = ctx.image(id); if (image instanceof Response) return image
 */
export interface GlanceContext {
  state: GlanceState
  config: GlanceConfig
  request: Request
  /** This request's X-Openstack-Request-Id. */
  requestId: string
  caller: GlanceCaller
  fault: GlanceFaultEffect | undefined
  /** Glance's error page for the request's Accept header. */
  fail(status: number, explanation?: string, detail?: string, extra?: Omit<GlanceErrorSpec, 'status' | 'explanation' | 'detail'>): Response
  /** The JSON body, or Glance's 400 when it is absent or malformed. */
  body(): Promise<unknown>
  /** The image if it exists and the caller may see it, else Glance's 404 (`explanation` as the handler words it). */
  image(id: string, explanation?: string): GlanceImage | Response
}

/** Marks a parsed body that is actually an error answer. @example const body = await ctx.body(); if (body instanceof BodyError) return body.response */
export class BodyError {
  constructor(readonly response: Response) {}
}

/**
 * Builds the context of one request.
 * @example const ctx = glanceContext(state, config, request, 'req-…', caller, fault)
 */
export function glanceContext(
  state: GlanceState,
  config: GlanceConfig,
  request: Request,
  requestId: string,
  caller: GlanceCaller,
  fault: GlanceFaultEffect | undefined,
): GlanceContext {
  const fail: GlanceContext['fail'] = (status, explanation, detail, extra = {}) =>
    glanceError(request, { status, ...(explanation !== undefined ? { explanation } : {}), ...(detail !== undefined ? { detail } : {}), ...extra })
  return {
    state,
    config,
    request,
    requestId,
    caller,
    fault,
    fail,
    body: async () => {
      const text = await request.text()
      if (text === '') return new BodyError(fail(400, 'Body expected in request.'))
      try {
        return JSON.parse(text) as unknown
      } catch {
        return new BodyError(fail(400, 'Malformed JSON in request body.'))
      }
    },
    image: (id, explanation) => {
      const image = state.images.get(id)
      if (!image || !state.visible(image, caller)) return fail(404, explanation ?? `No image found with ID ${id}`)
      return image
    },
  }
}

/** Whether a value is a plain JSON object. @example if (!isObject(body)) return ctx.fail(400) */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
