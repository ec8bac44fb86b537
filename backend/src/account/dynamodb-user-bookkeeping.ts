import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { usageKey } from '../files/dynamodb-file-ledger';
import { tombstoneKey } from '../todos/closed-accounts';
import { CLOSED_AT, COUNTER_ID, readCounter } from '../todos/counter';
import { initCounter } from '../todos/counter-init';
import { allBuckets } from '../todos/search-digest';
import type { UserBookkeeping } from './account-ports';

const PARALLEL = 16;

/**
 * The todo counter and search digest buckets (todos table) and the storage usage item (files
 * table) of one user. Closing the account marks the counter; at the end a tombstone that does not
 * name the user (closed-accounts.ts) takes its place, so a token issued before the deletion adds
 * nothing. The digest buckets are deleted whole: once the todos are gone they are empty, but an
 * item with no attributes left still exists.
 */
export function createDynamoUserBookkeeping(
  client: DynamoDBDocumentClient,
  todosTable: string,
  filesTable: string,
): UserBookkeeping {
  const counterKey = (userId: string) => ({ userId, todoId: COUNTER_ID });

  // DeleteItem, the action the account function already has, a few at a time.
  async function deleteBuckets(userId: string) {
    const buckets = allBuckets();
    for (let i = 0; i < buckets.length; i += PARALLEL) {
      await Promise.all(
        buckets
          .slice(i, i + PARALLEL)
          .map((todoId) =>
            client.send(new DeleteCommand({ TableName: todosTable, Key: { userId, todoId } })),
          ),
      );
    }
  }

  return {
    async markClosed(userId) {
      // A user from before counters has none: count first, or the mark alone (no totals) would
      // fail every todo delete that follows (they adjust the totals).
      const counter = await readCounter(client, todosTable, userId);
      if (counter?.total === undefined && !counter?.closedAt) {
        // Already deleted (a deletion run again): nothing to mark, and no counter to leave behind.
        if ((await initCounter(client, todosTable, userId)) === 'closed') return;
      }
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
      // The todos are gone by now, so no write can add an entry to these again.
      await deleteBuckets(userId);
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
