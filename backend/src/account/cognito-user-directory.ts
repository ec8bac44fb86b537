import {
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserDirectory } from './account-ports';

/** Users of the stack's pool, addressed by `sub` (which AdminDeleteUser accepts as the user name). */
export function createCognitoUserDirectory(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): UserDirectory {
  return {
    async deleteUser(userId) {
      try {
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: userId }));
      } catch (error) {
        // Already deleted (a retry after completion): the account is gone, which is what was asked.
        if ((error as Error).name !== 'UserNotFoundException') throw error;
      }
    },
  };
}
