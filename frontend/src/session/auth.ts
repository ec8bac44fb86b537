import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import type { AppConfig } from '../config';
import { AuthError, NetworkError, SessionExpiredError } from '../errors';
import {
  type AuthOptions,
  type CognitoClient,
  callCognito,
  DEFAULT_MARGIN_MS,
  marginFor,
  normalizeEmail,
  type Session,
  SIGN_OUT_TIMEOUT_MS,
  sessionFrom,
  storedSession,
  type TokenSet,
  toAuthError,
  toSession,
  toSignInError,
} from './cognito';

export type { AuthOptions, Session } from './cognito';

/** What the app needs of the auth adapter (tests use an in-memory stand-in). */
export type AuthPort = Pick<
  Auth,
  | 'restore'
  | 'signIn'
  | 'signUp'
  | 'confirmSignUp'
  | 'resendCode'
  | 'forgotPassword'
  | 'confirmPassword'
  | 'signOut'
  | 'expireLocally'
  | 'changePassword'
  | 'globalSignOut'
> &
  EventTarget;

/**
 * The Cognito wrapper: promise-based sign-up, confirmation, sign-in, password reset and sign-out,
 * plus the access token the APIs need, refreshed before it expires. Dispatches `expired` when a
 * background refresh finds the session revoked or expired.
 */
