import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, NetworkError, SessionExpiredError } from '../errors';
import { b64, cognitoError, config, fakeCognito, jwt, MemoryStorage, tokens } from '../testing/fake-cognito';
import { Auth } from './auth';

describe('Auth', () => {
  let storage: MemoryStorage;

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  const created: Auth[] = [];
  const newAuth = (options: ConstructorParameters<typeof Auth>[1] = {}) => {
    const auth = new Auth(config, { storage, ...options });
    created.push(auth);
    return auth;
  };

  afterEach(() => {
    for (const auth of created.splice(0)) auth.dispose();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('signs in with the configured flow and endpoint, and exposes the email and access token', async () => {
    const issued = tokens();
    const calls = fakeCognito({ InitiateAuth: () => ({ body: { AuthenticationResult: issued } }) });
    const auth = newAuth();
    const session = await auth.signIn('  Alice@Example.com ', 'Secret123');

    expect(calls[0]?.url).toBe('http://cognito.test:9229/');
    expect(calls[0]?.body).toMatchObject({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'client1',
      AuthParameters: { USERNAME: 'alice@example.com', PASSWORD: 'Secret123' },
    });
    expect(session.email).toBe('alice@example.com');
    expect(session.accessToken).toBe(issued.AccessToken);
    await expect(auth.getAccessToken()).resolves.toBe(issued.AccessToken);
  });

  it('rejects a wrong password with Cognito’s error code', async () => {
    fakeCognito({
      InitiateAuth: () => cognitoError('NotAuthorizedException', 'Incorrect username or password.'),
    });
    const error = await newAuth()
      .signIn('a@example.com', 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'NotAuthorizedException' });
  });

  it.each([
    ['InvalidPasswordException', 'Invalid password'],
    ['UserNotFoundException', 'User does not exist'],
  ])(
    'reports %s at sign-in (as cognito-local answers) as a wrong email or password',
    async (code, message) => {
      fakeCognito({ InitiateAuth: () => cognitoError(code, message) });
      const error = await newAuth()
        .signIn('a@example.com', 'x')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ code: 'NotAuthorizedException' });
    },
  );

  it('keeps the session across a reload', async () => {
    const issued = tokens();
    fakeCognito({ InitiateAuth: () => ({ body: { AuthenticationResult: issued } }) });
    await newAuth().signIn('alice@example.com', 'Secret123');

    const afterReload = newAuth();
    const restored = await afterReload.restore();
    expect(restored).toMatchObject({ email: 'alice@example.com', accessToken: issued.AccessToken });
  });

  it('restores a kept session with its stored clock drift, not the age of its tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iat: now - 3000, exp: now + 600, sub: 'u1' };
    const prefix = 'CognitoIdentityServiceProvider.client1';
    storage.setItem(`${prefix}.LastAuthUser`, 'alice@example.com');
    storage.setItem(
      `${prefix}.alice@example.com.idToken`,
      `h.${b64({ ...claims, email: 'alice@example.com' })}.s`,
    );
    storage.setItem(`${prefix}.alice@example.com.accessToken`, `h.${b64(claims)}.s`);
    storage.setItem(`${prefix}.alice@example.com.refreshToken`, 'r');
    storage.setItem(`${prefix}.alice@example.com.clockDrift`, '0');
    const restored = await newAuth().restore();
    expect(restored).toMatchObject({ email: 'alice@example.com', expiresAt: (now + 600) * 1000 });
  });

  it('says nobody is signed in when nothing was kept', async () => {
    await expect(newAuth().restore()).resolves.toBeNull();
  });

  it('refreshes the tokens before they expire, once for concurrent callers', async () => {
    const renewed = tokens(3600);
    const calls = fakeCognito({
      InitiateAuth: (body) =>
        body.AuthFlow === 'REFRESH_TOKEN_AUTH'
          ? { body: { AuthenticationResult: { ...renewed, RefreshToken: undefined } } }
          : { body: { AuthenticationResult: tokens(60) } },
    });
    // Tokens that live 60 s are inside the refresh margin (half their lifetime) after 31 s.
    const now = vi.fn(() => Date.now());
    const auth = newAuth({ now });
    await auth.signIn('alice@example.com', 'Secret123');
    now.mockReturnValue(Date.now() + 31_000);

    const [a, b] = await Promise.all([auth.getAccessToken(), auth.getAccessToken()]);
    expect(a).toBe(renewed.AccessToken);
    expect(b).toBe(renewed.AccessToken);
    const refreshes = calls.filter((c) => c.body.AuthFlow === 'REFRESH_TOKEN_AUTH');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toMatchObject({ AuthParameters: { REFRESH_TOKEN: 'refresh-1' } });
  });

  it('refreshes on its own shortly before expiry, and reports a revoked session', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    fakeCognito({
      InitiateAuth: (body) =>
        body.AuthFlow === 'REFRESH_TOKEN_AUTH'
          ? cognitoError('NotAuthorizedException', 'Refresh Token has been revoked')
          : { body: { AuthenticationResult: tokens(600) } },
    });
    const auth = newAuth({ refreshMarginMs: 120_000 });
    const expired = vi.fn();
    auth.addEventListener('expired', expired);
    await auth.signIn('alice@example.com', 'Secret123');

    await vi.advanceTimersByTimeAsync(470_000);
    expect(expired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(expired).toHaveBeenCalledTimes(1);
    await expect(auth.getAccessToken()).rejects.toBeInstanceOf(SessionExpiredError);
    expect([...storage.data.keys()].filter((k) => k.endsWith('Token'))).toEqual([]);
  });

  it('reports a kept session that can no longer be renewed as expired', async () => {
    fakeCognito({
      InitiateAuth: (body) =>
        body.AuthFlow === 'REFRESH_TOKEN_AUTH'
          ? cognitoError('NotAuthorizedException', 'Refresh Token has expired')
          : { body: { AuthenticationResult: tokens(-10) } },
    });
    await newAuth().signIn('alice@example.com', 'Secret123');
    await expect(newAuth().restore()).resolves.toBe('expired');
    await expect(newAuth().restore()).resolves.toBeNull();
  });

  it('keeps the session when a refresh fails only for lack of network', async () => {
    fakeCognito({ InitiateAuth: () => ({ body: { AuthenticationResult: tokens(60) } }) });
    const now = vi.fn(() => Date.now());
    const auth = newAuth({ now });
    await auth.signIn('alice@example.com', 'Secret123');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    now.mockReturnValue(Date.now() + 31_000);
    await expect(auth.getAccessToken()).rejects.toBeInstanceOf(NetworkError);
    expect(auth.session).not.toBeNull();
  });

  it('does not sign out a returning user whose tokens need renewing while offline', async () => {
    fakeCognito({ InitiateAuth: () => ({ body: { AuthenticationResult: tokens(-10) } }) });
    await newAuth().signIn('alice@example.com', 'Secret123');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(newAuth().restore()).rejects.toBeInstanceOf(NetworkError);
    expect([...storage.data.keys()].some((k) => k.endsWith('.refreshToken'))).toBe(true);
  });

  it('signs up with the email as username and attribute, confirms, and resets a password', async () => {
    const calls = fakeCognito({
      SignUp: () => ({ body: { UserConfirmed: false, UserSub: 'u1' } }),
      ConfirmSignUp: (body) =>
        body.ConfirmationCode === '123456'
          ? { body: {} }
          : cognitoError('CodeMismatchException', 'Invalid code'),
      ForgotPassword: () => ({ body: { CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } } }),
      ConfirmForgotPassword: () => ({ body: {} }),
    });
    const auth = newAuth();
    await auth.signUp('New@Example.com', 'Secret123');
    expect(calls[0]?.body).toMatchObject({
      ClientId: 'client1',
      Username: 'new@example.com',
      Password: 'Secret123',
      UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
    });
    await expect(auth.confirmSignUp('new@example.com', '000000')).rejects.toMatchObject({
      code: 'CodeMismatchException',
    });
    await auth.confirmSignUp('new@example.com', ' 123456 ');
    await auth.forgotPassword('new@example.com');
    await auth.confirmPassword('new@example.com', '654321', 'NewSecret1');
    expect(calls.map((c) => c.target)).toEqual([
      'SignUp',
      'ConfirmSignUp',
      'ConfirmSignUp',
      'ForgotPassword',
      'ConfirmForgotPassword',
    ]);
    expect(calls[4]?.body).toMatchObject({ ConfirmationCode: '654321', Password: 'NewSecret1' });
  });

  it('signs out: revokes the refresh token and forgets the session on this device', async () => {
    const calls = fakeCognito({
      InitiateAuth: () => ({
        body: {
          AuthenticationResult: {
            ...tokens(),
            AccessToken: jwt({ token_use: 'access', sub: 'u1', origin_jti: 'o1' }),
          },
        },
      }),
      RevokeToken: () => ({ body: {} }),
    });
    const auth = newAuth();
    await auth.signIn('alice@example.com', 'Secret123');
    await auth.signOut();
    expect(calls.map((c) => c.target)).toContain('RevokeToken');
    expect(auth.session).toBeNull();
    await expect(newAuth().restore()).resolves.toBeNull();
  });
});
