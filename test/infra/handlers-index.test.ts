// builtinHandlers(): the six types, their options checked, and no runtime import of a service from src/infra/handlers.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtinHandlers } from '../../src/infra/handlers/index.js'

const DIR = join(import.meta.dirname, '../../src/infra/handlers')

describe('builtinHandlers', () => {
  it('registers the six built-in resource types, each with create and delete', () => {
    const handlers = builtinHandlers()
    expect(Object.keys(handlers).sort()).toEqual(['autoscale.group', 'compute.server', 'eem.node', 'image.image', 'netconf.config', 'storage.container'])
    for (const h of Object.values(handlers)) {
      expect(typeof h.create).toBe('function')
      expect(typeof h.delete).toBe('function')
    }
  })

  it('refuses timing options that are not positive numbers', () => {
    expect(() => builtinHandlers({ pollIntervalMs: 0 })).toThrow('builtinHandlers: pollIntervalMs must be a positive number')
    expect(() => builtinHandlers({ deleteTimeoutMs: Number.NaN })).toThrow('deleteTimeoutMs')
  })

  it('imports service code only as types (ConfigTree is loaded on demand)', async () => {
    const services = /from '\.\.\/\.\.\/(auth|autoscale|compute|eem|image|netconf|storage)\//
    for (const file of (await readdir(DIR)).filter((f) => f.endsWith('.ts'))) {
      const text = await readFile(join(DIR, file), 'utf8')
      const runtime = text.split('\n').filter((l) => /^import (?!type )/.test(l) && services.test(l))
      expect(runtime, file).toEqual([])
    }
  })
})
