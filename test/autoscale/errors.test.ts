// Every error body an Auto Scaling server sends, as the right ClientError: AWS XML, Phantom's webob pages, moto's 500 pages.
import { describe, expect, it } from 'vitest'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RateLimitError, ResponseError, ServerError } from '../../src/core/errors.js'
import { awsError, caught, KEYS, ok, useFixture } from './support.js'

const fx = useFixture()
const MOTO_500 = {
  status: 500,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n',
}

describe('AWS <ErrorResponse>', () => {
  it.each([
    ['AlreadyExists', 400, ConflictError],
    ['ResourceInUse', 400, ConflictError],
    ['ScalingActivityInProgress', 400, ConflictError],
    ['LimitExceeded', 400, BadRequestError],
    ['InvalidNextToken', 400, BadRequestError],
    ['Throttling', 400, RateLimitError],
    ['InvalidClientTokenId', 403, ForbiddenError],
    ['SignatureDoesNotMatch', 403, ForbiddenError],
  ] as const)('%s (%i) is a %s with code and request id', async (code, status, Class) => {
    fx.on('CreateLaunchConfiguration', awsError(code, `because ${code}`, status))
    const e = await caught(fx.client({ retry: false }).launchConfigurations.create({ LaunchConfigurationName: 'lc', ImageId: 'a', InstanceType: 't' }))
    expect(e).toBeInstanceOf(Class)
    expect(e).toMatchObject({ status, code, requestId: `rid-${code}` })
    expect((e as Error).message).toContain(`because ${code}`)
  })

  it('a ValidationError "not found" is a NotFoundError; other ValidationErrors are BadRequestErrors', async () => {
    fx.on('UpdateAutoScalingGroup', awsError('ValidationError', 'AutoScalingGroup name not found - null'))
    await expect(fx.client().groups.update({ AutoScalingGroupName: 'x', MaxSize: 2 })).rejects.toMatchObject({ name: 'NotFoundError', code: 'ValidationError' })
    fx.on('UpdateAutoScalingGroup', awsError('ValidationError', 'At least one Availability Zone or VPC Subnet is required.'))
    await expect(fx.client().groups.update({ AutoScalingGroupName: 'x', MaxSize: 2 })).rejects.toBeInstanceOf(BadRequestError)
  })
})