export class Auth extends EventTarget {
  readonly #config: AppConfig;
  readonly #pool: CognitoUserPool;
  readonly #now: () => number;
  readonly #margin: number;
  #user: CognitoUser | null = null;
  #session: CognitoUserSession | null = null;
  #refreshing: Promise<string> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(config: AppConfig, options: AuthOptions = {}) {
    super();
    this.#config = config;
    this.#now = options.now ?? Date.now;
    this.#margin = options.refreshMarginMs ?? DEFAULT_MARGIN_MS;
    this.#pool = new CognitoUserPool({
      UserPoolId: config.userPoolId,
      ClientId: config.userPoolClientId,
      ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}),
      ...(options.storage ? { Storage: options.storage } : {}),
    });
  }

  get #storage(): ICognitoStorage {
    return (this.#pool as unknown as { storage: ICognitoStorage }).storage;
  }

  get #client(): CognitoClient {
    return (this.#pool as unknown as { client: CognitoClient }).client;
  }

  #userFor(email: string): CognitoUser {
    const user = new CognitoUser({
      Username: normalizeEmail(email),
      Pool: this.#pool,
      Storage: this.#storage,
    });
    user.setAuthenticationFlowType(this.#config.authFlow);
    return user;
  }

  /** The signed-in user's session, if any. */
  get session(): Session | null {
    return this.#session ? this.#toSession(this.#session) : null;
  }

  #toSession(session: CognitoUserSession): Session {
    return toSession(session, this.#user?.getUsername() ?? '');
  }

  #adopt(user: CognitoUser, session: CognitoUserSession): Session {
    // The library's own calls (sign-out's token revocation) then see the same session.
    if (user.getSignInUserSession() !== session) user.setSignInUserSession(session);
    this.#user = user;
    this.#session = session;
    const result = this.#toSession(session);
    this.#schedule(result, session);
    return result;
  }

  #schedule(current: Session, session: CognitoUserSession) {
    clearTimeout(this.#timer);
    // setTimeout fires at once for delays past 2^31-1 ms, so very long ones are capped.
    const delay = Math.min(
      Math.max(current.expiresAt - marginFor(session, this.#margin) - this.#now(), 0),
      2 ** 31 - 1,
    );
    this.#timer = setTimeout(() => {
      this.refresh().catch((error: unknown) => {
        if (error instanceof SessionExpiredError) {
          this.dispatchEvent(new Event('expired'));
        } else if (this.#session) {
          // Offline for now: try again shortly; the next API call will also retry.
          this.#timer = setTimeout(
            () => this.#session && this.#schedule(this.session!, this.#session),
            30_000,
          );
        }
      });
    }, delay);
  }

  /**
   * Picks up the session kept from an earlier visit. `null`: nobody was signed in;
   * `'expired'`: someone was, but the session can no longer be renewed.
   */
  async restore(): Promise<Session | 'expired' | null> {
    const user = this.#pool.getCurrentUser();
    const stored = user && storedSession(this.#storage, this.#config.userPoolClientId, user.getUsername());
    if (!user || !stored) return null;
    user.setAuthenticationFlowType(this.#config.authFlow);
    if (stored.isValid()) return this.#adopt(user, stored);
    this.#user = user;
    this.#session = stored;
    try {
      await this.refresh();
      return this.session;
    } catch (error) {
      if (error instanceof NetworkError) throw error;
      return 'expired';
    }
  }

  signIn(email: string, password: string): Promise<Session> {
    const user = this.#userFor(email);
    const details = new AuthenticationDetails({ Username: normalizeEmail(email), Password: password });
    return new Promise((resolve, reject) => {
      user.authenticateUser(details, {
        onSuccess: (session) => resolve(this.#adopt(user, session)),
        onFailure: (error) => reject(toSignInError(error)),
        newPasswordRequired: () =>
          reject(new AuthError('NewPasswordRequired', 'Your password must be reset. Use "Forgot password".')),
      });
    });
  }

  signUp(email: string, password: string): Promise<void> {
    const username = normalizeEmail(email);
    const attributes = [new CognitoUserAttribute({ Name: 'email', Value: username })];
    return new Promise((resolve, reject) => {
      this.#pool.signUp(username, password, attributes, [], (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      );
    });
  }

  confirmSignUp(email: string, code: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#userFor(email).confirmRegistration(code.trim(), false, (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      );
    });
  }

  resendCode(email: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#userFor(email).resendConfirmationCode((error) =>
        error ? reject(toAuthError(error)) : resolve(),
      );
    });
  }

  forgotPassword(email: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#userFor(email).forgotPassword({
        onSuccess: () => resolve(),
        inputVerificationCode: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  confirmPassword(email: string, code: string, newPassword: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#userFor(email).confirmPassword(code.trim(), newPassword, {
        onSuccess: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  /** An access token good for at least the refresh margin, refreshing first when needed. */
  async getAccessToken(): Promise<string> {
    if (!this.#session || !this.#user) throw new SessionExpiredError();
    const current = this.#toSession(this.#session);
    if (current.expiresAt - marginFor(this.#session, this.#margin) > this.#now()) return current.accessToken;
    return this.refresh();
  }

  /**
   * Trades the refresh token for new tokens; concurrent callers share one request. Done with one
   * plain InitiateAuth call: the library's own refresh retries every failure with backoff for
   * seconds, which would keep a user with a revoked session waiting before the login screen.
   */
  refresh(): Promise<string> {
    const user = this.#user;
    const session = this.#session;
    if (!user || !session) return Promise.reject(new SessionExpiredError());
    const refreshToken = session.getRefreshToken().getToken();
    if (!refreshToken) {
      this.#forget();
      return Promise.reject(new SessionExpiredError());
    }
    this.#refreshing ??= new Promise<string>((resolve, reject) => {
      const params = {
        ClientId: this.#config.userPoolClientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      };
      this.#client.request('InitiateAuth', params, (error, data) => {
        const result = (data as { AuthenticationResult?: TokenSet } | null)?.AuthenticationResult;
        if (error || !result?.AccessToken || !result.IdToken) {
          const mapped = toAuthError(error);
          if (mapped instanceof NetworkError) return reject(mapped);
          this.#forget();
          return reject(new SessionExpiredError());
        }
        resolve(this.#adopt(user, sessionFrom(result, refreshToken)).accessToken);
      });
    }).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** Drops the session on this device without calling Cognito (used when it is already dead). */
  #forget() {
    clearTimeout(this.#timer);
    this.#user?.signOut();
    this.#user = null;
    this.#session = null;
  }

  expireLocally() {
    this.#forget();
  }

  /** Stops the background refresh (the session stays stored). */
  dispose() {
    clearTimeout(this.#timer);
  }

  /** Changes the password; Cognito checks the current one. */
  async changePassword(current: string, proposed: string): Promise<void> {
    const params = { PreviousPassword: current, ProposedPassword: proposed };
    await callCognito(this.#client, 'ChangePassword', {
      AccessToken: await this.getAccessToken(),
      ...params,
    });
  }

  /** Signs out on every device (Cognito revokes every refresh token), then clears this one. */
  async globalSignOut(): Promise<void> {
    await callCognito(this.#client, 'GlobalSignOut', { AccessToken: await this.getAccessToken() });
    this.#forget();
  }

  /** Signs out: revokes the refresh token where Cognito allows it, then clears this device. */
  async signOut(): Promise<void> {
    const user = this.#user;
    if (user && this.#session) {
      await Promise.race([
        new Promise<void>((resolve) => user.signOut(() => resolve())),
        new Promise<void>((resolve) => setTimeout(resolve, SIGN_OUT_TIMEOUT_MS)),
      ]);
    }
    this.#forget();
  }
}
