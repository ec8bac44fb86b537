/** A stand-in for Cognito's JSON API (fetch stubbed), for the app's Cognito client in unit tests. */
import { vi } from 'vitest';
import type { AppConfig } from '../config';
import type { KeyValueStorage } from '../session/tokens';

export const config: AppConfig = {
  region: 'us-east-1',
  userPoolId: 'local_pool1',
  userPoolClientId: 'client1',
  todosApiUrl: 'http://todos',
  filesApiUrl: 'http://files',
  maxUploadBytes: 1000,
  authFlow: 'USER_PASSWORD_AUTH',
  cognitoEndpoint: 'http://cognito.test:9229/',
};

export class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  clear() {
    this.data.clear();
  }
}

export const b64 = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
let tokenSeq = 0;
/** A token shaped like Cognito's; `lifetime` seconds from now. */
export function jwt(claims: object, lifetime = 3600) {
  const iat = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256' })}.${b64({ iat, exp: iat + lifetime, jti: ++tokenSeq, ...claims })}.sig`;
}
export const tokens = (lifetime = 3600, refresh = 'refresh-1') => ({
  AccessToken: jwt({ token_use: 'access', sub: 'u1', username: 'alice@example.com' }, lifetime),
  IdToken: jwt({ token_use: 'id', sub: 'u1', email: 'alice@example.com' }, lifetime),
  RefreshToken: refresh,
  ExpiresIn: lifetime,
  TokenType: 'Bearer',
});

export type Reply = { status?: number; body: unknown };
export type Handler = (body: Record<string, unknown>) => Reply | Promise<Reply>;

/** Stands in for Cognito's JSON API at the configured endpoint. */
export function fakeCognito(handlers: Record<string, Handler>) {
  const calls: { url: string; target: string; body: Record<string, unknown> }[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const target = String((init.headers as Record<string, string>)['X-Amz-Target']).split('.')[1] ?? '';
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    calls.push({ url, target, body });
    const handler = handlers[target];
    if (!handler) throw new Error(`unexpected Cognito call ${target}`);
    const reply = await handler(body);
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export const cognitoError = (type: string, message: string): Reply => ({
  status: 400,
  body: { __type: type, message },
});
