import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One document client per execution environment, reused across invocations. The endpoint comes
 * from the SDK's standard AWS_ENDPOINT_URL_DYNAMODB when set (local emulators), never from code.
 */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
