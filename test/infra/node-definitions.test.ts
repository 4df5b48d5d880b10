// test/infra/node-definitions.test.ts — parseNodeDefinitions rules, importNodeDefinitions (all or nothing), selectImplementation.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import type { NodeImplementation } from '../../src/infra/definition-types.js'
import { importNodeDefinitions, parseNodeDefinitions, selectImplementation } from '../../src/infra/node-definitions.js'
import type { InfraStore } from '../../src/infra/store-types.js'

/** Just enough of an InfraStore for node definitions; the rest is never called here. */
function memoryStore(): InfraStore & { defs: Map<string, NodeImplementation[]> } {
  const defs = new Map<string, NodeImplementation[]>()
  const unused = () => Promise.reject(new Error('not used in this test'))
  return {
    defs,
    putDescription: unused,
    getDescription: unused,
    putState: unused,
    getState: unused,
    putScaling: unused,
    getScaling: unused,
    listInfras: unused,
    deleteInfra: unused,
    putNodeDefinition: (type, impls) => {
      defs.set(type, structuredClone(impls))
      return Promise.resolve()
    },
    getNodeDefinition: (type) => Promise.resolve(defs.get(type)),
    listNodeDefinitions: () => Promise.resolve([...defs.keys()]),
    withLock: unused,
    close: () => Promise.resolve(),
  }
}

const YAML = `
node_def:web_node:
  - &nova
    resource:
      type: compute.server
      flavor: m1.small
      region: r1
    contextualisation:
      type: cloudinit
      context_template: |
        #cloud-config
        hostname: {{node_id}}
        write_files:
          - content: "db={{ getip('db') }}"
    health_check:
      ports: [80, 443]
      urls: ['http://{{ip}}/health']
      timeout: 120
  - resource: {type: compute.server, flavor: m1.large, region: r2}
mysql_node:
  - resource: {type: compute.server, image: {name: mysql, version: 8}}
    contextualisation: {type: basic}
`

async function problems(input: string | object): Promise<string[]> {
  const e: unknown = await parseNodeDefinitions(input).then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(InputError)
  expect((e as InputError).code).toBe('InvalidNodeDefinition')
  return (e as InputError).details
}

const one = (impl: unknown) => ({ 'node_def:t': [impl] })

