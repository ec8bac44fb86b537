import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailedAt, transactWrite } from '../clients/transact-write';
import { createDynamoTodoOwnership } from './dynamodb-file-store';
import type { CreateOutcome, FileLedger, Quotas } from './file-store';
import type { FileRecord } from './model';

/** The per-user usage item lives in the files table, under a key no todo id can take. */
export const usageKey = (userId: string) => ({ todoId: `usage#${userId}`, fileId: 'usage' });
export const PENDING_INDEX = 'PendingByOwner';

/**
 * Counts that must never be exceeded, kept with the file records they count: a todo's
 * `fileCount` (on the todo item) and a user's stored `bytes` (usage item). Each file record is
 * written and removed in the same transaction as both counters, so under any concurrency a todo
 * never holds more than its limit, and a slot or quota is released exactly once (the release is
 * conditional on the record still existing).
 */
export function createDynamoFileLedger(
  client: DynamoDBDocumentClient,
  filesTable: string,
  todosTable?: string,
): FileLedger {
  // Only the API routes pass the todos table; the event consumers never create a file.
  const todos = todosTable === undefined ? undefined : createDynamoTodoOwnership(client, todosTable);

  async function release(record: FileRecord, onlyIfExpiredAt?: number, withTodo = true): Promise<boolean> {
    const expired = onlyIfExpiredAt !== undefined;
    const items = [
      {
        Delete: {
          TableName: filesTable,
          Key: { todoId: record.todoId, fileId: record.fileId },
          ConditionExpression: expired
            ? 'userId = :userId AND #status = :pending AND expiresAt < :now'
            : 'userId = :userId',
          ...(expired ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: {
            ':userId': record.userId,
            ...(expired ? { ':pending': 'pending', ':now': onlyIfExpiredAt } : {}),
          },
        },
      },
      {
        Update: {
          TableName: filesTable,
          Key: usageKey(record.userId),
          UpdateExpression: 'ADD #bytes :minus',
          ExpressionAttributeNames: { '#bytes': 'bytes' },
          ExpressionAttributeValues: { ':minus': -record.size },
        },
      },
      ...(withTodo && todosTable
        ? [
            {
              Update: {
                TableName: todosTable,
                Key: { userId: record.userId, todoId: record.todoId },
                UpdateExpression: 'ADD fileCount :minus',
                // A deleted todo has no counter left to release.
                ConditionExpression: 'attribute_exists(todoId) AND fileCount > :zero',
                ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
              },
            },
          ]
        : []),
    ];
    try {
      await transactWrite(client, { TransactItems: items });
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0)) return false;
      if (withTodo && conditionFailedAt(error, 2)) return release(record, onlyIfExpiredAt, false);
      throw error;
    }
  }

  return {
    async create(record: FileRecord, quotas: Quotas): Promise<CreateOutcome> {
      if (!todosTable) throw new Error('create needs the todos table name');
      try {
        await transactWrite(client, {
          TransactItems: [
            {
              // Also proves the todo exists and is the caller's: its key holds the owner.
              Update: {
                TableName: todosTable,
                Key: { userId: record.userId, todoId: record.todoId },
                UpdateExpression: 'SET fileCount = if_not_exists(fileCount, :zero) + :one',
                ConditionExpression:
                  'attribute_exists(todoId) AND (attribute_not_exists(fileCount) OR fileCount < :max)',
                ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': quotas.maxFilesPerTodo },
              },
            },
            {
              Update: {
                TableName: filesTable,
                Key: usageKey(record.userId),
                UpdateExpression: 'SET userId = :userId ADD #bytes :size',
                ConditionExpression: 'attribute_not_exists(#bytes) OR #bytes <= :room',
                ExpressionAttributeNames: { '#bytes': 'bytes' },
                ExpressionAttributeValues: {
                  ':userId': record.userId,
                  ':size': record.size,
                  ':room': quotas.storageQuotaBytes - record.size,
                },
              },
            },
            {
              Put: {
                TableName: filesTable,
                Item: record,
                ConditionExpression: 'attribute_not_exists(fileId)',
              },
            },
          ],
        });
        return 'created';
      } catch (error) {
        if (conditionFailedAt(error, 0)) {
          return (await todos?.ownsTodo(record.userId, record.todoId)) ? 'too-many-files' : 'todo-missing';
        }
        if (conditionFailedAt(error, 1)) return 'quota-exceeded';
        throw error;
      }
    },

    release: (record) => release(record),
    releaseIfExpired: (record, nowSeconds) => release(record, nowSeconds),

    async expiredPending(userId, nowSeconds) {
      const records: FileRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: filesTable,
            IndexName: PENDING_INDEX,
            KeyConditionExpression: 'pendingOwner = :userId AND expiresAt < :now',
            ExpressionAttributeValues: { ':userId': userId, ':now': nowSeconds },
            ExclusiveStartKey: startKey,
          }),
        );
        records.push(...((page.Items ?? []) as FileRecord[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey && records.length < 1000);
      return records;
    },

    async usedBytes(userId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: filesTable, Key: usageKey(userId), ConsistentRead: true }),
      );
      return Math.max(0, Number(Item?.bytes ?? 0));
    },
  };
}
