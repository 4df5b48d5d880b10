// test/infra/definition-levels.test.ts — dependency levels for chains and diamonds, stable order, cycles of length 2 and 3 named.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { dependencyLevels, findCycles } from '../../src/infra/definition-levels.js'
import { parseInfraDefinition } from '../../src/infra/definition-parse.js'

const edges = (...pairs: [string, string][]) => pairs.map(([dependent, dependee]) => ({ dependent, dependee }))
const describeNodes = (names: string[], dependencies: [string, string][]) => ({
  user_id: 'u',
  infra_name: 'demo',
  nodes: names.map((name) => ({ name, type: 't' })),
  dependencies,
})

describe('dependencyLevels', () => {
  it('puts a chain one node per level', () => {
    expect(dependencyLevels(['lb', 'app', 'db'], edges(['lb', 'app'], ['app', 'db']))).toEqual([['db'], ['app'], ['lb']])
  })

  it('puts a diamond in three levels', () => {
    // top depends on left and right, both depend on bottom.
    const names = ['top', 'left', 'right', 'bottom']
    expect(dependencyLevels(names, edges(['top', 'left'], ['top', 'right'], ['left', 'bottom'], ['right', 'bottom']))).toEqual([['bottom'], ['left', 'right'], ['top']])
  })

  it('places a node after its deepest dependee, keeping description order within levels', () => {
    const names = ['e', 'd', 'c', 'b', 'a']
    // e needs a (level 0) and c (level 1); so e is at level 2, with d.
    const levels = dependencyLevels(names, edges(['c', 'a'], ['e', 'a'], ['e', 'c'], ['d', 'c'], ['b', 'a']))
    expect(levels).toEqual([['a'], ['c', 'b'], ['e', 'd']])
  })

  it('keeps independent nodes in level 0 in description order', () => {
    expect(dependencyLevels(['z', 'y', 'x'], [])).toEqual([['z', 'y', 'x']])
  })

  it('handles a long chain without recursion', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `n${i}`)
    const chain = names.slice(1).map((n, i) => ({ dependent: n, dependee: names[i]! }))
    const levels = dependencyLevels(names, chain)
    expect(levels).toHaveLength(5000)
    expect(levels[4999]).toEqual(['n4999'])
  })

  it('throws InputError naming a cycle', () => {
    expect(() => dependencyLevels(['a', 'b'], edges(['a', 'b'], ['b', 'a']))).toThrow(InputError)
    expect(() => dependencyLevels(['a', 'b'], edges(['a', 'b'], ['b', 'a']))).toThrow('dependency cycle: a → b → a')
  })
})

describe('findCycles', () => {
  it('names a 2-cycle starting at the first node in description order', () => {
    expect(findCycles(['x', 'db', 'app'], edges(['db', 'app'], ['app', 'db']))).toEqual([['db', 'app', 'db']])
  })

  it('names a 3-cycle in dependency direction', () => {
    expect(findCycles(['app', 'db', 'cache'], edges(['app', 'db'], ['db', 'cache'], ['cache', 'app']))).toEqual([['app', 'db', 'cache', 'app']])
  })

  it('finds nothing in a diamond', () => {
    expect(findCycles(['t', 'l', 'r', 'b'], edges(['t', 'l'], ['t', 'r'], ['l', 'b'], ['r', 'b']))).toEqual([])
  })
})

describe('parseInfraDefinition: levels and cycles', () => {
  it('computes levels for a diamond description', async () => {
    const def = await parseInfraDefinition(describeNodes(['web', 'api', 'worker', 'db'], [['web', 'api'], ['web', 'worker'], ['api', 'db'], ['worker', 'db']]))
    expect(def.levels).toEqual([['db'], ['api', 'worker'], ['web']])
  })

  it('computes levels for a chain description', async () => {
    const def = await parseInfraDefinition(describeNodes(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]))
    expect(def.levels).toEqual([['c'], ['b'], ['a']])
  })

  it('names a 2-cycle', async () => {
    await expect(parseInfraDefinition(describeNodes(['app', 'db'], [['app', 'db'], ['db', 'app']]))).rejects.toThrow(/^dependency cycle: app → db → app$/)
  })

  it('names a 3-cycle', async () => {
    await expect(parseInfraDefinition(describeNodes(['app', 'db', 'cache'], [['app', 'db'], ['db', 'cache'], ['cache', 'app']]))).rejects.toThrow(
      /^dependency cycle: app → db → cache → app$/,
    )
  })

  it('names two separate cycles', async () => {
    const e = await parseInfraDefinition(describeNodes(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'a'], ['c', 'd'], ['d', 'c']])).catch((err: InputError) => err)
    expect((e as InputError).details).toEqual(['dependency cycle: a → b → a', 'dependency cycle: c → d → c'])
    expect((e as InputError).message).toBe('dependency cycle: a → b → a (and 1 more)')
  })
})
