import type { AppConfig } from '../config';
import { AuthError, NetworkError, SessionExpiredError } from '../errors';
import {
  type AuthOptions,
  DEFAULT_MARGIN_MS,
  normalizeEmail,
  type Session,
  SIGN_OUT_TIMEOUT_MS,
  toSession,
  toSignInError,
} from './cognito';
import { type CognitoCall, cognitoApi } from './cognito-api';
import { authenticate } from './sign-in';
import {
  browserStorage,
  expiresAt,
  issued,
  marginFor,
  revocable,
  type TokenSet,
  TokenStore,
  type Tokens,
} from './tokens';

/** Cognito answers that mean "try again later", not "this session is over". */
const TRANSIENT = new Set([
  'InternalErrorException',
  'TooManyRequestsException',
  'LimitExceededException',
  'UnknownError',
]);

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
 * The Cognito client: promise-based sign-up, confirmation, sign-in, password reset and sign-out,
 * plus the access token the APIs need, refreshed before it expires. Dispatches `expired` when a
 * background refresh finds the session revoked or expired. Talks to Cognito's JSON API directly
 * (see cognito-api.ts), which keeps an SDK out of the app's bundle.
 */
export class Auth extends EventTarget {
  readonly #config: AppConfig;
  readonly #call: CognitoCall;
  readonly #store: TokenStore;
  readonly #now: () => number;
  readonly #margin: number;
  #username = '';
  #tokens: Tokens | null = null;
  #refreshing: Promise<string> | null = null;
  /** Bumped whenever the session is replaced or dropped, so a refresh started before is ignored. */
  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(config: AppConfig, options: AuthOptions = {}) {
    super();
    this.#config = config;
    this.#call = cognitoApi(config);
    this.#store = new TokenStore(options.storage ?? browserStorage(), config.userPoolClientId);
    this.#now = options.now ?? Date.now;
    this.#margin = options.refreshMarginMs ?? DEFAULT_MARGIN_MS;
  }

