// test/infra/definition-parse.test.ts — parseInfraDefinition: valid descriptions, one test per schema rule, collected errors, variables.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { parseInfraDefinition } from '../../src/infra/definition-parse.js'

const base = (over: Record<string, unknown> = {}) => ({
  user_id: 'alice@example.org',
  infra_name: 'demo',
  nodes: [{ name: 'db', type: 'mysql_node' }],
  ...over,
})

/** The InputError a description is rejected with. */
async function rejection(input: string | object): Promise<InputError> {
  const e: unknown = await parseInfraDefinition(input).then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(InputError)
  return e as InputError
}

/** The single problem of a description with exactly one. */
async function onlyProblem(input: string | object): Promise<string> {
  const e = await rejection(input)
  expect(e.details).toHaveLength(1)
  expect(e.message).toBe(e.details[0])
  expect(e.code).toBe('InvalidDescription')
  return e.message
}

describe('parseInfraDefinition: valid descriptions', () => {
  it('reads YAML with anchors, aliases resolving to node objects', async () => {
    const def = await parseInfraDefinition(`
user_id: alice@example.org
infra_name: demo-infra
variables: {region: r1}
nodes:
  - &db  {name: db,  type: mysql_node, scaling: {min: 1}}
  - &app {name: app, type: web_node,   scaling: {min: 2, max: 4}}
dependencies:
  - [*app, *db]
`)
    expect(def.infraName).toBe('demo-infra')
    expect(def.userId).toBe('alice@example.org')
    expect(def.nodes).toEqual([
      { name: 'db', type: 'mysql_node', scaling: { min: 1, max: 1 }, variables: { region: 'r1' } },
      { name: 'app', type: 'web_node', scaling: { min: 2, max: 4 }, variables: { region: 'r1' } },
    ])
    expect(def.dependencies).toEqual([{ dependent: 'app', dependee: 'db' }])
    expect(def.levels).toEqual([['db'], ['app']])
    expect(def.warnings).toEqual([])
    expect(def.source).toMatchObject({ infra_name: 'demo-infra', dependencies: [[{ name: 'app' }, { name: 'db' }]] })
  })

  it('reads an object, with name strings in pairs and the connection form with mappings', async () => {
    const input = base({
      nodes: [
        { name: 'db', type: 'mysql_node' },
        { name: 'app', type: 'web_node', filter: { region: 'r2' } },
      ],
      dependencies: [{ connection: ['app', 'db'], mappings: [['port', 'port'], { attributes: ['ip', 'db_ip'], synch: true }] }],
    })
    const def = await parseInfraDefinition(input)
    expect(def.dependencies).toEqual([{ dependent: 'app', dependee: 'db', mappings: [['port', 'port'], { attributes: ['ip', 'db_ip'], synch: true }] }])
    expect(def.nodes[1]!.filter).toEqual({ region: 'r2' })
    expect(def.nodes[0]!.filter).toBeUndefined()
    // source is a copy: editing the input afterwards does not change it.
    input.nodes[0]!.name = 'changed'
    expect(def.source).toMatchObject({ nodes: [{ name: 'db' }, { name: 'app' }] })
  })

  it('defaults scaling to {1, 1} and max to min', async () => {
    const def = await parseInfraDefinition(base({ nodes: [{ name: 'a', type: 't' }, { name: 'b', type: 't', scaling: { min: 3 } }, { name: 'c', type: 't', scaling: { max: 5 } }] }))
    expect(def.nodes.map((n) => n.scaling)).toEqual([{ min: 1, max: 1 }, { min: 3, max: 3 }, { min: 1, max: 5 }])
  })

  it('warns about a missing user_id', async () => {
    const def = await parseInfraDefinition({ infra_name: 'demo', nodes: [{ name: 'db', type: 't' }] })
    expect(def.userId).toBeUndefined()
    expect(def.warnings).toEqual(['user_id is missing'])
  })

  it('ignores repeated dependencies, with a warning', async () => {
    const def = await parseInfraDefinition(base({ nodes: [{ name: 'db', type: 't' }, { name: 'app', type: 't' }], dependencies: [['app', 'db'], ['app', 'db']] }))
    expect(def.dependencies).toEqual([{ dependent: 'app', dependee: 'db' }])
    expect(def.warnings).toEqual(['dependencies[1] repeats dependencies[0] (app → db); ignored'])
  })

  it('accepts a 63-character name and treats empty dependencies/variables as none', async () => {
    const def = await parseInfraDefinition(`infra_name: ${'a'.repeat(63)}\nuser_id: u\nnodes: [{name: n1, type: t}]\ndependencies:\nvariables:\n`)
    expect(def.infraName).toHaveLength(63)
    expect(def.dependencies).toEqual([])
    expect(def.variables).toEqual({})
  })

  it('honours YAML merge keys as PyYAML does', async () => {
    const def = await parseInfraDefinition(`
infra_name: demo
user_id: u
nodes:
  - &common {name: a, type: t, scaling: {min: 2}}
  - {<<: *common, name: b}
`)
    expect(def.nodes.map((n) => [n.name, n.scaling.min])).toEqual([['a', 2], ['b', 2]])
  })
})

