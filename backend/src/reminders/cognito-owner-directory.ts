import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { OwnerDirectory } from './send-reminder';

/**
 * The owner's address read from the user pool when the reminder is sent (AdminGetUser by `sub`),
 * rather than copied onto each todo at write time: it is always the current address, no personal
 * data is duplicated into the todos table, the API works with either token type (only the ID
 * token carries `email`), and a deleted account gets nothing.
 */
export function createCognitoOwnerDirectory(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): OwnerDirectory {
  return {
    async emailOf(userId) {
      try {
        const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userId }));
        return user.UserAttributes?.find((a) => a.Name === 'email')?.Value;
      } catch (error) {
        if ((error as Error).name === 'UserNotFoundException') return undefined;
        throw error;
      }
    },
  };
}
