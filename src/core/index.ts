// src/core/index.ts — `strato/core`: the HTTP client, errors, concurrency, pagination and waiting.
export { Client, resolveUrl } from './client.js'
export type { CallOptions, ClientOptions, AuthProvider, TokenSource, QueryParams, EndpointInterface, RequestSigner, SignableRequest, SignedRequest } from './options.js'
export { ClientResponse } from './response.js'
export { path, encodeSegment, encodePathKeepSlashes, type EncodedPath } from './path.js'
export {
  ClientError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  NetworkError,
  TimeoutError,
  AbortError,
  InputError,
  ResponseError,
  isClientError,
  errorInit,
  errorClassForStatus,
  TRANSIENT_STATUSES,
  type ClientErrorInit,
  type ClientErrorClass,
} from './errors.js'
export { errorFromResponse, parseErrorBody, requestIdFrom, type ErrorResponseInfo, type ParsedErrorBody } from './error-response.js'
export { parseRetryAfter } from './retry-after.js'
export { DEFAULT_RETRY, decideRetry, backoffDelay, resolveRetry, type RetryOptions, type RetryContext, type HttpMethod } from './retry.js'
export { replayable, fileBody, canReplay, type RequestBody, type ReplayableBody } from './body.js'
export { createDispatcher, tlsFromFiles, type TlsOptions, type TransportOptions } from './transport.js'
export { redactHeaders, redactUrl, redactJson, isSecretHeader, SecretScrubber, REDACTED } from './redact.js'
export type { ClientEvents, RequestEvent, ResponseEvent, RetryEvent, ErrorEvent, Logger } from './events.js'
export { sleep, abortReason, throwIfAborted, raceSignal } from './abort.js'
export { parseInput, parseResponse } from './validation.js'
export { parseXml, isXml, loadXmlParser, xmlParserLoaded } from './xml.js'
export { parallel, ConcurrencyLimiter, type ParallelOptions, type ParallelProgress, type ConcurrencyLimiterOptions } from './concurrency.js'
export { Paginator, type Page, type PageFetcher, type PaginatorOptions } from './pagination.js'
export { waitFor, WaitFailedError, type WaitOptions } from './waiter.js'
export { VERSION } from './version.js'
export { DigestTap } from './digest-stream.js'
