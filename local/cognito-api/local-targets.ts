import { CognitoError, InvalidParameterError, UserNotFoundError } from 'cognito-local/lib/errors';
import type { CognitoAction } from './server';

/**
 * Cognito actions the local runtime serves itself, where cognito-local is missing one
 * (ResendConfirmationCode) or behaves unlike Cognito: with the app client's
 * `PreventUserExistenceErrors: ENABLED`, Cognito never says that an account does not exist —
 * ForgotPassword and ResendConfirmationCode answer as if a code went to a simulated address, and
 * ConfirmForgotPassword refuses the code as it would a wrong one.
 */
interface User {
  Username: string;
  UserStatus?: string;
  Attributes?: { Name: string; Value?: string }[];
}

interface UserPool {
  options: { Id: string };
  getUserByUsername(ctx: unknown, username: string): Promise<User | null>;
  saveUser(ctx: unknown, user: User & Record<string, unknown>): Promise<void>;
}

/** The parts of cognito-local's services these actions use. */
export interface CognitoServices {
  cognito: {
    getUserPoolForClientId(ctx: unknown, clientId: string): Promise<UserPool>;
    getAppClient(ctx: unknown, clientId: string): Promise<{ PreventUserExistenceErrors?: string } | null>;
  };
  clock: { get(): Date };
  otp(): string;
  messages: {
    deliver(
      ctx: unknown,
      source: string,
      clientId: string,
      userPoolId: string,
      user: User,
      code: string,
      clientMetadata: unknown,
      deliveryDetails: unknown,
    ): Promise<void>;
  };
}

/** How Cognito shows where a code went: `j***@e***`. */
export function maskedEmail(email: string): string {
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 1) || 'u'}***@${domain.slice(0, 1) || 'e'}***`;
}

const delivery = (email: string) => ({
  AttributeName: 'email',
  DeliveryMedium: 'EMAIL',
  Destination: maskedEmail(email),
});

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidParameterError(
      `1 validation error detected: Value at '${name}' failed to satisfy constraint`,
    );
  }
  return value;
}

/** The access token's user and client (its signature is cognito-local's own; expiry is checked). */
function accessClaims(token: string): { username: string; clientId: string } {
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    // An unreadable token is refused below like an expired one.
  }
  const { username, client_id: clientId, exp } = claims;
  if (typeof username !== 'string' || typeof clientId !== 'string' || !(Number(exp) * 1000 > Date.now())) {
    throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  }
  return { username, clientId };
}

export function localTargets(
  services: CognitoServices,
  ctx: unknown,
  route: (action: string) => CognitoAction,
): Record<string, CognitoAction> {
  const hidesUsers = async (clientId: string) =>
    (await services.cognito.getAppClient(ctx, clientId))?.PreventUserExistenceErrors === 'ENABLED';

  /** cognito-local's own action, with "no such user" hidden as the app client asks. */
  const hidingUsers =
    (
      action: string,
      whenUnknown: (input: Record<string, unknown>) => Record<string, unknown>,
    ): CognitoAction =>
    async (input) => {
      try {
        return await route(action)(input);
      } catch (error) {
        const unknownUser = error instanceof CognitoError && error.code === 'UserNotFoundException';
        if (unknownUser && (await hidesUsers(String(input.ClientId)))) return whenUnknown(input);
        throw error;
      }
    };

  return {
    async ResendConfirmationCode(input) {
      const ClientId = requiredString(input, 'ClientId');
      const Username = requiredString(input, 'Username');
      const pool = await services.cognito.getUserPoolForClientId(ctx, ClientId);
      const user = await pool.getUserByUsername(ctx, Username);
      if (!user) {
        if (await hidesUsers(ClientId)) return { CodeDeliveryDetails: delivery(Username) };
        throw new UserNotFoundError();
      }
      if (user.UserStatus === 'CONFIRMED') throw new InvalidParameterError('User is already confirmed.');
      const email = user.Attributes?.find((a) => a.Name === 'email')?.Value ?? Username;
      const details = delivery(email);
      const code = services.otp();
      await pool.saveUser(ctx, {
        ...user,
        ConfirmationCode: code,
        UserLastModifiedDate: services.clock.get(),
      });
      await services.messages.deliver(
        ctx,
        'ResendCode',
        ClientId,
        pool.options.Id,
        user,
        code,
        input.ClientMetadata,
        {
          ...details,
          Destination: email,
        },
      );
      return { CodeDeliveryDetails: details };
    },
    async ForgotPassword(input) {
      const output = await hidingUsers('ForgotPassword', (unknown) => ({
        CodeDeliveryDetails: delivery(String(unknown.Username)),
      }))(input);
      // cognito-local shows the whole address; Cognito masks it.
      const details = output.CodeDeliveryDetails as { Destination?: string } | undefined;
      if (details?.Destination) details.Destination = maskedEmail(details.Destination);
      return output;
    },
    // Cognito answers a wrong current password with NotAuthorizedException (cognito-local says
    // InvalidPasswordException, which Cognito keeps for a new password that breaks the policy).
    async ChangePassword(input) {
      try {
        return await route('ChangePassword')(input);
      } catch (error) {
        if (!(error instanceof CognitoError && error.code === 'InvalidPasswordException')) throw error;
        throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
      }
    },
    // Missing from cognito-local: every refresh token of the access token's user stops working.
    async GlobalSignOut(input) {
      const claims = accessClaims(requiredString(input, 'AccessToken'));
      const pool = await services.cognito.getUserPoolForClientId(ctx, claims.clientId);
      const user = await pool.getUserByUsername(ctx, claims.username);
      if (!user) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
      await pool.saveUser(ctx, { ...user, RefreshTokens: [], UserLastModifiedDate: services.clock.get() });
      return {};
    },
    ConfirmForgotPassword: hidingUsers('ConfirmForgotPassword', () => {
      throw new CognitoError(
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
    }),
  };
}
