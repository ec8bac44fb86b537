// SDK floor: DynamoDB document client, the Cognito user pool client and SES v2 (sendReminder).
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const cognito = new CognitoIdentityProviderClient({});
export const ses = new SESv2Client({});