describe("Phantom's webob pages", () => {
  it('plain text: the status line names the code', async () => {
    fx.on('CreateAutoScalingGroup', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
      body: '400 AlreadyExists\n\nThe named Auto Scaling group or launch configuration already exists.\n\n the name web is in use  ',
    })
    const e = await caught<ConflictError>(fx.client().groups.create({ AutoScalingGroupName: 'web', LaunchConfigurationName: 'w@h', MinSize: 1, MaxSize: 1 }))
    expect(e).toBeInstanceOf(ConflictError)
    expect(e.code).toBe('AlreadyExists')
    expect(e.message).toBe('400 Bad Request: POST /: AlreadyExists (The named Auto Scaling group or launch configuration already exists.)')
    expect(e.details).toEqual(['the name web is in use'])
  })

  it('HTML: the title names the code', async () => {
    fx.on('DescribeAutoScalingGroups', {
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>403 InvalidClientTokenId</title></head><body><h1>403 InvalidClientTokenId</h1>The X.509 certificate or AWS Access Key ID provided does not exist in our records.<br /><br />\n\n</body></html>',
    })
    await expect(fx.client().groups.list().toArray()).rejects.toMatchObject({ name: 'ForbiddenError', code: 'InvalidClientTokenId', message: expect.stringContaining('does not exist in our records') })
  })

  it('InternalFailure and ServiceUnavailable are codes, not status lines', async () => {
    fx.on('DescribeTags', { status: 500, headers: { 'content-type': 'text/plain' }, body: '500 InternalFailure\n\nThe request processing has failed due to some unknown error, exception or failure.\n\n boom' })
    await expect(fx.client({ retry: false }).tags.list().toArray()).rejects.toMatchObject({ name: 'ServerError', code: 'InternalFailure', details: ['boom'] })
  })

  it('an unimplemented action (Phantom answers 404) is a NotFoundError', async () => {
    fx.on('DescribePolicies', { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 Not Found\n\nThe resource could not be found.' })
    await expect(fx.client().policies.list().toArray()).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe("moto's generic 500 pages", () => {
  it('are explained when the call names something missing', async () => {
    fx.on('SetDesiredCapacity', MOTO_500)
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', '<AutoScalingGroups/>'))
    const e = await caught<NotFoundError>(fx.client({ retry: false }).groups.setDesiredCapacity('nope', 2))
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e.message).toBe("AutoScalingGroup 'nope' not found (the server answered 500 instead of saying so)")
    expect(e.code).toBe('ValidationError')
    expect(e.cause).toBeInstanceOf(ServerError)
  })

  it('are passed on as a ServerError when everything the call names exists', async () => {
    fx.on('SetDesiredCapacity', MOTO_500)
    fx.on('DescribeAutoScalingGroups', ok('DescribeAutoScalingGroups', '<AutoScalingGroups><member><AutoScalingGroupName>web</AutoScalingGroupName><MinSize>0</MinSize><MaxSize>1</MaxSize><DesiredCapacity>0</DesiredCapacity></member></AutoScalingGroups>'))
    const e = await caught<ServerError>(fx.client({ retry: false }).groups.setDesiredCapacity('web', 1))
    expect(e).toBeInstanceOf(ServerError)
    expect(e.message).toBe('500 Internal Server Error: POST /: the server failed with an internal error')
    expect(e.details[0]).toMatch(/generic error page/)
  })

  it.each([
    ['CreateAutoScalingGroup', 'DescribeLaunchConfigurations', '<LaunchConfigurations/>', "LaunchConfiguration 'nolc'"],
    ['TerminateInstanceInAutoScalingGroup', 'DescribeAutoScalingInstances', '<AutoScalingInstances/>', "Auto Scaling instance 'i-0'"],
    ['ExecutePolicy', 'DescribePolicies', '<ScalingPolicies/>', "policy 'up'"],
    ['CreateOrUpdateTags', 'DescribeAutoScalingGroups', '<AutoScalingGroups/>', "AutoScalingGroup 'web'"],
  ])('%s: a 500 and no %s match → NotFoundError naming it', async (action, check, empty, what) => {
    fx.on(action, MOTO_500)
    fx.on(check, ok(check, empty))
    const c = fx.client({ retry: false })
    const calls: Record<string, () => Promise<unknown>> = {
      CreateAutoScalingGroup: () => c.groups.create({ AutoScalingGroupName: 'g', LaunchConfigurationName: 'nolc', MinSize: 0, MaxSize: 1 }),
      TerminateInstanceInAutoScalingGroup: () => c.instances.terminate('i-0', { decrementDesiredCapacity: true }),
      ExecutePolicy: () => c.policies.execute({ AutoScalingGroupName: 'web', PolicyName: 'up' }),
      CreateOrUpdateTags: () => c.tags.createOrUpdate([{ ResourceId: 'web', Key: 'k', Value: 'v' }]),
    }
    await expect(calls[action]!()).rejects.toMatchObject({ name: 'NotFoundError', message: expect.stringContaining(`${what} not found`) })
  })

  it('an unknown action through query() is a ServerError that says the server failed', async () => {
    fx.on('DescribeNothing', MOTO_500)
    await expect(fx.client({ retry: false }).query('DescribeNothing')).rejects.toMatchObject({ name: 'ServerError', message: expect.stringContaining('the server failed') })
  })
})

it('the secret key and session token are scrubbed from what AWS echoes in SignatureDoesNotMatch', async () => {
  const token = 'FQoGZXIvYXdzEJr-session-token'
  fx.on('DescribeTags', awsError('SignatureDoesNotMatch', `The Canonical String for this request should have been 'x-amz-security-token:${token}' with key ${KEYS.secretAccessKey}`, 403))
  const lines: string[] = []
  const logger = { debug: (o: unknown) => lines.push(JSON.stringify(o)), info: () => undefined, warn: () => undefined, error: () => undefined }
  const e = await caught(fx.client({ credentials: { ...KEYS, sessionToken: token }, logger }).tags.list().toArray())
  expect(e.code).toBe('SignatureDoesNotMatch')
  expect(JSON.stringify([e.message, e.details, lines])).not.toMatch(new RegExp(`${token}|${KEYS.secretAccessKey}`))
})

it('a lone surrogate is an InputError before any request', async () => {
  await expect(fx.client().groups.get('a\uD800')).rejects.toThrow(/lone UTF-16 surrogate/)
  await expect(fx.client().query('DescribeTags', { X: 'b\uDC00' })).rejects.toThrow(/lone UTF-16 surrogate/)
})

it('a 200 that is not the action response (an unsigned request routed to S3) is a ResponseError', async () => {
  fx.on('DescribeTags', { body: '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01"><Buckets/></ListAllMyBucketsResult>' })
  await expect(fx.client().tags.list().toArray()).rejects.toBeInstanceOf(ResponseError)
})
