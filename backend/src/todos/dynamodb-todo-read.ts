import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceBusyError } from '../lib/errors';
import type { StoreContext } from './dynamodb-counted';
import type { TodoItem } from './todo-item';

/**
 * A write conditioned on the todo as read, refused because another request changed it in
 * between, reads again and decides again: this many times in all, then 503.
 */
export const ATTEMPTS = 4;

/** The todo item as stored (strongly consistent), to write on condition it is still so. */
export async function readTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
): Promise<TodoItem | undefined> {
  const { Item } = await ctx.client.send(
    new GetCommand({ TableName: ctx.tableName, Key: { userId, todoId }, ConsistentRead: true }),
  );
  return Item as TodoItem | undefined;
}

/** What an attempt of `decideAsRead` returns when its write found the todo changed since its read. */
export const CHANGED = Symbol('changed since read');

/**
 * Reads the todo (undefined: there is none) and hands it to `attempt`, which decides and writes on
 * condition that it is still as read. CHANGED means another request wrote in between: read again
 * and decide again, ATTEMPTS times in all, then 503.
 */
export async function decideAsRead<T>(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  attempt: (item: TodoItem | undefined) => Promise<T | typeof CHANGED>,
): Promise<T> {
  for (let round = 0; round < ATTEMPTS; round++) {
    const result = await attempt(await readTodoItem(ctx, userId, todoId));
    if (result !== CHANGED) return result;
  }
  throw new ServiceBusyError();
}
