import { describe, expect, it, vi } from 'vitest';
import { NetworkError, SessionExpiredError } from '../errors';
import { authInstances } from '../testing/auth-instances';
import {
  cognitoError,
  config,
  fakeCognito,
  MemoryStorage,
  type Reply,
  tokens,
} from '../testing/fake-cognito';
import { Auth } from './auth';

/** Token refresh at its edges: sign-out racing it, Cognito's own hiccups, a rotated refresh token. */
describe('Auth refresh', () => {
  const auths = authInstances();
  const signedIn = (storage: MemoryStorage, now?: () => number) =>
    auths.signedIn({ storage, ...(now ? { now } : {}) });
  const tokenKeys = (storage: MemoryStorage) =>
    [...storage.data.keys()].filter((k) => /Token$|LastAuthUser$/.test(k));

  it('does not bring a session back when its refresh answers after the user signed out', async () => {
    let answer: ((reply: Reply) => void) | undefined;
    fakeCognito({
      InitiateAuth: (body) =>
        body.AuthFlow === 'REFRESH_TOKEN_AUTH'
          ? new Promise<Reply>((resolve) => {
              answer = resolve;
            })
          : { body: { AuthenticationResult: tokens() } },
    });
    const storage = new MemoryStorage();
    const auth = await signedIn(storage);
    const refreshing = auth.refresh().catch((e: unknown) => e);
    await vi.waitFor(() => expect(answer).toBeDefined());
    await auth.signOut();
    answer?.({ body: { AuthenticationResult: tokens() } });

    expect(await refreshing).toBeInstanceOf(SessionExpiredError);
    expect(auth.session).toBeNull();
    expect(tokenKeys(storage)).toEqual([]);
    await expect(new Auth(config, { storage }).restore()).resolves.toBeNull();
  });

  it.each([
    ['InternalErrorException', 500],
    ['TooManyRequestsException', 400],
  ])('keeps the session when Cognito answers a refresh with %s, as when offline', async (code, status) => {
    fakeCognito({
      InitiateAuth: (body) =>
        body.AuthFlow === 'REFRESH_TOKEN_AUTH'
          ? { ...cognitoError(code, 'Try again'), status }
          : { body: { AuthenticationResult: tokens(60) } },
    });
    const storage = new MemoryStorage();
    const now = vi.fn(() => Date.now());
    const auth = await signedIn(storage, now);
    now.mockReturnValue(Date.now() + 31_000);

    await expect(auth.getAccessToken()).rejects.toBeInstanceOf(NetworkError);
    expect(auth.session).not.toBeNull();
    expect(tokenKeys(storage)).toHaveLength(4);
  });

  it('keeps a new refresh token when Cognito sends one with the refreshed tokens', async () => {
    const calls = fakeCognito({
      InitiateAuth: (body) => ({
        body: {
          AuthenticationResult:
            body.AuthFlow === 'REFRESH_TOKEN_AUTH' ? tokens(3600, 'refresh-2') : tokens(3600, 'refresh-1'),
        },
      }),
    });
    const storage = new MemoryStorage();
    const auth = await signedIn(storage);
    await auth.refresh();
    await auth.refresh();
    const refreshes = calls.filter((c) => c.body.AuthFlow === 'REFRESH_TOKEN_AUTH');
    expect(refreshes.map((c) => (c.body.AuthParameters as { REFRESH_TOKEN: string }).REFRESH_TOKEN)).toEqual([
      'refresh-1',
      'refresh-2',
    ]);
    expect(storage.getItem('CognitoIdentityServiceProvider.client1.alice@example.com.refreshToken')).toBe(
      'refresh-2',
    );
  });
});
