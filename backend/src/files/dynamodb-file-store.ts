import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import { conditionFailedAt, transactWrite } from '../clients/transact-write';
import type { FileStore, TodoOwnership } from './file-store';
import type { FileRecord } from './model';

/**
 * `todosTable` is only read, to check that a todo exists when a file is added to it; functions
 * that never add files (event consumers) need not know it.
 */
export function createDynamoFileStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  todosTable?: string,
): FileStore {
  const store: FileStore = {
    async createIfTodoExists(record) {
      if (!todosTable) throw new Error('createIfTodoExists needs the todos table name');
      try {
        await transactWrite(client, {
          TransactItems: [
            {
              // A todo deleted meanwhile must not gain a file its stream handler will never see.
              ConditionCheck: {
                TableName: todosTable,
                Key: { userId: record.userId, todoId: record.todoId },
                ConditionExpression: 'attribute_exists(todoId)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: record,
                ConditionExpression: 'attribute_not_exists(fileId)',
              },
            },
          ],
        });
        return true;
      } catch (error) {
        if (conditionFailedAt(error, 0)) return false;
        throw error;
      }
    },

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
            UpdateExpression: 'SET #status = :available, size = :size, uploadedAt = :now REMOVE expiresAt',
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

    async delete(userId, todoId, fileId) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { todoId, fileId },
            ConditionExpression: 'userId = :userId',
            ExpressionAttributeValues: { ':userId': userId },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
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
