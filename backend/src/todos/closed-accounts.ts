import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Tombstones of deleted accounts. A token issued before a deletion stays valid at the API's
 * authorizer until it expires, so a write made with it must not start a new counter (and todos)
 * for a user who is gone. The tombstone sits in a partition of its own, keyed by a hash of the
 * user id: nothing in the tables names the deleted user. Its sort key starts with '#', below every
 * todo id, so scans for todos (`todoId >= "0"`, the backfill) never take it for one.
 */
const CLOSED_ACCOUNTS = '#closed-accounts';

export function tombstoneKey(userId: string) {
  return { userId: CLOSED_ACCOUNTS, todoId: `#${createHash('sha256').update(userId).digest('hex')}` };
}

export async function hasTombstone(
  client: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
): Promise<boolean> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: tombstoneKey(userId), ConsistentRead: true }),
  );
  return Item !== undefined;
}
