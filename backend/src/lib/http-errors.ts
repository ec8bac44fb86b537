import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, type ErrorCode } from './errors';
import { logger } from './logger';

/** The one place where domain error codes become HTTP status codes. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  MALFORMED_JSON: 400,
  INVALID_CURSOR: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_FILES: 409,
  TOO_MANY_TODOS: 409,
  UPLOAD_INCOMPLETE: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

// AWS SDK error names that mean "try again shortly", answered with 503 rather than 500.
const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalServerError',
  'TransactionConflictException',
]);

function body(code: string, message: string, details?: unknown): string {
  return JSON.stringify({ error: details ? { code, message, details } : { code, message } });
}

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof AppError) {
    const statusCode = STATUS_BY_CODE[error.code];
    if (statusCode === 503) logger.warn('dependency busy', { error });
    else if (statusCode >= 500) logger.error('request failed', { error });
    const headers = statusCode === 503 ? { ...HEADERS, 'retry-after': '1' } : HEADERS;
    return { statusCode, headers, body: body(error.code, error.message, error.details) };
  }
  const name = (error as { name?: string } | null)?.name ?? '';
  const throttled = (error as { $retryable?: { throttling?: boolean } } | null)?.$retryable?.throttling;
  if (RETRYABLE.has(name) || throttled) {
    logger.warn('dependency busy', { error });
    return {
      statusCode: 503,
      headers: { ...HEADERS, 'retry-after': '1' },
      body: body('SERVICE_UNAVAILABLE', 'The service is busy. Please retry shortly.'),
    };
  }
  // Anything unexpected: log everything, tell the client nothing internal.
  logger.error('unhandled error', { error });
  return { statusCode: 500, headers: HEADERS, body: body('INTERNAL_ERROR', 'Something went wrong.') };
}
