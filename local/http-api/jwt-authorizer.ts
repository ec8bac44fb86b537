import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

/**
 * An HTTP API JWT authorizer, checking what API Gateway checks before any function runs: the
 * token is a JWT signed by a key of the issuer's JWKS, `iss` is the configured issuer exactly,
 * `aud` (or, when there is no `aud`, `client_id`) is one of the audiences, it is not expired or
 * not yet valid, and it holds one of the route's scopes when the route requires some.
 */
export interface JwtAuthorizerConfig {
  name: string;
  /** e.g. `$request.header.Authorization` */
  identitySource: string[];
  issuer: string;
  audience: string[];
  jwksUrl: string;
}

export interface IdentityRequest {
  headers: Record<string, string | undefined>;
  /** Decoded query parameters, computed only if an identity source needs them. */
  query(): Record<string, string>;
}

export type AuthOutcome =
  | { ok: true; claims: Record<string, string>; scopes: string[] | null }
  | { ok: false; status: 401 | 403; body: string; wwwAuthenticate?: string; reason: string };

const UNAUTHORIZED = '{"message":"Unauthorized"}';
const FORBIDDEN = '{"message":"Forbidden"}';

function refused(description: string | null): AuthOutcome {
  return {
    ok: false,
    status: 401,
    body: UNAUTHORIZED,
    // API Gateway names the reason in this header (its docs show the audience case verbatim).
    wwwAuthenticate:
      description === null
        ? 'Bearer'
        : `Bearer scope="" error="invalid_token" error_description="${description}"`,
    reason: description ?? 'no token',
  };
}

/** Claims reach the function as strings; API Gateway renders arrays as `[a b]`. */
export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? `[${value.join(' ')}]`
          : typeof value === 'object' && value !== null
            ? JSON.stringify(value)
            : String(value),
    ]),
  );
}

function identity(config: JwtAuthorizerConfig, request: IdentityRequest): string | undefined {
  for (const source of config.identitySource) {
    const header = /^\$request\.header\.(.+)$/i.exec(source);
    if (header) return request.headers[header[1]!.toLowerCase()];
    const query = /^\$request\.querystring\.(.+)$/i.exec(source);
    if (query) return request.query()[query[1]!];
  }
  return undefined;
}

/** Tokens whose signature and issuer were verified, kept so each is checked with RSA once. */
const VERIFIED_CACHE_SIZE = 1000;

export function createJwtAuthorizer(config: JwtAuthorizerConfig) {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 5_000 });
  // A token's signature and issuer never change; its time claims are checked again on every use.
  const verified = new Map<string, JWTPayload>();
  async function verify(token: string): Promise<JWTPayload> {
    const cached = verified.get(token);
    const now = Date.now() / 1000;
    if (cached) {
      if (typeof cached.exp === 'number' && cached.exp <= now) {
        verified.delete(token);
        throw new errors.JWTExpired('"exp" claim timestamp check failed', cached, 'exp', 'check_failed');
      }
      return cached;
    }
    const { payload } = await jwtVerify(token, jwks, { issuer: config.issuer, algorithms: ['RS256'] });
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, payload);
    return payload;
  }
  return {
    config,
    /** Fetch the keys now, so the first request does not pay for it. */
    async warm(): Promise<void> {
      await jwks.reload();
    },
    async authorize(request: IdentityRequest, routeScopes?: string[]): Promise<AuthOutcome> {
      // "Bearer " with nothing after it is no token at all.
      const token = (identity(config, request) ?? '').trim().replace(/^Bearer(\s+|$)/i, '');
      if (!token) return refused(null);
      let payload: JWTPayload;
      try {
        payload = await verify(token);
      } catch (error) {
        return refused(describe(error));
      }
      if (typeof payload.iat === 'number' && payload.iat * 1000 > Date.now() + 1000) {
        return refused('the token is not valid yet');
      }
      const audiences =
        payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      const audienceOk =
        audiences.length > 0
          ? audiences.some((a) => config.audience.includes(a))
          : typeof payload.client_id === 'string' && config.audience.includes(payload.client_id);
      if (!audienceOk) return refused('the token does not have a valid audience');
      const tokenScopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      if (routeScopes?.length) {
        if (!routeScopes.some((s) => tokenScopes.includes(s))) {
          return { ok: false, status: 403, body: FORBIDDEN, reason: 'the token lacks the route scopes' };
        }
        return { ok: true, claims: stringifyClaims(payload), scopes: tokenScopes };
      }
      // Without route scopes API Gateway passes `scopes: null`, whatever the token holds.
      return { ok: true, claims: stringifyClaims(payload), scopes: null };
    },
  };
}

export type JwtAuthorizer = ReturnType<typeof createJwtAuthorizer>;

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token has an invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a key of the issuer';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token signing algorithm is not supported';
  return 'the token is malformed';
}
