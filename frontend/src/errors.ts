/** Errors the app tells apart; every one becomes a human message in messages.ts. */

export interface FieldIssue {
  path: string;
  message: string;
}

/** The API answered with its error shape `{error: {code, message, details?}}`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** The request never got an answer (offline, DNS, CORS, server down). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(message = 'Network request failed.') {
    super(message);
  }
}

/** The session is gone (expired, revoked, or signed out elsewhere); the user must log in again. */
export class SessionExpiredError extends Error {
  override name = 'SessionExpiredError';
  constructor(message = 'Your session has expired.') {
    super(message);
  }
}

/** An error from Cognito, keeping its code (e.g. NotAuthorizedException). */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An upload the user cancelled. */
export class UploadCancelledError extends Error {
  override name = 'UploadCancelledError';
  constructor() {
    super('Upload cancelled.');
  }
}
