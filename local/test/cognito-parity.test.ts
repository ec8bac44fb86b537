import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { cognitoClient } from './support/cognito';

/**
 * Cognito as the app sees it on AWS, through the SDK against the local stack: "send a new code"
 * works and prints the code, and with the template's `PreventUserExistenceErrors: ENABLED` no
 * answer says whether an email address has an account.
 */
const PASSWORD = 'Correct-horse-1';
const log = createMemoryLogger('info');
let dataDir: string;
let stack: LocalStack;
let client: CognitoIdentityProviderClient;
const clientId = () => stack.userPoolClientId!;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-cognito-'));
  stack = await startLocalStack({ dataDir, freePorts: true, web: false, logger: log });
  client = cognitoClient(stack);
});

afterAll(async () => {
  client?.destroy();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const codesFor = (email: string) => stack.codes.filter((c) => c.email === email);
const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: Error) => error.name,
  );

describe('Cognito parity', () => {
  it('sends a new confirmation code on ResendConfirmationCode, prints it, and only the new one confirms', async () => {
    const email = 'dora@example.com';
    await client.send(new SignUpCommand({ ClientId: clientId(), Username: email, Password: PASSWORD }));
    const first = await stack.waitForCode(email);
    const resent = await client.send(
      new ResendConfirmationCodeCommand({ ClientId: clientId(), Username: email }),
    );
    expect(resent.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'd***@e***',
    });
    expect(codesFor(email)).toHaveLength(2);
    const second = codesFor(email)[1]!.code;
    expect(log.lines.join('\n')).toContain(`Confirmation code for ${email}: ${second}`);
    if (first !== second) {
      expect(
        await errorName(
          client.send(
            new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: first }),
          ),
        ),
      ).toBe('CodeMismatchException');
    }
    await client.send(
      new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: second }),
    );
    expect(
      await errorName(
        client.send(new ResendConfirmationCodeCommand({ ClientId: clientId(), Username: email })),
      ),
    ).toBe('InvalidParameterException');
  });

  it('answers ForgotPassword for an unknown email exactly as for a known one, sending nothing', async () => {
    const known = 'dora@example.com';
    const unknown = 'nobody@example.com';
    const forKnown = await client.send(new ForgotPasswordCommand({ ClientId: clientId(), Username: known }));
    const forUnknown = await client.send(
      new ForgotPasswordCommand({ ClientId: clientId(), Username: unknown }),
    );
    expect(forKnown.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'd***@e***',
    });
    expect(forUnknown.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'n***@e***',
    });
    expect(await stack.waitForCode(known, 'password-reset')).toMatch(/^\d{6}$/);
    expect(codesFor(unknown)).toEqual([]);
  });

  it('never says that an account does not exist, at sign-in, code resend or password reset', async () => {
    const unknown = 'ghost@example.com';
    const resend = await client.send(
      new ResendConfirmationCodeCommand({ ClientId: clientId(), Username: unknown }),
    );
    expect(resend.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect(
      await errorName(
        client.send(
          new ConfirmForgotPasswordCommand({
            ClientId: clientId(),
            Username: unknown,
            ConfirmationCode: '123456',
            Password: PASSWORD,
          }),
        ),
      ),
    ).toBe('CodeMismatchException');
    expect(
      await errorName(
        client.send(
          new InitiateAuthCommand({
            ClientId: clientId(),
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: unknown, PASSWORD: PASSWORD },
          }),
        ),
      ),
    ).toBe('NotAuthorizedException');
    expect(codesFor(unknown)).toEqual([]);
  });
});
