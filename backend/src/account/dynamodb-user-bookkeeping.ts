import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { usageKey } from '../files/dynamodb-file-ledger';
import { tombstoneKey } from '../todos/closed-accounts';
import { CLOSED_AT, COUNTER_ID } from '../todos/counter';
import type { UserBookkeeping } from './account-ports';

/**
 * The todo counter (todos table) and the storage usage item (files table) of one user. Closing
 * the account marks the counter; at the end a tombstone that does not name the user
 * (closed-accounts.ts) takes its place, so a token issued before the deletion adds nothing.
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
      // Tombstone first: a write that finds no counter checks for it before starting a new one.
      await client.send(
        new PutCommand({
          TableName: todosTable,
          Item: { ...tombstoneKey(userId), [CLOSED_AT]: new Date().toISOString() },
        }),
      );
      await client.send(new DeleteCommand({ TableName: todosTable, Key: counterKey(userId) }));
      await client.send(new DeleteCommand({ TableName: filesTable, Key: usageKey(userId) }));
    },
  };
}