describe('parseNodeDefinitions', () => {
  it('reads YAML with and without the node_def: prefix', async () => {
    const defs = await parseNodeDefinitions(YAML)
    expect(Object.keys(defs)).toEqual(['web_node', 'mysql_node'])
    expect(defs.web_node).toHaveLength(2)
    expect(defs.web_node![0]).toEqual({
      resource: { type: 'compute.server', flavor: 'm1.small', region: 'r1' },
      contextualisation: { type: 'cloudinit', context_template: "#cloud-config\nhostname: {{node_id}}\nwrite_files:\n  - content: \"db={{ getip('db') }}\"\n" },
      health_check: { ports: [80, 443], urls: ['http://{{ip}}/health'], timeout: 120 },
    })
    expect(defs.mysql_node![0]).toEqual({ resource: { type: 'compute.server', image: { name: 'mysql', version: 8 } }, contextualisation: { type: 'basic' } })
  })

  it('reads an object', async () => {
    const defs = await parseNodeDefinitions({ db: [{ resource: { type: 'storage.container', name: 'x' } }] })
    expect(defs).toEqual({ db: [{ resource: { type: 'storage.container', name: 'x' } }] })
  })

  it.each([
    ['a top level that is a list', [1], 'node definitions must be a mapping of node_def:<type> to a list of implementations'],
    ['an empty type name', { 'node_def:': [{ resource: { type: 'x' } }] }, '"node_def:": the node type name is empty'],
    ['a type defined twice', { t: [{ resource: { type: 'x' } }], 'node_def:t': [{ resource: { type: 'x' } }] }, '"node_def:t" and t define the same type "t"'],
    ['implementations not a list', { 'node_def:t': { resource: { type: 'x' } } }, '"node_def:t" must be a list of implementations'],
    ['no implementations', { 'node_def:t': [] }, '"node_def:t" must list at least one implementation'],
    ['an implementation that is no mapping', one('x'), '"node_def:t"[0] must be a mapping'],
    ['an unknown implementation key', one({ resource: { type: 'x' }, config_management: { type: 'chef' } }), '"node_def:t"[0] has unknown key "config_management" (allowed: resource, contextualisation, health_check)'],
    ['a missing resource', one({}), '"node_def:t"[0].resource is required'],
    ['a resource that is no mapping', one({ resource: 'nova' }), '"node_def:t"[0].resource must be a mapping'],
    ['a missing resource type', one({ resource: { flavor: 'x' } }), '"node_def:t"[0].resource.type is required'],
    ['an empty resource type', one({ resource: { type: '' } }), '"node_def:t"[0].resource.type must be a non-empty string'],
    ['contextualisation that is no mapping', one({ resource: { type: 'x' }, contextualisation: 'cloudinit' }), '"node_def:t"[0].contextualisation must be a mapping'],
    ['a missing contextualisation type', one({ resource: { type: 'x' }, contextualisation: { context_template: '' } }), '"node_def:t"[0].contextualisation.type is required'],
    ['an unsupported contextualisation type', one({ resource: { type: 'x' }, contextualisation: { type: 'docker' } }), '"node_def:t"[0].contextualisation.type must be one of cloudinit, basic (got "docker")'],
    ['an unknown contextualisation key', one({ resource: { type: 'x' }, contextualisation: { type: 'basic', attributes: {} } }), '"node_def:t"[0].contextualisation has unknown key "attributes" (allowed: type, context_template)'],
    ['a non-string template', one({ resource: { type: 'x' }, contextualisation: { type: 'cloudinit', context_template: 5 } }), '"node_def:t"[0].contextualisation.context_template must be a string'],
    ['a template with code', one({ resource: { type: 'x' }, contextualisation: { type: 'cloudinit', context_template: 'a\n {{ cmd("ls") }}' } }), `"node_def:t"[0].contextualisation.context_template: unsupported template expression "cmd(\\"ls\\")" at 2:2 (supported: infra_id, node_id, node_name, ip, variables.<name>, getip('<node>'), getprivip('<node>'), getipall('<node>'), '<text>')`],
    ['health_check that is no mapping', one({ resource: { type: 'x' }, health_check: [80] }), '"node_def:t"[0].health_check must be a mapping'],
    ['an unknown health_check key', one({ resource: { type: 'x' }, health_check: { ping: true } }), '"node_def:t"[0].health_check has unknown key "ping" (allowed: ports, urls, timeout)'],
    ['ports not a list', one({ resource: { type: 'x' }, health_check: { ports: 80 } }), '"node_def:t"[0].health_check.ports must be a list'],
    ['port 0', one({ resource: { type: 'x' }, health_check: { ports: [80, 0] } }), '"node_def:t"[0].health_check.ports[1] must be an integer from 1 to 65535 (got 0)'],
    ['port 65536', one({ resource: { type: 'x' }, health_check: { ports: [65536] } }), '"node_def:t"[0].health_check.ports[0] must be an integer from 1 to 65535 (got 65536)'],
    ['a string port', one({ resource: { type: 'x' }, health_check: { ports: ['80'] } }), '"node_def:t"[0].health_check.ports[0] must be an integer from 1 to 65535 (got "80")'],
    ['urls not a list', one({ resource: { type: 'x' }, health_check: { urls: 'http://x' } }), '"node_def:t"[0].health_check.urls must be a list'],
    ['a non-string url', one({ resource: { type: 'x' }, health_check: { urls: [1] } }), '"node_def:t"[0].health_check.urls[0] must be a non-empty string'],
    ['a url with a bad template', one({ resource: { type: 'x' }, health_check: { urls: ['http://{{ip'] } }), '"node_def:t"[0].health_check.urls[0]: unclosed "{{" at 1:8'],
    ['a zero timeout', one({ resource: { type: 'x' }, health_check: { timeout: 0 } }), '"node_def:t"[0].health_check.timeout must be a positive number of seconds'],
    ['a string timeout', one({ resource: { type: 'x' }, health_check: { timeout: '10' } }), '"node_def:t"[0].health_check.timeout must be a positive number of seconds'],
  ])('rejects %s', async (_label, input, message) => {
    expect(await problems(input)).toEqual([message])
  })

  it('uses plain key names in paths when they are identifiers', async () => {
    expect(await problems({ web_node: [{}] })).toEqual(['web_node[0].resource is required'])
  })

  it('collects problems across types and implementations', async () => {
    const e = await parseNodeDefinitions({ a: [{ resource: {} }, { resource: { type: 'x' }, extra: 1 }], b: 'x' }).catch((err: InputError) => err)
    expect((e as InputError).details).toEqual([
      'a[0].resource.type is required',
      'a[1] has unknown key "extra" (allowed: resource, contextualisation, health_check)',
      'b must be a list of implementations',
    ])
    expect((e as InputError).message).toBe('a[0].resource.type is required (and 2 more)')
  })

  it('reports bad YAML by position', async () => {
    await expect(parseNodeDefinitions('a: [\n')).rejects.toThrow(/^node definitions: invalid YAML at line \d+, column \d+/)
  })
})

