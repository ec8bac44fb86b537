/** The tokens of a Cognito session, what they say, and where they are kept across reloads. */

/** Tokens as Cognito returns them (a refresh returns no new refresh token). */
export interface TokenSet {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds the local clock is ahead of Cognito's, measured when the tokens were issued. */
  clockDrift: number;
}

/** localStorage, or a stand-in with the same three methods. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A JWT's payload; the signature is the APIs' business, not the browser's. */
export function claims(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const decoded: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return decoded && typeof decoded === 'object' ? (decoded as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const seconds = (token: string, claim: 'exp' | 'iat') => {
  const value = claims(token)[claim];
  return typeof value === 'number' ? value : 0;
};

/** Tokens just issued: the drift is how far the local clock is past their issue time. */
export function issued(set: TokenSet, refreshToken: string, nowMs: number): Tokens {
  const iat = Math.min(seconds(set.AccessToken, 'iat'), seconds(set.IdToken, 'iat'));
  return {
    idToken: set.IdToken,
    accessToken: set.AccessToken,
    refreshToken: set.RefreshToken ?? refreshToken,
    clockDrift: Math.floor(nowMs / 1000) - iat,
  };
}

/** Local epoch ms at which the first of the access and ID tokens expires. */
export const expiresAt = (tokens: Tokens) =>
  (Math.min(seconds(tokens.accessToken, 'exp'), seconds(tokens.idToken, 'exp')) + tokens.clockDrift) * 1000;

/** Margin before expiry at which to refresh: never more than half the token's lifetime. */
export function marginFor(tokens: Tokens, margin: number): number {
  const lifetimeMs = (seconds(tokens.accessToken, 'exp') - seconds(tokens.accessToken, 'iat')) * 1000;
  return Math.min(margin, Math.max(lifetimeMs / 2, 0));
}

/** Cognito lets a refresh token be revoked only when its access tokens carry `origin_jti`. */
export const revocable = (tokens: Tokens) => typeof claims(tokens.accessToken).origin_jti === 'string';

/**
 * localStorage when the browser lets the app use it; otherwise (storage disabled, site data
 * blocked) memory, so signing in still works for the visit.
 */
export function browserStorage(): KeyValueStorage {
  try {
    const storage = globalThis.localStorage;
    storage.setItem('__auth_probe__', '1');
    storage.removeItem('__auth_probe__');
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

const FIELDS = ['idToken', 'accessToken', 'refreshToken', 'clockDrift'] as const;

/**
 * Tokens in storage under the keys amazon-cognito-identity-js used, so a session kept by an
 * earlier version of the app still signs its user in.
 */
export class TokenStore {
  readonly #prefix: string;
  constructor(
    private readonly storage: KeyValueStorage,
    clientId: string,
  ) {
    this.#prefix = `CognitoIdentityServiceProvider.${clientId}`;
  }

  /** The user whose tokens are kept, with the tokens; null when nobody is signed in here. */
  read(): { username: string; tokens: Tokens } | null {
    const username = this.storage.getItem(`${this.#prefix}.LastAuthUser`);
    if (!username) return null;
    const read = (key: string) => this.storage.getItem(`${this.#prefix}.${username}.${key}`);
    const idToken = read('idToken');
    const accessToken = read('accessToken');
    if (!idToken || !accessToken) return null;
    const drift = Number(read('clockDrift'));
    const clockDrift = Number.isFinite(drift) ? drift : 0;
    return {
      username,
      tokens: { idToken, accessToken, refreshToken: read('refreshToken') ?? '', clockDrift },
    };
  }

  write(username: string, tokens: Tokens) {
    // One session per browser: another user's tokens (kept under another name) go first.
    const previous = this.storage.getItem(`${this.#prefix}.LastAuthUser`);
    if (previous && previous !== username) this.clear(previous);
    for (const field of FIELDS) {
      this.storage.setItem(`${this.#prefix}.${username}.${field}`, String(tokens[field]));
    }
    this.storage.setItem(`${this.#prefix}.LastAuthUser`, username);
  }

  clear(username: string) {
    for (const field of FIELDS) this.storage.removeItem(`${this.#prefix}.${username}.${field}`);
    this.storage.removeItem(`${this.#prefix}.LastAuthUser`);
  }
}
