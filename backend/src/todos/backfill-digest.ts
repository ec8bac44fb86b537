import { type DynamoDBDocumentClient, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import { conditionFailedAt, transactWrite } from '../clients/transact-write';
import { type Item, writeAsRead } from './backfill-retry';
import { hasTombstone } from './closed-accounts';
import { COUNTER_ID, FIRST_TODO_ID, readCounter, SEARCH_DIGEST_FLAG } from './counter';
import { initCounter } from './counter-init';
import type { StoreContext } from './dynamodb-counted';
import { digestSet, readDigest } from './dynamodb-search-digest';
import { digestEntry } from './search-digest';

/**
 * Gives the todos of users from before the search digest their digest entries, then flags the
 * user's counter so searches trust the digest. Safe beside the live app: an entry is written on
 * condition that its todo is unchanged since read (else it is read again), and the app writes
 * the entry of every todo it creates or edits in the write's own transaction, so once every todo
 * read here has its entry, the digest is complete and stays so.
 */
const PARALLEL = 8;

/** The users (with todos or a counter) whose counter does not carry the flag yet. */
export async function usersWithoutDigest(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<string[]> {
  const seen = new Set<string>();
  const flagged = new Set<string>();
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: 'userId, todoId, #flag',
        ExpressionAttributeNames: { '#flag': SEARCH_DIGEST_FLAG },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const userId = String(item.userId);
      if (item.todoId === COUNTER_ID && item[SEARCH_DIGEST_FLAG] === 1) flagged.add(userId);
      if (item.todoId === COUNTER_ID || String(item.todoId) >= FIRST_TODO_ID) seen.add(userId);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return [...seen].filter((userId) => !flagged.has(userId));
}

/** Writes one todo's entry from `first` as read; false when the todo is gone. */
export function backfillDigestEntry(ctx: StoreContext, first: Item): Promise<boolean> {
  return writeAsRead(
    ctx.client,
    ctx.tableName,
    first,
    async (item) => {
      const { userId, todoId, updatedAt } = item as { userId: string; todoId: string; updatedAt?: unknown };
      await transactWrite(ctx.client, {
        TransactItems: [
          {
            ConditionCheck: {
              TableName: ctx.tableName,
              Key: { userId, todoId },
              // The todo must still exist: a todo without updatedAt also "lacks" it once deleted.
              ConditionExpression:
                typeof updatedAt === 'string'
                  ? '#updatedAt = :seen'
                  : 'attribute_exists(todoId) AND attribute_not_exists(#updatedAt)',
              ExpressionAttributeNames: { '#updatedAt': 'updatedAt' },
              ...(typeof updatedAt === 'string' ? { ExpressionAttributeValues: { ':seen': updatedAt } } : {}),
            },
          },
          digestSet(ctx.tableName, userId, todoId, digestEntry(item)),
        ],
      });
      return true;
    },
    (error) => conditionFailedAt(error, 0),
  );
}

async function readTodos(ctx: StoreContext, userId: string): Promise<Item[]> {
  const todos: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'userId = :userId AND todoId >= :first',
        ProjectionExpression: 'userId, todoId, title, description, notes, updatedAt',
        ExpressionAttributeValues: { ':userId': userId, ':first': FIRST_TODO_ID },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    todos.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return todos;
}

/** Completes one user's digest and flags the user; answers the number of entries written. */
export async function backfillUserDigest(ctx: StoreContext, userId: string): Promise<number> {
  const counter = await readCounter(ctx.client, ctx.tableName, userId);
  if (counter?.[SEARCH_DIGEST_FLAG] === 1) return 0;
  // A deleted account (or one being deleted) gets nothing back: no counter, no entries.
  if (counter?.closedAt || (await hasTombstone(ctx.client, ctx.tableName, userId))) return 0;
  // The flag lives on the counter: a user from before counters gets one first.
  // (A deletion may end meanwhile: then no counter is made either.)
  if (counter?.total === undefined && (await initCounter(ctx.client, ctx.tableName, userId)) === 'closed') {
    return 0;
  }
  const entries = new Map<string, unknown>();
  for (const bucket of await readDigest(ctx, userId))
    for (const [k, v] of Object.entries(bucket)) entries.set(k, v);
  const stale = (await readTodos(ctx, userId)).filter(
    (todo) => entries.get(String(todo.todoId)) !== digestEntry(todo),
  );
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < stale.length) if (await backfillDigestEntry(ctx, stale[next++]!)) written++;
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  try {
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { userId, todoId: COUNTER_ID },
        UpdateExpression: 'SET #flag = :one',
        ConditionExpression: 'attribute_exists(#total)',
        ExpressionAttributeNames: { '#flag': SEARCH_DIGEST_FLAG, '#total': 'total' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  } catch (error) {
    // The counter is gone only with the account, being deleted meanwhile: nothing left to flag.
    if (!isConditionFailure(error)) throw error;
  }
  return written;
}