  get #clientId() {
    return this.#config.userPoolClientId;
  }

  /** The signed-in user's session, if any. */
  get session(): Session | null {
    return this.#tokens ? toSession(this.#tokens, this.#username) : null;
  }

  #adopt(username: string, tokens: Tokens): Session {
    this.#username = username;
    this.#tokens = tokens;
    this.#store.write(username, tokens);
    const result = toSession(tokens, username);
    this.#schedule(result, tokens);
    return result;
  }

  #schedule(current: Session, tokens: Tokens) {
    clearTimeout(this.#timer);
    // setTimeout fires at once for delays past 2^31-1 ms, so very long ones are capped.
    const delay = Math.min(
      Math.max(current.expiresAt - marginFor(tokens, this.#margin) - this.#now(), 0),
      2 ** 31 - 1,
    );
    this.#timer = setTimeout(() => {
      this.refresh().catch((error: unknown) => {
        if (error instanceof SessionExpiredError) {
          this.dispatchEvent(new Event('expired'));
        } else if (this.#tokens) {
          // Offline for now: try again shortly; the next API call will also retry.
          this.#timer = setTimeout(() => this.#tokens && this.#schedule(this.session!, this.#tokens), 30_000);
        }
      });
    }, delay);
  }

  /**
   * Picks up the session kept from an earlier visit. `null`: nobody was signed in;
   * `'expired'`: someone was, but the session can no longer be renewed.
   */
  async restore(): Promise<Session | 'expired' | null> {
    const kept = this.#store.read();
    if (!kept) return null;
    if (expiresAt(kept.tokens) > this.#now()) return this.#adopt(kept.username, kept.tokens);
    this.#username = kept.username;
    this.#tokens = kept.tokens;
    try {
      await this.refresh();
      return this.session;
    } catch (error) {
      if (error instanceof SessionExpiredError) return 'expired';
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<Session> {
    const username = normalizeEmail(email);
    try {
      const tokens = await authenticate(this.#call, this.#config, username, password);
      this.#generation++;
      return this.#adopt(username, issued(tokens, '', this.#now()));
    } catch (error) {
      throw toSignInError(error);
    }
  }

  async signUp(email: string, password: string): Promise<void> {
    const username = normalizeEmail(email);
    await this.#call('SignUp', {
      ClientId: this.#clientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: username }],
    });
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.#call('ConfirmSignUp', {
      ClientId: this.#clientId,
      Username: normalizeEmail(email),
      ConfirmationCode: code.trim(),
      ForceAliasCreation: false,
    });
  }

  async resendCode(email: string): Promise<void> {
    await this.#call('ResendConfirmationCode', { ClientId: this.#clientId, Username: normalizeEmail(email) });
  }

  async forgotPassword(email: string): Promise<void> {
    await this.#call('ForgotPassword', { ClientId: this.#clientId, Username: normalizeEmail(email) });
  }

  async confirmPassword(email: string, code: string, newPassword: string): Promise<void> {
    await this.#call('ConfirmForgotPassword', {
      ClientId: this.#clientId,
      Username: normalizeEmail(email),
      ConfirmationCode: code.trim(),
      Password: newPassword,
    });
  }

  /** An access token good for at least the refresh margin, refreshing first when needed. */
  async getAccessToken(): Promise<string> {
    if (!this.#tokens) throw new SessionExpiredError();
    const current = toSession(this.#tokens, this.#username);
    if (current.expiresAt - marginFor(this.#tokens, this.#margin) > this.#now()) return current.accessToken;
    return this.refresh();
  }

  /**
   * Trades the refresh token for new tokens; concurrent callers share one request. One plain
   * call, no retries: a user whose session was revoked should see the login screen at once. Only
   * Cognito refusing the refresh token ends the session; its hiccups (throttling, a 5xx) count as
   * being offline, and the session is kept for the next try.
   */
  refresh(): Promise<string> {
    const tokens = this.#tokens;
    if (!tokens) return Promise.reject(new SessionExpiredError());
    const refreshToken = tokens.refreshToken;
    if (!refreshToken) {
      this.#forget();
      return Promise.reject(new SessionExpiredError());
    }
    if (this.#refreshing) return this.#refreshing;
    const username = this.#username;
    const generation = this.#generation;
    const current = this.#call<{ AuthenticationResult?: Partial<TokenSet> }>('InitiateAuth', {
      ClientId: this.#clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    })
      .then(({ AuthenticationResult: result }) => {
        // Signed out (or in as someone else) meanwhile: these tokens must not bring the session back.
        if (generation !== this.#generation) throw new SessionExpiredError();
        if (!result?.AccessToken || !result.IdToken)
          throw new NetworkError('Cognito answered without tokens.');
        const set = {
          AccessToken: result.AccessToken,
          IdToken: result.IdToken,
          RefreshToken: result.RefreshToken,
        };
        return this.#adopt(username, issued(set, refreshToken, this.#now())).accessToken;
      })
      .catch((error: unknown) => {
        if (error instanceof SessionExpiredError || error instanceof NetworkError) throw error;
        if (error instanceof AuthError && TRANSIENT.has(error.code)) throw new NetworkError(error.message);
        if (generation === this.#generation) this.#forget();
        throw new SessionExpiredError();
      })
      .finally(() => {
        if (this.#refreshing === current) this.#refreshing = null;
      });
    this.#refreshing = current;
    return current;
  }

  /** Drops the session on this device without calling Cognito (used when it is already dead). */
  #forget() {
    clearTimeout(this.#timer);
    this.#generation++;
    this.#refreshing = null;
    if (this.#username) this.#store.clear(this.#username);
    this.#username = '';
    this.#tokens = null;
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
    await this.#call('ChangePassword', {
      AccessToken: await this.getAccessToken(),
      PreviousPassword: current,
      ProposedPassword: proposed,
    });
  }

  /** Signs out on every device (Cognito revokes every refresh token), then clears this one. */
  async globalSignOut(): Promise<void> {
    await this.#call('GlobalSignOut', { AccessToken: await this.getAccessToken() });
    this.#forget();
  }

  /**
   * Signs out: revokes the refresh token where Cognito allows it (a failure or a slow answer
   * must not keep the user signed in), then clears this device.
   */
  async signOut(): Promise<void> {
    const tokens = this.#tokens;
    if (tokens?.refreshToken && revocable(tokens)) {
      const revoke = this.#call('RevokeToken', { Token: tokens.refreshToken, ClientId: this.#clientId });
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        revoke.catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, SIGN_OUT_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    this.#forget();
  }
}
