import { AuthError } from '../errors';
import { claims, expiresAt, type KeyValueStorage, type Tokens } from './tokens';

/** What the app knows about the signed-in user. */
export interface Session {
  email: string;
  accessToken: string;
  /** Local epoch ms at which the access (or ID) token expires, clock drift included. */
  expiresAt: number;
}

export interface AuthOptions {
  /** Where tokens are kept across reloads; localStorage by default. */
  storage?: KeyValueStorage;
  now?: () => number;
  /** Refresh this long before expiry (capped at half the token's lifetime). */
  refreshMarginMs?: number;
}

export const DEFAULT_MARGIN_MS = 2 * 60_000;
export const SIGN_OUT_TIMEOUT_MS = 3000;

/** Emails are case-insensitive in the pool; one spelling avoids two accounts for one person. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * A failed sign-in, worded the way Cognito (with user-existence errors prevented) words it: a
 * wrong password or an unknown email is "NotAuthorizedException" either way. cognito-local (the
 * local stack) answers a wrong password with InvalidPasswordException and an unknown user with
 * UserNotFoundException; telling those apart would also say which emails have accounts.
 */
export function toSignInError(error: unknown): unknown {
  if (
    error instanceof AuthError &&
    (error.code === 'InvalidPasswordException' || error.code === 'UserNotFoundException')
  ) {
    return new AuthError('NotAuthorizedException', 'Incorrect username or password.');
  }
  return error;
}

/** The app's view of a session; `fallbackEmail` when the ID token carries none. */
export function toSession(tokens: Tokens, fallbackEmail: string): Session {
  const email = claims(tokens.idToken).email;
  return {
    email: typeof email === 'string' ? email : fallbackEmail,
    accessToken: tokens.accessToken,
    expiresAt: expiresAt(tokens),
  };
}
