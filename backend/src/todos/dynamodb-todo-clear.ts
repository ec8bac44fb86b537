import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { counterUpdate, FIRST_TODO_ID } from './counter';
import { type StoreContext, transactCounted } from './dynamodb-counted';
import { digestRemove } from './dynamodb-search-digest';
import { deleteTodoItem } from './dynamodb-todo-transitions';

/**
 * Deletes per transaction: 25 todos, their digest buckets (25 at most) and the counter, well under
 * DynamoDB's 100 items.
 */
const BATCH = 25;
const MAX_READ = 1_000;

/**
 * Deletes up to `max` of the caller's completed todos, a batch per transaction with the
 * counter. Each delete is a REMOVE on the table stream, so attachments cascade exactly as for
 * one delete. A batch whose condition fails (a todo reopened or deleted meanwhile) is retried
 * one todo at a time. `more` says completed todos may remain: call again.
 */
export async function clearCompleted(
  ctx: StoreContext,
  userId: string,
  max: number,
): Promise<{ deleted: number; more: boolean }> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  do {
    const page = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'userId = :userId AND todoId >= :first',
        FilterExpression: 'completed = :true',
        ProjectionExpression: 'todoId',
        ExpressionAttributeValues: { ':userId': userId, ':first': FIRST_TODO_ID, ':true': true },
        Limit: Math.min(250, MAX_READ - read),
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    read += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) ids.push(String(item.todoId));
    startKey = page.LastEvaluatedKey;
  } while (startKey && ids.length < max && read < MAX_READ);
  const chosen = ids.slice(0, max);
  let deleted = 0;
  for (let i = 0; i < chosen.length; i += BATCH) {
    const batch = chosen.slice(i, i + BATCH);
    const removals = digestRemove(ctx.tableName, userId, batch);
    const outcome = await transactCounted(
      ctx,
      userId,
      [
        ...batch.map((todoId) => ({
          Delete: {
            TableName: ctx.tableName,
            Key: { userId, todoId },
            ConditionExpression: 'completed = :true',
            ExpressionAttributeValues: { ':true': true },
          },
        })),
        ...removals,
        counterUpdate(ctx.tableName, userId, { total: -batch.length, completed: -batch.length }),
      ],
      batch.length + removals.length,
    );
    if (outcome === 'ok') {
      deleted += batch.length;
      continue;
    }
    for (const todoId of batch) {
      if (await deleteTodoItem(ctx, userId, todoId, { onlyCompleted: true })) deleted += 1;
    }
  }
  return { deleted, more: startKey !== undefined || ids.length > chosen.length };
}
