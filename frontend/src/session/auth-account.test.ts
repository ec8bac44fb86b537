import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../errors';
import { cognitoError, config, fakeCognito, MemoryStorage, tokens } from '../testing/fake-cognito';
import { Auth } from './auth';

/** The account page's Cognito calls through the real library's client. */
describe('Auth account calls', () => {
  const created: Auth[] = [];
  const signedIn = async (storage = new MemoryStorage()) => {
    const auth = new Auth(config, { storage });
    created.push(auth);
    await auth.signIn('alice@example.com', 'Secret123');
    return auth;
  };
  afterEach(() => {
    for (const auth of created.splice(0)) auth.dispose();
    vi.unstubAllGlobals();
  });

  it('changes the password with the access token, and reports a wrong current one by its code', async () => {
    const issued = tokens();
    let wrong = true;
    const calls = fakeCognito({
      InitiateAuth: () => ({ body: { AuthenticationResult: issued } }),
      ChangePassword: () =>
        wrong ? cognitoError('NotAuthorizedException', 'Incorrect username or password.') : { body: {} },
    });
    const auth = await signedIn();
    const error = await auth.changePassword('Wrong123', 'Better456').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'NotAuthorizedException' });
    wrong = false;
    await auth.changePassword('Secret123', 'Better456');
    expect(calls.at(-1)).toMatchObject({
      target: 'ChangePassword',
      body: { AccessToken: issued.AccessToken, PreviousPassword: 'Secret123', ProposedPassword: 'Better456' },
    });
    expect(auth.session).not.toBeNull();
  });

  it('signs out globally with the access token and forgets the session on this device', async () => {
    const issued = tokens();
    const storage = new MemoryStorage();
    const calls = fakeCognito({
      InitiateAuth: () => ({ body: { AuthenticationResult: issued } }),
      GlobalSignOut: () => ({ body: {} }),
    });
    const auth = await signedIn(storage);
    await auth.globalSignOut();
    expect(calls.at(-1)).toMatchObject({
      target: 'GlobalSignOut',
      body: { AccessToken: issued.AccessToken },
    });
    expect(auth.session).toBeNull();
    expect([...storage.data.keys()].filter((key) => key.endsWith('.accessToken'))).toEqual([]);
  });
});
