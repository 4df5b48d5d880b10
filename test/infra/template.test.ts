// test/infra/template.test.ts — renderTemplate: every form, errors with line:col, no code evaluation, large templates; templateDependencies.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { checkTemplate, renderTemplate, templateDependencies, type TemplateContext } from '../../src/infra/template.js'

const addresses: Record<string, string[]> = { db: ['10.0.0.7', '10.0.0.8'], cache: ['10.0.0.9'] }
const ctx = (over: Partial<TemplateContext> = {}): TemplateContext => ({
  infraId: 'infra-1',
  nodeId: 'app-0',
  node: 'app',
  variables: { port: 5432, name: 'demo', on: true, nothing: null, db: { host: 'h', opts: { ssl: 'yes' } }, list: ['a', 'b'], 'a-b': 'dash' },
  getIp: (n) => addresses[n]?.[0],
  getPrivIp: (n) => (addresses[n] ? `192.168.0.${addresses[n].length}` : undefined),
  getIpAll: (n) => addresses[n] ?? [],
  ...over,
})

function thrown(fn: () => unknown): InputError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error('did not throw')
}

describe('renderTemplate: forms', () => {
  it.each([
    ['{{infra_id}}', 'infra-1'],
    ['{{ node_id }}', 'app-0'],
    ['{{  node_name\t}}', 'app'],
    ['{{variables.name}}', 'demo'],
    ['{{ variables.port }}', '5432'],
    ['{{variables.on}}', 'true'],
    ['[{{variables.nothing}}]', '[]'],
    ['{{variables.db.host}}', 'h'],
    ['{{ variables.db.opts.ssl }}', 'yes'],
    ['{{variables.db.opts}}', '{"ssl":"yes"}'],
    ['{{variables.list}}', '["a","b"]'],
    ['{{variables.list.1}}', 'b'],
    ['{{variables.list[0]}}', 'a'],
    ["{{variables['a-b']}}", 'dash'],
    ['{{ variables[ "db" ].host }}', 'h'],
    ["{{getip('db')}}", '10.0.0.7'],
    ['{{ getip("db") }}', '10.0.0.7'],
    ["{{ getip ( 'cache' ) }}", '10.0.0.9'],
    ["{{getprivip('db')}}", '192.168.0.2'],
    ["{{getipall('db')}}", '10.0.0.7,10.0.0.8'],
    ["{{ '{{' }}", '{{'],
    ['{{ "}}" }}', '}}'],
    ["{{ 'it\\'s' }}", "it's"],
    ['plain text } }} {#x#} ${#arr[@]}', 'plain text } }} {#x#} ${#arr[@]}'],
    ['', ''],
  ])('%s → %s', (template, expected) => {
    expect(renderTemplate(template, ctx())).toBe(expected)
  })

  it('fills a cloud-init file', () => {
    const template = "#cloud-config\nhostname: {{node_id}}.{{infra_id}}\nruncmd:\n  - echo DB={{ getip('db') }}:{{variables.port}} > /etc/app\n"
    expect(renderTemplate(template, ctx())).toBe('#cloud-config\nhostname: app-0.infra-1\nruncmd:\n  - echo DB=10.0.0.7:5432 > /etc/app\n')
  })

  it('falls back to getIp when getPrivIp and getIpAll are not given', () => {
    const c = ctx({ getPrivIp: undefined, getIpAll: undefined })
    expect(renderTemplate("{{getprivip('db')}} {{getipall('db')}}", c)).toBe('10.0.0.7 10.0.0.7')
  })

  it('renders {{ip}} when the context has one', () => {
    expect(renderTemplate('http://{{ ip }}:80/', ctx({ ip: '10.1.1.1' }))).toBe('http://10.1.1.1:80/')
    expect(thrown(() => renderTemplate('http://{{ip}}/', ctx())).message).toBe('ip is not available here (only in health-check URLs), at 1:8')
  })
})

