import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { counterUpdate, getCounts } from './counter';
import { type StoreContext, tooManyTodos, transactCounted } from './dynamodb-counted';
import { digestSet } from './dynamodb-search-digest';
import { clearCompleted } from './dynamodb-todo-clear';
import { listTodoItems } from './dynamodb-todo-list';
import { updateTodoItemWithCompletion } from './dynamodb-todo-patch';
import { completeTodoItem, deleteTodoItem, reopenTodoItem } from './dynamodb-todo-transitions';
import { updateTodoItem } from './dynamodb-todo-update';
import { digestEntry } from './search-digest';
import { toItem, toTodo } from './todo-item';
import type { TodoStore } from './todo-store';

export function createDynamoTodoStore(client: DynamoDBDocumentClient, tableName: string): TodoStore {
  const ctx: StoreContext = { client, tableName };

  return {
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

    async get(userId, todoId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { userId, todoId }, ConsistentRead: true }),
      );
      return Item ? toTodo(Item) : undefined;
    },

    update: (userId, todoId, changes, now) => updateTodoItem(ctx, userId, todoId, changes, now),
    updateWithCompletion: (userId, todoId, changes, completed, options) =>
      updateTodoItemWithCompletion(ctx, userId, todoId, changes, completed, options),
    complete: (userId, todoId, options) => completeTodoItem(ctx, userId, todoId, options),
    reopen: (userId, todoId, now) => reopenTodoItem(ctx, userId, todoId, now),
    delete: (userId, todoId) => deleteTodoItem(ctx, userId, todoId),
    list: (userId, options) => listTodoItems(ctx, userId, options),
    counts: (userId) => getCounts(client, tableName, userId),
    clearCompleted: (userId, max) => clearCompleted(ctx, userId, max),
  };
}
