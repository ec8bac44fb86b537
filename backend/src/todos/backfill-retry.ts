import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readTodoItem } from './dynamodb-todo-read';

export type Item = Record<string, unknown>;

const RETRIES = 5;

/**
 * The backfills' way beside the live app: `write` runs against the todo as read, on condition
 * that it is unchanged since; when `changed` says that condition failed, the todo is read again
 * and the write retried. Answers what `write` answered, or false once the todo is gone.
 */
export async function writeAsRead(
  client: DynamoDBDocumentClient,
  tableName: string,
  first: Item,
  write: (item: Item) => Promise<boolean>,
  changed: (error: unknown) => boolean,
): Promise<boolean> {
  let item: Item | undefined = first;
  for (let attempt = 0; item && attempt < RETRIES; attempt++) {
    try {
      return await write(item);
    } catch (error) {
      if (!changed(error)) throw error;
      item = (await readTodoItem({ client, tableName }, String(item.userId), String(item.todoId))) as
        | Item
        | undefined;
    }
  }
  if (item) throw new Error(`todo ${String(item.todoId)} kept changing; run the backfill again`);
  return false;
}
