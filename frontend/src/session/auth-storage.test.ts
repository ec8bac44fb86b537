import { afterEach, describe, expect, it, vi } from 'vitest';
import { b64, config, fakeCognito, MemoryStorage, tokens } from '../testing/fake-cognito';
import { Auth } from './auth';

/** Where sessions are kept: the keys the earlier Cognito library wrote, one user per browser, no storage at all. */
describe('Auth storage', () => {
  const prefix = 'CognitoIdentityServiceProvider.client1';
  const sub = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const created: Auth[] = [];
  const newAuth = (storage?: MemoryStorage) => {
    const auth = new Auth(config, storage ? { storage } : {});
    created.push(auth);
    return auth;
  };
  afterEach(() => {
    for (const auth of created.splice(0)) auth.dispose();
    vi.unstubAllGlobals();
  });

  /** A session as amazon-cognito-identity-js kept it after an SRP sign-in: under the user's sub. */
  const keptByLibrary = (storage: MemoryStorage) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iat: now - 60, exp: now + 3000, sub };
    storage.setItem(`${prefix}.LastAuthUser`, sub);
    storage.setItem(`${prefix}.${sub}.idToken`, `h.${b64({ ...claims, email: 'alice@example.com' })}.s`);
    storage.setItem(`${prefix}.${sub}.accessToken`, `h.${b64(claims)}.s`);
    storage.setItem(`${prefix}.${sub}.refreshToken`, 'r');
    storage.setItem(`${prefix}.${sub}.clockDrift`, '0');
  };

  it('restores a session the earlier library kept under the user’s id, and signs it out completely', async () => {
    const storage = new MemoryStorage();
    keptByLibrary(storage);
    const auth = newAuth(storage);
    await expect(auth.restore()).resolves.toMatchObject({ email: 'alice@example.com' });
    await auth.signOut();
    expect(storage.data.size).toBe(0);
  });

  it('clears another user’s kept tokens when someone else signs in on this browser', async () => {
    const storage = new MemoryStorage();
    keptByLibrary(storage);
    fakeCognito({ InitiateAuth: () => ({ body: { AuthenticationResult: tokens() } }) });
    await newAuth(storage).signIn('bob@example.com', 'Secret123');
    expect([...storage.data.keys()].filter((key) => key.includes(sub))).toEqual([]);
    expect(storage.getItem(`${prefix}.LastAuthUser`)).toBe('bob@example.com');
  });

  it('signs in for the visit when the browser allows no localStorage', async () => {
    vi.stubGlobal('localStorage', null);
    fakeCognito({ InitiateAuth: () => ({ body: { AuthenticationResult: tokens() } }) });
    const auth = newAuth();
    await expect(auth.restore()).resolves.toBeNull();
    await expect(auth.signIn('alice@example.com', 'Secret123')).resolves.toMatchObject({
      email: 'alice@example.com',
    });
    await expect(auth.getAccessToken()).resolves.toMatch(/\./);
  });
});
