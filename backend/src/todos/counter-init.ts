import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionFailedAt, transactWrite } from '../clients/transact-write';
import { tombstoneKey } from './closed-accounts';
import { COUNTER_ID, countTodos, SEARCH_DIGEST_FLAG } from './counter';

/**
 * Creates the counter of a user who has none (a new user, or todos stored before counters
 * existed) by counting once. Writes refuse to run while it is missing (their condition needs
 * it), so nothing changes the partition between the count and the put. 'closed' when the account
 * has been deleted: its tombstone (closed-accounts.ts) is checked in the same transaction as the
 * put, so a deletion that ends between a write's first look and this put cannot be followed by a
 * new counter (and todos) for a user who is gone.
 */
export async function initCounter(
  client: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
): Promise<'ready' | 'closed'> {
  const counts = await countTodos(client, tableName, userId);
  const total = counts.open + counts.completed;
  try {
    await transactWrite(client, {
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            // With no todo yet, every todo this user will have gets its digest entry as it is written.
            Item: {
              userId,
              todoId: COUNTER_ID,
              total,
              ...counts,
              ...(total === 0 ? { [SEARCH_DIGEST_FLAG]: 1 } : {}),
            },
            ConditionExpression: 'attribute_not_exists(todoId)',
          },
        },
        {
          ConditionCheck: {
            TableName: tableName,
            Key: tombstoneKey(userId),
            ConditionExpression: 'attribute_not_exists(todoId)',
          },
        },
      ],
    });
  } catch (error) {
    if (conditionFailedAt(error, 1)) return 'closed';
    // Another request initialised it first, from the same count.
    if (!conditionFailedAt(error, 0)) throw error;
  }
  return 'ready';
}
