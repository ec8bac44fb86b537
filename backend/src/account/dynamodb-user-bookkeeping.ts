import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { usageKey } from '../files/dynamodb-file-ledger';
import { CLOSED_AT, COUNTER_ID } from '../todos/counter';
import type { UserBookkeeping } from './account-ports';

/**
 * The todo counter (todos table) and the storage usage item (files table) of one user. Closing
 * the account marks the counter; at the end the counter is replaced by the mark alone (no
 * totals), which stays: a token issued before the deletion can add nothing until it expires.
 */
export function createDynamoUserBookkeeping(
  client: DynamoDBDocumentClient,
  todosTable: string,
  filesTable: string,
): UserBookkeeping {
  const counterKey = (userId: string) => ({ userId, todoId: COUNTER_ID });
  return {
    async markClosed(userId) {
      await client.send(
        new UpdateCommand({
          TableName: todosTable,
          Key: counterKey(userId),
          UpdateExpression: 'SET #closedAt = if_not_exists(#closedAt, :now)',
          ExpressionAttributeNames: { '#closedAt': CLOSED_AT },
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
    },
    async deleteCounters(userId) {
      await client.send(
        new PutCommand({
          TableName: todosTable,
          Item: { ...counterKey(userId), [CLOSED_AT]: new Date().toISOString() },
        }),
      );
      await client.send(new DeleteCommand({ TableName: filesTable, Key: usageKey(userId) }));
    },
  };
}
