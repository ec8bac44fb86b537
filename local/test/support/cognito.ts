import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** Sign-up, confirmation and sign-in through cognito-local, as the web app does them. */
export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export interface CognitoTarget {
  cognitoEndpoint: string;
  userPoolClientId: string | null;
  region: string;
  waitForCode(email: string, purpose?: 'sign-up' | 'password-reset'): Promise<string>;
}

function clientId(target: CognitoTarget): string {
  if (!target.userPoolClientId) throw new Error('the stack has no user pool app client');
  return target.userPoolClientId;
}

export function cognitoClient(target: Pick<CognitoTarget, 'cognitoEndpoint' | 'region'>) {
  return new CognitoIdentityProviderClient({
    endpoint: target.cognitoEndpoint,
    region: target.region,
    // These operations need no credentials; fixed ones keep the SDK from searching for any.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function signIn(target: CognitoTarget, email: string, password: string): Promise<Tokens> {
  const client = cognitoClient(target);
  try {
    const { AuthenticationResult: auth } = await client.send(
      new InitiateAuthCommand({
        ClientId: clientId(target),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    return { accessToken: auth!.AccessToken!, idToken: auth!.IdToken!, refreshToken: auth!.RefreshToken! };
  } finally {
    client.destroy();
  }
}

export async function signUpAndSignIn(
  target: CognitoTarget,
  email: string,
  password: string,
): Promise<Tokens> {
  const client = cognitoClient(target);
  try {
    await client.send(
      new SignUpCommand({
        ClientId: clientId(target),
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const code = await target.waitForCode(email, 'sign-up');
    await client.send(
      new ConfirmSignUpCommand({ ClientId: clientId(target), Username: email, ConfirmationCode: code }),
    );
  } finally {
    client.destroy();
  }
  return signIn(target, email, password);
}
