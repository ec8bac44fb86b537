import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import type { FileStore, TodoOwnership } from './file-store';
import type { FileRecord } from './model';

/** Reads file records and moves them from pending to available (adding and removing: the ledger). */
export function createDynamoFileStore(client: DynamoDBDocumentClient, tableName: string): FileStore {
  const store: FileStore = {
    async get(userId, todoId, fileId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { todoId, fileId }, ConsistentRead: true }),
      );
      // The owner is checked on every read: another user's file is indistinguishable from none.
      return Item && Item.userId === userId ? (Item as FileRecord) : undefined;
    },

    async listForTodo(userId, todoId) {
      const records: FileRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'todoId = :todoId',
            FilterExpression: 'userId = :userId',
            ExpressionAttributeValues: { ':todoId': todoId, ':userId': userId },
            ScanIndexForward: false,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        records.push(...((page.Items ?? []) as FileRecord[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return records;
    },

    async markAvailable(userId, todoId, fileId, size, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { todoId, fileId },
            UpdateExpression:
              'SET #status = :available, size = :size, uploadedAt = :now REMOVE expiresAt, pendingOwner',
            // The declared size must match too: an object of any other size was not what was approved.
            ConditionExpression: 'userId = :userId AND #status = :pending AND size = :size',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':available': 'available',
              ':pending': 'pending',
              ':size': size,
              ':now': now,
              ':userId': userId,
            },
          }),
        );
        return 'marked';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const current = await store.get(userId, todoId, fileId);
        return current?.status === 'available' ? 'already-available' : 'missing';
      }
    },
  };
  return store;
}

export function createDynamoTodoOwnership(client: DynamoDBDocumentClient, todosTable: string): TodoOwnership {
  return {
    async ownsTodo(userId, todoId) {
      // The todos table is keyed by user, so finding the item at all proves ownership.
      const { Item } = await client.send(
        new GetCommand({
          TableName: todosTable,
          Key: { userId, todoId },
          ProjectionExpression: 'todoId',
          ConsistentRead: true,
        }),
      );
      return Item !== undefined;
    },
  };
}