describe('renderTemplate: errors', () => {
  it('names an unsupported expression and its line:col', () => {
    const e = thrown(() => renderTemplate('line one\n  x {{ node_id | upper }}', ctx()))
    expect(e.message).toBe(
      `unsupported template expression "node_id | upper" at 2:5 (supported: infra_id, node_id, node_name, ip, variables.<name>, getip('<node>'), getprivip('<node>'), getipall('<node>'), '<text>')`,
    )
    expect(e.code).toBe('InvalidTemplate')
  })

  it.each([
    "{{ constructor.constructor('x')() }}",
    '{{ process.env }}',
    '{{ this }}',
    "{{ cut('a', 1) }}",
    "{{ cmd('rm -rf /') }}",
    '{{ variables.__proto__.x() }}x',
    "{{ getip('db') + 1 }}",
    "{{ getip('db', 'x') }}",
    '{{ getip(db) }}',
    '{{ 1 + 1 }}',
    '{{ }}',
    "{{ 'a' 'b' }}",
    '{{ variables. }}',
    '{{ variables[x] }}',
  ])('rejects %s without evaluating it', (template) => {
    expect(thrown(() => renderTemplate(template, ctx())).message).toMatch(/^unsupported template expression ".*" at 1:1 /)
  })

  it('does not reach the prototype through variables', () => {
    expect(thrown(() => renderTemplate('{{ variables.constructor }}', ctx())).message).toBe('unknown variable variables.constructor at 1:1')
    expect(thrown(() => renderTemplate('{{ variables.db.toString }}', ctx())).message).toBe('unknown variable variables.db.toString at 1:1')
    expect(thrown(() => renderTemplate('{{ variables.list.length }}', ctx())).message).toBe('unknown variable variables.list.length at 1:1')
  })

  it('rejects an unknown variable with its position', () => {
    const e = thrown(() => renderTemplate('a\nb\n   {{variables.db.port}}', ctx()))
    expect(e.message).toBe('unknown variable variables.db.port at 3:4')
    expect(e.code).toBe('UnknownVariable')
    expect(thrown(() => renderTemplate('{{variables.list[5]}}', ctx())).message).toBe('unknown variable variables.list[5] at 1:1')
  })

  it('rejects getip of a node without an address yet', () => {
    const e = thrown(() => renderTemplate("x={{ getip('web') }}", ctx()))
    expect(e.message).toBe("getip('web'): node web has no address yet (at 1:3)")
    expect(e.code).toBe('NoAddress')
    expect(thrown(() => renderTemplate('{{getipall("web")}}', ctx())).message).toBe("getipall('web'): node web has no address yet (at 1:1)")
    expect(thrown(() => renderTemplate("{{getprivip('web')}}", ctx())).message).toBe("getprivip('web'): node web has no address yet (at 1:1)")
  })

  it('rejects an unclosed expression', () => {
    expect(thrown(() => renderTemplate('x\n{{ node_id ', ctx())).message).toBe('unclosed "{{" at 2:1')
    expect(thrown(() => renderTemplate("{{ 'abc }}", ctx())).message).toBe('unclosed "{{" at 1:1')
  })

  it('rejects Jinja statements rather than passing them through', () => {
    expect(thrown(() => renderTemplate('a\n{% if x %}y{% endif %}', ctx())).message).toBe(`template statements ({% … %}) are not supported, at 2:1; write {{ '{%' }} for a literal "{%"`)
    expect(renderTemplate("{{ '{%' }} raw", ctx())).toBe('{% raw')
  })

  it('shortens long expressions in messages', () => {
    const message = thrown(() => renderTemplate(`{{ ${'x'.repeat(200)} }}`, ctx())).message
    expect(message).toContain(`"${'x'.repeat(57)}..."`)
  })
})

describe('renderTemplate: large templates', () => {
  it('renders 20 000 expressions in linear time', () => {
    const template = "line {{node_id}} {{ getip('db') }} {{variables.db.host}}\n".repeat(20_000)
    const started = performance.now()
    const out = renderTemplate(template, ctx())
    expect(performance.now() - started).toBeLessThan(2000)
    expect(out.split('\n')).toHaveLength(20_001)
    expect(out.startsWith('line app-0 10.0.0.7 h\n')).toBe(true)
  })

  it('passes 5 MB of plain text through unchanged', () => {
    const template = 'abc { } }} $x\n'.repeat(400_000)
    expect(renderTemplate(template, ctx())).toBe(template)
  })

  it('reports the position of an error deep in a large template', () => {
    const template = 'ok {{node_id}}\n'.repeat(10_000) + '  {{ bad() }}'
    expect(thrown(() => renderTemplate(template, ctx())).message).toMatch(/ at 10001:3 /)
  })
})

describe('templateDependencies and checkTemplate', () => {
  it('lists the nodes of getip calls once each, in order of first use', () => {
    expect(templateDependencies("{{getip('db')}} {{ getipall(\"cache\") }} {{getprivip('db')}} {{variables.getip}} {{ 'getip(\"x\")' }}")).toEqual(['db', 'cache'])
    expect(templateDependencies('no expressions')).toEqual([])
  })

  it('rejects syntax errors as renderTemplate does', () => {
    expect(() => templateDependencies('{{ process.env }}')).toThrow(/^unsupported template expression "process.env" at 1:1/)
    expect(() => checkTemplate('{{ node_id }}')).not.toThrow()
    expect(() => checkTemplate('{{ eval("1") }}')).toThrow(InputError)
  })

  it('works as a flatMap callback', () => {
    expect(["{{getip('a')}}", "{{getip('b')}}"].flatMap(templateDependencies)).toEqual(['a', 'b'])
  })
})
