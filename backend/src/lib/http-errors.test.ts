import { describe, expect, it } from 'vitest';
import {
  type AppError,
  ConflictError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceBusyError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors';
import { errorResponse } from './http-errors';

// Status codes as docs/api.md assigns them.
const cases: [string, AppError, number][] = [
  ['bad input', new ValidationError('Invalid request body.'), 400],
  ['malformed JSON', new MalformedJsonError(), 400],
  ['a bad cursor', new ValidationError('bad cursor', undefined, 'INVALID_CURSOR'), 400],
  ['a missing token', new UnauthorizedError(), 401],
  ['an absent resource', new NotFoundError('Todo'), 404],
  ['a conflict', new ConflictError('conflict'), 409],
  ['too many files', new ConflictError('too many', 'TOO_MANY_FILES'), 409],
  ['a file too large', new PayloadTooLargeError('too large'), 413],
  ['a non-JSON body', new UnsupportedMediaTypeError(), 415],
  ['a dependency that stayed busy', new ServiceBusyError(), 503],
];

describe('errorResponse', () => {
  it.each(cases)('maps %s to its contract status', (_, error, status) => {
    // Act
    const response = errorResponse(error);
    // Assert
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(String(response.body))).toEqual({
      error: { code: error.code, message: error.message },
    });
  });

  it('includes validation details when there are some', () => {
    // Arrange
    const details = [{ path: 'title', message: 'Expected string.' }];
    // Act
    const response = errorResponse(new ValidationError('Invalid request body.', details));
    // Assert
    expect(JSON.parse(String(response.body)).error.details).toEqual(details);
  });

  it.each([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'TooManyRequestsException',
    'SlowDown',
    'ServiceUnavailable',
    'TransactionConflictException',
  ])('answers 503 with Retry-After for the retryable AWS error %s', (name) => {
    // Act
    const response = errorResponse(Object.assign(new Error('busy'), { name }));
    // Assert
    expect(response.statusCode).toBe(503);
    expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(String(response.body)).not.toContain(name);
  });
});