describe('parseInfraDefinition: variables', () => {
  it('merges description variables under node variables; node wins, shallowly', async () => {
    const def = await parseInfraDefinition(
      base({
        variables: { region: 'r1', db: { host: 'h', port: 1 }, keep: true },
        nodes: [
          { name: 'a', type: 't', variables: { region: 'r2', db: { port: 2 } } },
          { name: 'b', type: 't' },
        ],
      }),
    )
    expect(def.variables).toEqual({ region: 'r1', db: { host: 'h', port: 1 }, keep: true })
    expect(def.nodes[0]!.variables).toEqual({ region: 'r2', db: { port: 2 }, keep: true })
    expect(def.nodes[1]!.variables).toEqual({ region: 'r1', db: { host: 'h', port: 1 }, keep: true })
  })

  it('gives each node its own copy of the variables', async () => {
    const def = await parseInfraDefinition(base({ variables: { db: { host: 'h' } }, nodes: [{ name: 'a', type: 't' }, { name: 'b', type: 't' }] }))
    ;(def.nodes[0]!.variables.db as Record<string, string>).host = 'x'
    expect(def.nodes[1]!.variables.db).toEqual({ host: 'h' })
    expect(def.variables.db).toEqual({ host: 'h' })
  })

  it('keeps keys such as __proto__ and constructor as plain data', async () => {
    const def = await parseInfraDefinition(`infra_name: demo\nuser_id: u\nvariables: {__proto__: {polluted: 1}, constructor: c}\nnodes: [{name: a, type: t}]\n`)
    expect(Object.hasOwn(def.nodes[0]!.variables, '__proto__')).toBe(true)
    expect(def.nodes[0]!.variables.constructor).toBe('c')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('parseInfraDefinition: one rule each', () => {
  it.each([
    ['an unknown top-level key', base({ extra: 1 }), 'the description has unknown key "extra" (allowed: user_id, infra_name, nodes, dependencies, variables)'],
    ['a missing infra_name', { user_id: 'u', nodes: [{ name: 'a', type: 't' }] }, 'infra_name is required'],
    ['a non-string infra_name', base({ infra_name: 7 }), 'infra_name must be a string'],
    ['an empty infra_name', base({ infra_name: '' }), 'infra_name must not be empty'],
    ['upper case and underscore', base({ infra_name: 'Demo_1' }), `infra_name "Demo_1" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`],
    ['a dot', base({ infra_name: 'demo.x' }), `infra_name "demo.x" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`],
    ['a leading dash', base({ infra_name: '-demo' }), `infra_name "-demo" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`],
    ['a trailing dash', base({ infra_name: 'demo-' }), `infra_name "demo-" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`],
    ['64 characters', base({ infra_name: 'a'.repeat(64) }), `infra_name "${'a'.repeat(20)}…" must be at most 63 characters (it has 64)`],
    ['a non-string user_id', base({ user_id: 42 }), 'user_id must be a string'],
    ['variables not a mapping', base({ variables: [1] }), 'variables must be a mapping'],
    ['missing nodes', { user_id: 'u', infra_name: 'demo' }, 'nodes is required'],
    ['nodes not a list', base({ nodes: { a: 1 } }), 'nodes must be a list'],
    ['empty nodes', base({ nodes: [] }), 'nodes must not be empty'],
    ['a node that is no mapping', base({ nodes: [{ name: 'a', type: 't' }, 'b'] }), 'nodes[1] must be a mapping'],
    ['an unknown node key', base({ nodes: [{ name: 'a', type: 't', image: 'x' }] }), 'nodes[0] has unknown key "image" (allowed: name, type, scaling, filter, variables)'],
    ['a missing node name', base({ nodes: [{ type: 't' }] }), 'nodes[0].name is required'],
    ['a bad node name', base({ nodes: [{ name: 'a', type: 't' }, { name: 'Web_1', type: 't' }] }), `nodes[1].name "Web_1" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`],
    ['a duplicate node name', base({ nodes: [{ name: 'a', type: 't' }, { name: 'b', type: 't' }, { name: 'a', type: 'u' }] }), 'nodes[2].name "a" is already used by nodes[0]'],
    ['a missing type', base({ nodes: [{ name: 'a' }] }), 'nodes[0].type is required'],
    ['an empty type', base({ nodes: [{ name: 'a', type: ' ' }] }), 'nodes[0].type must be a non-empty string'],
    ['scaling not a mapping', base({ nodes: [{ name: 'a', type: 't', scaling: 2 }] }), 'nodes[0].scaling must be a mapping'],
    ['an unknown scaling key', base({ nodes: [{ name: 'a', type: 't', scaling: { min: 1, target: 2 } }] }), 'nodes[0].scaling has unknown key "target" (allowed: min, max)'],
    ['min below 1', base({ nodes: [{ name: 'a', type: 't' }, { name: 'b', type: 't' }, { name: 'c', type: 't', scaling: { min: 0 } }] }), 'nodes[2].scaling.min must be ≥ 1'],
    ['a fractional min', base({ nodes: [{ name: 'a', type: 't', scaling: { min: 1.5 } }] }), 'nodes[0].scaling.min must be an integer'],
    ['a string max', base({ nodes: [{ name: 'a', type: 't', scaling: { max: '3' } }] }), 'nodes[0].scaling.max must be an integer'],
    ['max below min', base({ nodes: [{ name: 'a', type: 't', scaling: { min: 3, max: 2 } }] }), 'nodes[0].scaling.max must be ≥ min (3)'],
    ['filter not a mapping', base({ nodes: [{ name: 'a', type: 't', filter: 'r1' }] }), 'nodes[0].filter must be a mapping'],
    ['node variables not a mapping', base({ nodes: [{ name: 'a', type: 't', variables: 'x' }] }), 'nodes[0].variables must be a mapping'],
  ])('rejects %s', async (_label, input, message) => {
    expect(await onlyProblem(input)).toBe(message)
  })
})

describe('parseInfraDefinition: dependency rules', () => {
  const two = (dependencies: unknown) => base({ nodes: [{ name: 'app', type: 't' }, { name: 'db', type: 't' }], dependencies })
  it.each([
    ['dependencies not a list', two({ app: 'db' }), 'dependencies must be a list'],
    ['an entry of the wrong kind', two(['app']), 'dependencies[0] must be a [dependent, dependee] pair or a {connection, mappings} mapping'],
    ['a triple', two([['app', 'db', 'app']]), 'dependencies[0] must be a [dependent, dependee] pair (it has 3 entries)'],
    ['an unknown node', two([['app', 'dbx']]), 'dependencies[0] names unknown node "dbx"'],
    ['an unknown node in the connection form', two([['app', 'db'], { connection: ['nope', 'db'] }]), 'dependencies[1] names unknown node "nope"'],
    ['a self-dependency', two([['app', 'app']]), 'dependencies[0]: node "app" cannot depend on itself'],
    ['an end that is neither name nor node', two([['app', 5]]), 'dependencies[0][1] must be a node name or a node'],
    ['a connection that is no pair', two([{ connection: 'app' }]), 'dependencies[0].connection must be a [dependent, dependee] pair'],
    ['an unknown connection key', two([{ connection: ['app', 'db'], weight: 1 }]), 'dependencies[0] has unknown key "weight" (allowed: connection, mappings)'],
    ['mappings not a list', two([{ connection: ['app', 'db'], mappings: 'x' }]), 'dependencies[0].mappings must be a list'],
  ])('rejects %s', async (_label, input, message) => {
    expect(await onlyProblem(input)).toBe(message)
  })

  it('does not call a node with its own problems unknown', async () => {
    const e = await rejection(base({ nodes: [{ name: 'app', type: 't' }, { name: 'Db', type: 't' }], dependencies: [['app', 'Db']] }))
    expect(e.details).toEqual([`nodes[1].name "Db" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`])
  })
})

describe('parseInfraDefinition: input errors', () => {
  it('reports YAML syntax errors by position only', async () => {
    const e = await rejection('infra_name: demo\nnodes: [\n  secret: hunter2\n')
    expect(e.message).toMatch(/^infrastructure description: invalid YAML at line \d+, column \d+ \(/)
    expect(e.message).not.toContain('hunter2')
  })

  it('rejects a top level that is not a mapping', async () => {
    expect(await onlyProblem('- a\n- b\n')).toBe('the infrastructure description must be a mapping')
  })

  it('rejects values JSON cannot hold in an object input', async () => {
    const e = await rejection(base({ variables: { f: () => 1, n: Number.NaN, d: new Date(0) } }))
    expect(e.details).toEqual(['variables.f is a function, which JSON cannot hold', 'variables.n must be a finite number', 'variables.d must be a plain object'])
  })

  it('rejects a YAML alias that contains itself', async () => {
    const e = await rejection('infra_name: demo\nuser_id: u\nnodes: [{name: a, type: t}]\nvariables: &v {self: *v}\n')
    expect(e.message).toBe('variables.self refers back to itself')
  })

  it('rejects input that is neither text nor object', async () => {
    await expect(parseInfraDefinition(42 as unknown as object)).rejects.toThrow('infrastructure description must be YAML text or an object')
  })
})

describe('parseInfraDefinition: collected errors', () => {
  it('reports every problem in details, the first in the message with a count', async () => {
    const e = await rejection({
      infra_name: 'Demo_1',
      extra: true,
      nodes: [
        { name: 'app', type: 't', scaling: { min: 0 } },
        { name: 'app', type: 't' },
        { name: 'db' },
      ],
      dependencies: [['app', 'dbx']],
    })
    expect(e.details).toEqual([
      'the description has unknown key "extra" (allowed: user_id, infra_name, nodes, dependencies, variables)',
      `infra_name "Demo_1" must match [a-z0-9-] (lower-case letters, digits and '-', no dots, not starting or ending with '-')`,
      'nodes[0].scaling.min must be ≥ 1',
      'nodes[1].name "app" is already used by nodes[0]',
      'nodes[2].type is required',
      'dependencies[0] names unknown node "dbx"',
    ])
    expect(e.message).toBe('the description has unknown key "extra" (allowed: user_id, infra_name, nodes, dependencies, variables) (and 5 more)')
  })

  it('reports a cycle together with the other problems', async () => {
    const e = await rejection(base({ infra_name: 'X', nodes: [{ name: 'a', type: 't' }, { name: 'b', type: 't' }], dependencies: [['a', 'b'], ['b', 'a']] }))
    expect(e.details).toContain('dependency cycle: a → b → a')
    expect(e.details).toHaveLength(2)
  })
})
