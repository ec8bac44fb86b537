import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { counterUpdate } from './counter';
import { type StoreContext, tooManyTodos, transactCounted } from './dynamodb-counted';
import { digestSet } from './dynamodb-search-digest';
import { clearCompleted } from './dynamodb-todo-clear';
import { updateTodoItemWithCompletion } from './dynamodb-todo-patch';
import { createDynamoTodoReader, getTodoItem } from './dynamodb-todo-reader';
import { completeTodoItem, deleteTodoItem, reopenTodoItem } from './dynamodb-todo-transitions';
import { updateTodoItem } from './dynamodb-todo-update';
import { digestEntry } from './search-digest';
import { toItem } from './todo-item';
import type { TodoStore, TodoWriter } from './todo-store';

/** The whole store: reads and writes (the account functions use both). */
export function createDynamoTodoStore(client: DynamoDBDocumentClient, tableName: string): TodoStore {
  return { ...createDynamoTodoReader(client, tableName), ...createDynamoTodoWriter(client, tableName) };
}

/**
 * The writes, with the one read they need (`get`), without the listing code: the functions that
 * write carry only this in their bundles.
 */
export function createDynamoTodoWriter(client: DynamoDBDocumentClient, tableName: string): TodoWriter {
  const ctx: StoreContext = { client, tableName };

  return {
    get: (userId, todoId) => getTodoItem(client, tableName, userId, todoId),
    async create(userId, todo, maxTodos) {
      const outcome = await transactCounted(
        ctx,
        userId,
        [
          {
            Put: {
              TableName: tableName,
              Item: toItem(userId, todo),
              ConditionExpression: 'attribute_not_exists(todoId)',
            },
          },
          digestSet(tableName, userId, todo.todoId, digestEntry(todo)),
          counterUpdate(tableName, userId, { total: 1, open: 1 }, maxTodos),
        ],
        2,
      );
      if (outcome === 'limit') throw tooManyTodos(maxTodos);
      if (outcome === 'changed') throw new Error('A new todo id already exists');
    },

    update: (userId, todoId, changes, now) => updateTodoItem(ctx, userId, todoId, changes, now),
    updateWithCompletion: (userId, todoId, changes, completed, options) =>
      updateTodoItemWithCompletion(ctx, userId, todoId, changes, completed, options),
    complete: (userId, todoId, options) => completeTodoItem(ctx, userId, todoId, options),
    reopen: (userId, todoId, now) => reopenTodoItem(ctx, userId, todoId, now),
    delete: (userId, todoId) => deleteTodoItem(ctx, userId, todoId),
    clearCompleted: (userId, max) => clearCompleted(ctx, userId, max),
  };
}
