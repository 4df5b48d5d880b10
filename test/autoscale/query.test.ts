// The Query protocol's parameter encoding and the typed decoders of its results.
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeForm, flattenQuery, rfc3986 } from '../../src/autoscale/query.js'
import { bool, date, int, list, raw, str, struct } from '../../src/autoscale/decode.js'
import { InputError, ResponseError } from '../../src/core/errors.js'
import { parseQueryResponse } from '../../src/autoscale/client.js'
import { loadXmlParser } from '../../src/core/xml.js'

beforeAll(() => loadXmlParser())

describe('flattenQuery', () => {
  it('numbers lists from 1, nests structures, writes booleans and dates', () => {
    expect(
      flattenQuery({
        AutoScalingGroupNames: ['a', 'b'],
        Tags: [{ Key: 'k', Value: 'v', PropagateAtLaunch: true }],
        LaunchTemplate: { LaunchTemplateName: 'lt', Version: '$Latest' },
        MinSize: 0,
        When: new Date('2026-01-02T03:04:05Z'),
        Skipped: undefined,
      }),
    ).toEqual([
      ['AutoScalingGroupNames.member.1', 'a'],
      ['AutoScalingGroupNames.member.2', 'b'],
      ['Tags.member.1.Key', 'k'],
      ['Tags.member.1.Value', 'v'],
      ['Tags.member.1.PropagateAtLaunch', 'true'],
      ['LaunchTemplate.LaunchTemplateName', 'lt'],
      ['LaunchTemplate.Version', '$Latest'],
      ['MinSize', '0'],
      ['When', '2026-01-02T03:04:05.000Z'],
    ])
  })

  it('sends an empty list as an empty value (how AWS clears one)', () => {
    expect(flattenQuery({ TerminationPolicies: [] })).toEqual([['TerminationPolicies', '']])
  })

  it('refuses NaN, Infinity, invalid dates and null with an InputError naming the field', () => {
    expect(() => flattenQuery({ MinSize: Number.NaN })).toThrow(/MinSize must be a finite number/)
    expect(() => flattenQuery({ A: [1, Infinity] })).toThrow(/A\.member\.2/)
    expect(() => flattenQuery({ When: new Date('x') })).toThrow(InputError)
    expect(() => flattenQuery({ X: null as unknown as string })).toThrow(/X has an unsupported type null/)
  })
})

describe('encodeForm', () => {
  it('sorts by name and percent-encodes as RFC 3986 (space %20, ~ kept, !*() escaped)', () => {
    expect(encodeForm([['Version', '2011-01-01'], ['Action', 'X'], ['N', "a b~c!*()'é"]])).toBe('Action=X&N=a%20b~c%21%2A%28%29%27%C3%A9&Version=2011-01-01')
    expect(rfc3986('a+b/c')).toBe('a%2Bb%2Fc')
  })
})

describe('decoders', () => {
  const G = struct({ Name: str, Size: int, On: bool, At: date, Zones: list(str), Extra: raw }, ['Name', 'Size'])

  it('types fields, keeps unknown ones, makes one <member> an array', () => {
    const out = G({ Name: 'web', Size: '3', On: 'TRUE', At: '2026-12-06T20:00:00Z', Zones: { member: 'a' }, Extra: { L: { member: ['x', 'y'] }, E: '' }, New: 'kept' }, 'G')
    expect(out).toEqual({ Name: 'web', Size: 3, On: true, At: new Date('2026-12-06T20:00:00Z'), Zones: ['a'], Extra: { L: ['x', 'y'] }, New: 'kept' })
  })

  it('reads self-closed empty lists and leaves out absent optional fields', () => {
    expect(G({ Name: 'w', Size: '0', Zones: '' }, 'G')).toEqual({ Name: 'w', Size: 0, Zones: [] })
  })

  it('names the path of a missing or malformed field', () => {
    expect(() => G({ Size: '1' }, 'G')).toThrow(/G\.Name is missing/)
    expect(() => G({ Name: 'x', Size: '1.5' }, 'G')).toThrow(/G\.Size must be an integer/)
    expect(() => list(G)({ member: [{ Name: 'a', Size: '1' }, { Name: 'b', Size: 'x' }] }, 'L')).toThrow(/L\[1\]\.Size/)
    expect(() => G({ Name: 'x', Size: '1', At: 'yesterday' }, 'G')).toThrow(ResponseError)
  })
})

describe('parseQueryResponse', () => {
  const decoder = struct({ Tags: list(struct({ Key: str }, ['Key'])) })

  it('reads AWS 2011-01-01 and Phantom 2009-05-15 documents alike', () => {
    for (const ns of ['2011-01-01', '2009-05-15']) {
      const xml = `<DescribeTagsResponse xmlns="http://autoscaling.amazonaws.com/doc/${ns}/"><DescribeTagsResult><Tags><member><Key>k</Key></member></Tags></DescribeTagsResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DescribeTagsResponse>`
      expect(parseQueryResponse('DescribeTags', xml, decoder)).toEqual({ result: { Tags: [{ Key: 'k' }] }, requestId: 'r-1' })
    }
  })

  it('gives an empty result to actions without output', () => {
    const xml = '<DeleteTagsResponse xmlns="x"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteTagsResponse>'
    expect(parseQueryResponse('DeleteTags', xml, struct({}))).toEqual({ result: {}, requestId: 'r' })
  })

  it('refuses a document for another action (an unsigned request routed to S3 by moto)', () => {
    const xml = '<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>'
    expect(() => parseQueryResponse('DescribeTags', xml, decoder)).toThrow(/the document is <ListAllMyBucketsResult>, not <DescribeTagsResponse>/)
  })

  it('refuses a DOCTYPE (entity expansion) and malformed XML with ResponseError', () => {
    expect(() => parseQueryResponse('X', '<!DOCTYPE x [<!ENTITY a "b">]><XResponse/>')).toThrow(ResponseError)
    expect(() => parseQueryResponse('X', '<XResponse><XResult></XResponse>')).toThrow(ResponseError)
  })
})
