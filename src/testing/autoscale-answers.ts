// src/testing/autoscale-answers.ts — an error as each dialect answers it: AWS's <ErrorResponse>, or pyhantom's webob page with Phantom's codes and statuses.
import { NAMESPACES, queryError, webobPage, type AutoscaleDialect } from './autoscale-xml.js'

/** Phantom's `_error_lookup` (phantom_exceptions.py): explanation and status per code, plus the codes its actions raise. */
const PHANTOM_ERRORS: Record<string, [string, number]> = {
  IncompleteSignature: ['The request signature does not conform to AWS standards.', 400],
  InternalFailure: ['The request processing has failed due to some unknown error, exception or failure.', 500],
  InvalidAction: ['The action or operation requested is invalid.', 400],
  InvalidClientTokenId: ['The X.509 certificate or AWS Access Key ID provided does not exist in our records.', 403],
  InvalidParameterCombination: ['Parameters that must not be used together were used together.', 400],
  InvalidParameterValue: ['A bad or out-of-range value was supplied for the input parameter.', 400],
  MissingAction: ['The request is missing an action or operation parameter.', 400],
  MissingAuthenticationToken: ['Request must contain either a valid (registered) AWS Access Key ID or X.509 certificate.', 403],
  MissingParameter: ['An input parameter that is mandatory for processing the request is not supplied.', 400],
  RequestExpired: ['Request is past expires date or the request date (either with 15 minute padding), or the request date occurs more than 15 minutes in the future.', 400],
  ServiceUnavailable: ['The request has failed due to a temporary failure of the server.', 503],
  Throttling: ['Request was denied due to request throttling.', 400],
  AlreadyExists: ['The named Auto Scaling group or launch configuration already exists.', 400],
  LimitExceeded: ['The quota for capacity groups or launch configurations for this customer has already been reached.', 400],
  ResourceInUse: ['The Auto Scaling group or launch configuration is in use.', 400],
}

/** How Phantom names the errors AWS gives other codes: pyhantom has no ValidationError, and a bad signature is IncompleteSignature. */
const PHANTOM_CODES: Record<string, string> = {
  ValidationError: 'InvalidParameterValue',
  SignatureDoesNotMatch: 'IncompleteSignature',
  XAmzContentSHA256Mismatch: 'IncompleteSignature',
  ScalingActivityInProgress: 'InvalidParameterValue',
  InvalidNextToken: 'InvalidParameterValue',
}

/**
 * The error answer of a dialect. AWS: `<ErrorResponse>` with `status`. Phantom: the webob page of
 * its code (status from Phantom's table), the message as the page's detail, plain text or HTML
 * by the Accept header.
 * @example errorAnswer('phantom', 400, 'AlreadyExists', 'web@hotel', requestId, request.headers.get('accept'))
 */
export function errorAnswer(dialect: AutoscaleDialect, status: number, code: string, message: string, requestId: string, accept: string | null, headers: Record<string, string> = {}): Response {
  if (dialect === 'aws') return queryError(NAMESPACES.aws, status, code, message, requestId, headers)
  const phantomCode = PHANTOM_CODES[code] ?? code
  const known = PHANTOM_ERRORS[phantomCode]
  const response = webobPage(known?.[1] ?? status, phantomCode, known?.[0] ?? message, message, accept)
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v)
  return response
}

/**
 * pyhantom's 404 for an Action it does not implement (webob's HTTPNotFound, "No action X").
 * @example return unknownPhantomAction('PutScalingPolicy', request.headers.get('accept'))
 */
export function unknownPhantomAction(action: string, accept: string | null): Response {
  return webobPage(404, 'Not Found', 'The resource could not be found.', `No action ${action}`, accept)
}
