import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/**
 * One user pool client per execution environment; AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
 * points it at cognito-local when running locally.
 */
export const cognitoClient = new CognitoIdentityProviderClient({});
