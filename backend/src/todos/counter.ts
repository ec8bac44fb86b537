import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TodoCounts } from './model';

/**
 * One counter item per user, in the user's own partition: `{total, open, completed}`. Every
 * write that creates, completes, reopens or deletes a todo adjusts it in the same transaction,
 * so counts are exact and read in O(1); `total < max` in that transaction enforces the per-user
 * limit atomically. Its sort key sorts below every ULID, so todo queries (`todoId >= "0"`)
 * never see it.
 */
export const COUNTER_ID = '#counts';
export const FIRST_TODO_ID = '0';
/**
 * Set on the counter when the user starts deleting their account (and on the tombstone that
 * replaces the counter at the end, closed-accounts.ts): a token issued before the deletion stays
 * valid at the API's authorizer until it expires, and must not add todos for an account that is
 * going or gone.
 */
export const CLOSED_AT = 'closedAt';

export interface CounterDelta {
  total?: number;
  open?: number;
  completed?: number;
}

/** A transaction item that applies `delta`; it fails its condition when the counter is missing. */
export function counterUpdate(tableName: string, userId: string, delta: CounterDelta, maxTotal?: number) {
  const adds: string[] = [];
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(delta)) {
    if (!value) continue;
    adds.push(`#${name} :${name}`);
    values[`:${name}`] = value;
  }
  const names: Record<string, string> = { '#total': 'total' };
  for (const [name, value] of Object.entries(delta)) if (value) names[`#${name}`] = name;
  if (maxTotal !== undefined) {
    values[':max'] = maxTotal;
    names['#closedAt'] = CLOSED_AT;
  }
  return {
    Update: {
      TableName: tableName,
      Key: { userId, todoId: COUNTER_ID },
      ...(adds.length
        ? { UpdateExpression: `ADD ${adds.join(', ')}` }
        : { UpdateExpression: 'SET #total = #total' }),
      // The limit holds before the write: at `max` todos, one more is refused; a closed account
      // adds nothing (removals still count down while its data is being deleted).
      ConditionExpression:
        maxTotal !== undefined
          ? '#total < :max AND attribute_not_exists(#closedAt)'
          : 'attribute_exists(#total)',
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  };
}

/**
 * Set on the counter once every todo of the user has its search digest entry (search-digest.ts):
 * from the start for a new user, by the backfill for todos stored before the digest existed.
 * Without it, a search does not trust the digest and filters the todos themselves.
 */
export const SEARCH_DIGEST_FLAG = 'searchDigest';

export interface CounterItem {
  total?: number;
  open?: number;
  completed?: number;
  closedAt?: string;
  [SEARCH_DIGEST_FLAG]?: number;
}

export async function readCounter(
  client: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
): Promise<CounterItem | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: { userId, todoId: COUNTER_ID }, ConsistentRead: true }),
  );
  return Item as CounterItem | undefined;
}

/** Counts by reading the partition: only for a user who has no counter yet. */
export async function countTodos(
  client: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
): Promise<TodoCounts> {
  const counts = { open: 0, completed: 0 };
  for (const completed of [false, true]) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'userId = :userId AND todoId >= :first',
          FilterExpression: 'completed = :completed',
          ExpressionAttributeValues: { ':userId': userId, ':first': FIRST_TODO_ID, ':completed': completed },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      counts[completed ? 'completed' : 'open'] += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return counts;
}

/** The caller's exact counts: one consistent read of the counter (a count, read-only, if it has none yet). */
export async function getCounts(
  client: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
): Promise<TodoCounts> {
  const item = await readCounter(client, tableName, userId);
  if (!item || item.total === undefined) return countTodos(client, tableName, userId);
  return { open: item.open ?? 0, completed: item.completed ?? 0 };
}
