/**
 * Domain errors. Each carries a stable machine-readable `code`; the HTTP layer
 * (lib/http-errors.ts) is the one place that maps codes to status codes.
 */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'MALFORMED_JSON'
  | 'INVALID_CURSOR'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_FILES'
  | 'TOO_MANY_TODOS'
  | 'UPLOAD_INCOMPLETE'
  | 'PAYLOAD_TOO_LARGE'
  | 'QUOTA_EXCEEDED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[], code: ErrorCode = 'VALIDATION_ERROR') {
    super(code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Missing or invalid credentials.') {
    super('UNAUTHORIZED', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: 'Todo' | 'File' | 'Route') {
    super('NOT_FOUND', `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: ErrorCode = 'CONFLICT') {
    super(code, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, code: ErrorCode = 'PAYLOAD_TOO_LARGE') {
    super(code, message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Request body must be JSON (Content-Type: application/json).') {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class MalformedJsonError extends ValidationError {
  constructor() {
    super('Request body is not valid JSON.', undefined, 'MALFORMED_JSON');
  }
}

/** A dependency stayed busy (e.g. transaction conflicts) after bounded retries: try again shortly. */
export class ServiceBusyError extends AppError {
  constructor(message = 'The service is busy. Please retry shortly.') {
    super('SERVICE_UNAVAILABLE', message);
  }
}
