import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangePasswordCommand,
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { cognitoClient } from './support/cognito';

/**
 * The account page's Cognito calls as AWS answers them, against the local stack: ChangePassword
 * refuses a wrong current password with NotAuthorizedException, and GlobalSignOut (which
 * cognito-local lacks) makes every refresh token of the user stop working.
 */
const PASSWORD = 'Correct-horse-1';
let dataDir: string;
let stack: LocalStack;
let client: CognitoIdentityProviderClient;
const clientId = () => stack.userPoolClientId!;
const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: Error) => error.name,
  );

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-cognito-account-'));
  stack = await startLocalStack({
    dataDir,
    freePorts: true,
    web: false,
    logger: createMemoryLogger('info'),
  });
  client = cognitoClient(stack);
});

afterAll(async () => {
  client?.destroy();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedUp(email: string) {
  await client.send(new SignUpCommand({ ClientId: clientId(), Username: email, Password: PASSWORD }));
  const code = await stack.waitForCode(email);
  await client.send(
    new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: code }),
  );
}

const logIn = async (email: string, password = PASSWORD) =>
  (
    await client.send(
      new InitiateAuthCommand({
        ClientId: clientId(),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    )
  ).AuthenticationResult!;

const refresh = (token: string) =>
  client.send(
    new InitiateAuthCommand({
      ClientId: clientId(),
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: token },
    }),
  );

describe('account calls on the local Cognito', () => {
  it('ChangePassword refuses a wrong current password as Cognito does and accepts the right one', async () => {
    const email = 'erin@example.com';
    await signedUp(email);
    const { AccessToken } = await logIn(email);
    const change = (previous: string) =>
      client.send(
        new ChangePasswordCommand({
          AccessToken,
          PreviousPassword: previous,
          ProposedPassword: 'New-horse-2',
        }),
      );
    expect(await errorName(change('Wrong-horse-1'))).toBe('NotAuthorizedException');
    await change(PASSWORD);
    expect((await logIn(email, 'New-horse-2')).AccessToken).toBeTruthy();
  });

  it('GlobalSignOut revokes every refresh token of the user, and only theirs', async () => {
    const email = 'finn@example.com';
    await signedUp(email);
    await signedUp('gail@example.com');
    const here = await logIn(email);
    const elsewhere = await logIn(email);
    const someoneElse = await logIn('gail@example.com');
    expect((await refresh(elsewhere.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();

    await client.send(new GlobalSignOutCommand({ AccessToken: here.AccessToken }));
    expect(await errorName(refresh(here.RefreshToken!))).toBe('NotAuthorizedException');
    expect(await errorName(refresh(elsewhere.RefreshToken!))).toBe('NotAuthorizedException');
    expect((await refresh(someoneElse.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await errorName(client.send(new GlobalSignOutCommand({ AccessToken: 'not-a-token' })))).toBe(
      'NotAuthorizedException',
    );
  });
});
