import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import type { ThumbnailRecords } from './thumbnails';

export function createDynamoThumbnailRecords(
  client: DynamoDBDocumentClient,
  tableName: string,
): ThumbnailRecords {
  return {
    async setThumbnailKey(userId, todoId, fileId, key) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { todoId, fileId },
            UpdateExpression: 'SET thumbnailKey = :key',
            // Never re-create a deleted record, nor touch another user's.
            ConditionExpression: 'userId = :userId AND #status = :available',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':key': key, ':userId': userId, ':available': 'available' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
