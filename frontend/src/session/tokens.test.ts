import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/fake-cognito';
import { claims, expiresAt, issued, marginFor, revocable, TokenStore } from './tokens';

const base64url = (value: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
const token = (payload: object) => `h.${base64url(payload)}.s`;

describe('tokens', () => {
  it('reads a JWT payload in base64url with non-ASCII text, and nothing from junk', () => {
    const payload = { email: 'zoë@exämple.com', note: '??>>' };
    expect(claims(token(payload))).toEqual(payload);
    expect(claims('junk')).toEqual({});
    expect(claims('a.!!!.b')).toEqual({});
  });

  it('measures the clock drift at issue and counts it in the expiry', () => {
    const iat = 1_000_000;
    const set = {
      AccessToken: token({ iat, exp: iat + 3600 }),
      IdToken: token({ iat, exp: iat + 1800 }),
    };
    const tokens = issued(set, 'kept-refresh', (iat + 30) * 1000);
    expect(tokens).toMatchObject({ clockDrift: 30, refreshToken: 'kept-refresh' });
    expect(expiresAt(tokens)).toBe((iat + 1800 + 30) * 1000);
    expect(marginFor(tokens, 120_000)).toBe(120_000);
    expect(marginFor({ ...tokens, accessToken: token({ iat, exp: iat + 60 }) }, 120_000)).toBe(30_000);
  });

  it('allows revoking only tokens that carry origin_jti', () => {
    const tokens = { idToken: '', refreshToken: 'r', clockDrift: 0 };
    expect(revocable({ ...tokens, accessToken: token({ origin_jti: 'o' }) })).toBe(true);
    expect(revocable({ ...tokens, accessToken: token({}) })).toBe(false);
  });

  it('keeps tokens under the keys the earlier Cognito library used, and clears them all', () => {
    const storage = new MemoryStorage();
    const store = new TokenStore(storage, 'client1');
    const tokens = { idToken: 'i', accessToken: 'a', refreshToken: 'r', clockDrift: -2 };
    store.write('alice@example.com', tokens);
    expect(storage.getItem('CognitoIdentityServiceProvider.client1.LastAuthUser')).toBe('alice@example.com');
    expect(storage.getItem('CognitoIdentityServiceProvider.client1.alice@example.com.accessToken')).toBe('a');
    expect(store.read()).toEqual({ username: 'alice@example.com', tokens });
    store.clear('alice@example.com');
    expect(storage.data.size).toBe(0);
    expect(store.read()).toBeNull();
  });
});
