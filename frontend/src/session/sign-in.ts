import type { AppConfig } from '../app-config';
import { AuthError } from '../errors';
import type { CognitoCall } from './cognito-api';
import { passwordClaim, startSrp } from './srp';
import type { TokenSet } from './tokens';

interface AuthResponse {
  AuthenticationResult?: Partial<TokenSet>;
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string | undefined>;
  Session?: string;
}

type SignInConfig = Pick<AppConfig, 'userPoolId' | 'userPoolClientId' | 'authFlow'>;

/**
 * Signs a user in with the configured flow and returns the tokens. On AWS that is SRP: the
 * password never leaves the browser, only a proof of it. cognito-local has no SRP, so the local
 * stack uses USER_PASSWORD_AUTH (over loopback only).
 */
export async function authenticate(
  call: CognitoCall,
  config: SignInConfig,
  username: string,
  password: string,
): Promise<TokenSet> {
  const ClientId = config.userPoolClientId;
  if (config.authFlow === 'USER_PASSWORD_AUTH') {
    const AuthParameters = { USERNAME: username, PASSWORD: password };
    return tokensFrom(
      await call<AuthResponse>('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters }),
    );
  }
  // WebCrypto exists only in secure contexts: an https page, or localhost.
  if (!globalThis.crypto?.subtle) {
    throw new AuthError('InsecureContext', 'Signing in needs a secure connection: open the app over https.');
  }
  const start = await startSrp();
  const AuthParameters = { USERNAME: username, SRP_A: start.largeAHex };
  const challenge = await call<AuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId,
    AuthParameters,
  });
  if (challenge.ChallengeName !== 'PASSWORD_VERIFIER') return tokensFrom(challenge);
  const parameters = challenge.ChallengeParameters ?? {};
  // With email as the username, Cognito proves the password against the user's id, not the email.
  const userIdForSrp = parameters.USER_ID_FOR_SRP ?? username;
  const claim = await passwordClaim({
    userPoolId: config.userPoolId,
    userIdForSrp,
    password,
    srpB: parameters.SRP_B ?? '',
    salt: parameters.SALT ?? '',
    secretBlock: parameters.SECRET_BLOCK ?? '',
    start,
  }).catch((error: unknown) => {
    // A challenge that breaks SRP's rules (B = 0 mod N, not hex): never answer it.
    throw new AuthError('InvalidChallenge', `Signing in failed: ${(error as Error).message}`);
  });
  const answer = await call<AuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId,
    ChallengeResponses: { USERNAME: userIdForSrp, ...claim },
    ...(challenge.Session ? { Session: challenge.Session } : {}),
  });
  return tokensFrom(answer);
}

function tokensFrom(response: AuthResponse): TokenSet {
  const result = response.AuthenticationResult;
  if (result?.AccessToken && result.IdToken) {
    return { AccessToken: result.AccessToken, IdToken: result.IdToken, RefreshToken: result.RefreshToken };
  }
  if (response.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    throw new AuthError('NewPasswordRequired', 'Your password must be reset. Use "Forgot password".');
  }
  throw new AuthError(
    'UnsupportedChallenge',
    `Signing in asks for a step this app does not support (${response.ChallengeName ?? 'no tokens'}).`,
  );
}
