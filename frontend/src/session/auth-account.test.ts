import { describe, expect, it } from 'vitest';
import { AuthError } from '../errors';
import { authInstances } from '../testing/auth-instances';
import { cognitoError, fakeCognito, MemoryStorage, tokens } from '../testing/fake-cognito';

/** The account page's Cognito calls through the app's Cognito client. */
describe('Auth account calls', () => {
  const auths = authInstances();
  const signedIn = (storage = new MemoryStorage()) => auths.signedIn({ storage });

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
