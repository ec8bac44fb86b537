import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { usageKey } from '../files/dynamodb-file-ledger';
import { COUNTER_ID } from '../todos/counter';
import type { UserBookkeeping } from './account-ports';

/** The todo counter (todos table) and the storage usage item (files table) of one user. */
export function createDynamoUserBookkeeping(
  client: DynamoDBDocumentClient,
  todosTable: string,
  filesTable: string,
): UserBookkeeping {
  return {
    async deleteCounters(userId) {
      await client.send(new DeleteCommand({ TableName: todosTable, Key: { userId, todoId: COUNTER_ID } }));
      await client.send(new DeleteCommand({ TableName: filesTable, Key: usageKey(userId) }));
    },
  };
}
