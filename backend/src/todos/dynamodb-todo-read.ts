import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
