// src/core/validation.ts — zod at the edges: inputs become InputErrors, bad bodies become ResponseErrors.
import type { z } from 'zod'
import { InputError, ResponseError } from './errors.js'

function describeIssues(issues: readonly z.core.$ZodIssue[], root: string): string[] {
  return issues.map((issue) => {
    const where = [root, ...issue.path.map(String)].filter(Boolean).join('.')
    return `${where || 'value'}: ${issue.message}`
  })
}

/**
 * Checks a caller's argument before any request. Throws InputError naming the field, e.g.
 * `options.name: expected string, received number`; call it inside async methods so it rejects.
 * @example const opts = parseInput(CreateSchema, input, 'options')
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const details = describeIssues(result.error.issues, what)
  throw new InputError(`invalid ${what}: ${details[0] ?? 'bad value'}`, { details })
}

/**
 * Checks a server's answer against a lenient schema (unknown fields kept, required ones
 * checked). Throws ResponseError whose details hold the problems and the raw body.
 * @example const token = parseResponse(TokenSchema, body.token, { method: 'POST', url, raw })
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  ctx: { method?: string; url?: string; status?: number; raw?: string } = {},
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const problems = describeIssues(result.error.issues, 'body')
  const raw = ctx.raw ?? safeStringify(value)
  throw new ResponseError(`${ctx.method ?? ''} ${ctx.url ?? ''}: unexpected response body (${problems[0] ?? 'invalid'})`.trim(), {
    ...(ctx.status !== undefined ? { status: ctx.status } : {}),
    ...(ctx.method ? { method: ctx.method } : {}),
    ...(ctx.url ? { url: ctx.url } : {}),
    details: [...problems, raw.slice(0, 2000)],
  })
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
