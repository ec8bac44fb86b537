import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getCounts } from './counter';
import { listTodoItems } from './dynamodb-todo-list';
import { readTodoItem } from './dynamodb-todo-read';
import type { Todo } from './model';
import { toTodo } from './todo-item';
import type { TodoReader } from './todo-store';

/**
 * The reading half of the todo store, on its own so that the functions that only read (get,
 * list) do not carry the code of every write in their bundles.
 */
export function createDynamoTodoReader(client: DynamoDBDocumentClient, tableName: string): TodoReader {
  return {
    get: (userId, todoId) => getTodoItem(client, tableName, userId, todoId),
    list: (userId, options) => listTodoItems({ client, tableName }, userId, options),
    counts: (userId) => getCounts(client, tableName, userId),
  };
}

/** One todo, read consistently; undefined when the user has no such todo. */
export async function getTodoItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
  todoId: string,
): Promise<Todo | undefined> {
  const item = await readTodoItem({ client, tableName }, userId, todoId);
  return item ? toTodo(item as unknown as Record<string, unknown>) : undefined;
}