describe('importNodeDefinitions', () => {
  it('writes each type and returns the types written', async () => {
    const store = memoryStore()
    expect(await importNodeDefinitions(store, YAML)).toEqual(['web_node', 'mysql_node'])
    expect(await store.listNodeDefinitions()).toEqual(['web_node', 'mysql_node'])
    expect((await store.getNodeDefinition('mysql_node'))![0]!.resource.type).toBe('compute.server')
  })

  it('writes nothing when any definition is invalid', async () => {
    const store = memoryStore()
    const input = { good: [{ resource: { type: 'x' } }], bad: [{ resource: { type: 'x' }, health_check: { ports: [0] } }] }
    await expect(importNodeDefinitions(store, input)).rejects.toThrow('bad[0].health_check.ports[0] must be an integer from 1 to 65535 (got 0)')
    expect(store.defs.size).toBe(0)
  })
})

describe('selectImplementation', () => {
  const impls: NodeImplementation[] = [
    { resource: { type: 'compute.server', region: 'r1', image: { name: 'u', v: 1 } } },
    { resource: { type: 'compute.server', region: 'r2', image: { name: 'u', v: 2 } } },
    { resource: { type: 'storage.container', region: 'r2' } },
  ]

  it('takes the first without a filter', () => {
    expect(selectImplementation(impls)).toBe(impls[0])
    expect(selectImplementation(impls, {})).toBe(impls[0])
  })

  it('takes the first whose resource matches every filter key', () => {
    expect(selectImplementation(impls, { region: 'r2' })).toBe(impls[1])
    expect(selectImplementation(impls, { region: 'r2', type: 'storage.container' })).toBe(impls[2])
  })

  it('compares values deeply', () => {
    expect(selectImplementation(impls, { image: { v: 2, name: 'u' } })).toBe(impls[1])
    const bare = Object.assign(Object.create(null) as Record<string, string | number>, { name: 'u', v: 1 })
    expect(selectImplementation(impls, { image: bare })).toBe(impls[0])
  })

  it('does not match inherited keys', () => {
    expect(() => selectImplementation(impls, { toString: 'x' })).toThrow(InputError)
  })

  it('names the filter when nothing matches', () => {
    expect(() => selectImplementation(impls, { region: 'r9' })).toThrow(
      'no implementation matches filter {"region":"r9"} (resource types: compute.server, compute.server, storage.container)',
    )
  })

  it('rejects an empty list', () => {
    expect(() => selectImplementation([])).toThrow('the node type has no implementations')
  })
})
