import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../errors';
import { config, fakeCognito, MemoryStorage } from '../testing/fake-cognito';
import { createSrpUser, serveSrp } from '../testing/fake-srp-server';
import { Auth } from './auth';

/** Sign-in as deployed: USER_SRP_AUTH against a server that checks the password proof. */
describe('Auth over SRP', () => {
  const srpConfig = { ...config, userPoolId: 'eu-west-1_Pool9', authFlow: 'USER_SRP_AUTH' as const };
  const userIdForSrp = '0b7e4e1a-2f1c-4c59-9d1e-3f2a6c1b8e90';
  const user = createSrpUser({ userPoolId: srpConfig.userPoolId, userIdForSrp, password: 'Secret123!' });
  const created: Auth[] = [];
  const newAuth = (storage = new MemoryStorage()) => {
    const auth = new Auth(srpConfig, { storage });
    created.push(auth);
    return auth;
  };
  afterEach(() => {
    for (const auth of created.splice(0)) auth.dispose();
    vi.unstubAllGlobals();
  });

  it('signs in with a proof of the password that never sends the password itself', async () => {
    const calls = serveSrp(user);
    const storage = new MemoryStorage();
    const session = await newAuth(storage).signIn(' Alice@Example.com', 'Secret123!');
    expect(session.email).toBe('alice@example.com');
    expect(calls.map((c) => c.target)).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(calls[0]?.body).toMatchObject({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'client1',
      AuthParameters: { USERNAME: 'alice@example.com', SRP_A: expect.stringMatching(/^[0-9a-f]+$/) },
    });
    expect(calls[1]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: 'session-1',
      ChallengeResponses: { USERNAME: userIdForSrp },
    });
    expect(JSON.stringify(calls.map((c) => c.body))).not.toContain('Secret123!');
    await expect(newAuth(storage).restore()).resolves.toMatchObject({ email: 'alice@example.com' });
  });

  it('reports a wrong password as Cognito does', async () => {
    serveSrp(user);
    const error = await newAuth()
      .signIn('alice@example.com', 'Secret124!')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'NotAuthorizedException' });
  });

  it('asks a user whose password an admin set to reset it, and refuses steps it cannot take', async () => {
    let next = 'NEW_PASSWORD_REQUIRED';
    fakeCognito({
      InitiateAuth: (body) => ({
        body: {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: user.challenge(String((body.AuthParameters as { SRP_A: string }).SRP_A)),
        },
      }),
      RespondToAuthChallenge: () => ({ body: { ChallengeName: next, Session: 's' } }),
    });
    await expect(newAuth().signIn('alice@example.com', 'Secret123!')).rejects.toMatchObject({
      code: 'NewPasswordRequired',
    });
    next = 'SOFTWARE_TOKEN_MFA';
    await expect(newAuth().signIn('alice@example.com', 'Secret123!')).rejects.toMatchObject({
      code: 'UnsupportedChallenge',
      message: expect.stringContaining('SOFTWARE_TOKEN_MFA'),
    });
  });

  it('refuses to answer a challenge that breaks SRP’s rules, and says so', async () => {
    const calls = fakeCognito({
      InitiateAuth: () => ({
        body: {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SRP_B: '0',
            SALT: 'ab',
            SECRET_BLOCK: 'AA==',
            USER_ID_FOR_SRP: userIdForSrp,
          },
        },
      }),
    });
    await expect(newAuth().signIn('alice@example.com', 'Secret123!')).rejects.toMatchObject({
      code: 'InvalidChallenge',
    });
    expect(calls.map((c) => c.target)).toEqual(['InitiateAuth']);
  });

  it('says that signing in needs https where the browser offers no WebCrypto (plain http)', async () => {
    const calls = serveSrp(user);
    vi.stubGlobal('crypto', {});
    const error = await newAuth()
      .signIn('alice@example.com', 'Secret123!')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'InsecureContext', message: expect.stringContaining('https') });
    expect(calls).toEqual([]);
  });
});
