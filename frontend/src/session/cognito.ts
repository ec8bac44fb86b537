import {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { AuthError, NetworkError } from '../errors';

/** What the app knows about the signed-in user. */
export interface Session {
  email: string;
  accessToken: string;
  /** Local epoch ms at which the access (or ID) token expires, clock drift included. */
  expiresAt: number;
}

export interface AuthOptions {
  /** Where tokens are kept across reloads; localStorage by default. */
  storage?: ICognitoStorage;
  now?: () => number;
  /** Refresh this long before expiry (capped at half the token's lifetime). */
  refreshMarginMs?: number;
}

export const DEFAULT_MARGIN_MS = 2 * 60_000;
export const SIGN_OUT_TIMEOUT_MS = 3000;

/** Emails are case-insensitive in the pool; one spelling avoids two accounts for one person. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface CognitoCallbackError {
  code?: string;
  name?: string;
  message?: string;
}

/** The library's low-level Cognito client (one request, no retries). */
export interface CognitoClient {
  request(operation: string, params: object, callback: (error: unknown, data: unknown) => void): void;
}

export interface TokenSet {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
}

/**
 * A session from raw tokens. `clockDrift` (seconds the local clock is ahead of Cognito's) is
 * measured when tokens are issued; for tokens read back from storage it must be the stored value,
 * or the library would take the tokens' age for drift.
 */
export const sessionFrom = (tokens: TokenSet, refreshToken: string, clockDrift?: number) =>
  new CognitoUserSession({
    IdToken: new CognitoIdToken({ IdToken: tokens.IdToken }),
    AccessToken: new CognitoAccessToken({ AccessToken: tokens.AccessToken }),
    RefreshToken: new CognitoRefreshToken({ RefreshToken: tokens.RefreshToken ?? refreshToken }),
    ...(clockDrift === undefined ? {} : { ClockDrift: clockDrift }),
  } as ConstructorParameters<typeof CognitoUserSession>[0]);

export function toAuthError(error: unknown): Error {
  const e = (error ?? {}) as CognitoCallbackError;
  if (e.message === 'Network error' || error instanceof TypeError) return new NetworkError();
  return new AuthError(e.code || e.name || 'UnknownError', e.message || 'Authentication failed.');
}

/**
 * A failed sign-in, worded the way Cognito (with user-existence errors prevented) words it: a
 * wrong password or an unknown email is "NotAuthorizedException" either way. cognito-local (the
 * local stack) answers a wrong password with InvalidPasswordException and an unknown user with
 * UserNotFoundException; telling those apart would also say which emails have accounts.
 */
export function toSignInError(error: unknown): Error {
  const mapped = toAuthError(error);
  if (
    mapped instanceof AuthError &&
    (mapped.code === 'InvalidPasswordException' || mapped.code === 'UserNotFoundException')
  ) {
    return new AuthError('NotAuthorizedException', 'Incorrect username or password.');
  }
  return mapped;
}

/** The app's view of a Cognito session; `fallbackEmail` when the ID token carries none. */
export function toSession(session: CognitoUserSession, fallbackEmail: string): Session {
  const access = session.getAccessToken();
  const id = session.getIdToken();
  const drift = (session as unknown as { getClockDrift?: () => number }).getClockDrift?.() ?? 0;
  const exp = Math.min(access.getExpiration(), id.getExpiration());
  const email = id.decodePayload().email;
  return {
    email: typeof email === 'string' ? email : fallbackEmail,
    accessToken: access.getJwtToken(),
    expiresAt: (exp + drift) * 1000,
  };
}

/** Margin before expiry at which to refresh: never more than half the token's lifetime. */
export function marginFor(session: CognitoUserSession, margin: number): number {
  const access = session.getAccessToken();
  const lifetimeMs = (access.getExpiration() - access.getIssuedAt()) * 1000;
  return Math.min(margin, Math.max(lifetimeMs / 2, 0));
}

/** The tokens the library keeps in `storage` for `username`, if any. */
export function storedSession(
  storage: ICognitoStorage,
  clientId: string,
  username: string,
): CognitoUserSession | null {
  const read = (key: string) =>
    storage.getItem(`CognitoIdentityServiceProvider.${clientId}.${username}.${key}`);
  const idToken = read('idToken');
  const accessToken = read('accessToken');
  if (!idToken || !accessToken) return null;
  const drift = Number(read('clockDrift'));
  return sessionFrom(
    { IdToken: idToken, AccessToken: accessToken },
    read('refreshToken') ?? '',
    Number.isFinite(drift) ? drift : 0,
  );
}

/** One Cognito call, its failure mapped to AuthError or NetworkError. */
export function callCognito(client: CognitoClient, operation: string, params: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.request(operation, params, (error, data) => (error ? reject(toAuthError(error)) : resolve(data)));
  });
}
