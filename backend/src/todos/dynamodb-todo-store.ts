import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import { ValidationError } from '../lib/errors';
import { counterUpdate, getCounts } from './counter';
import { type StoreContext, tooManyTodos, transactCounted } from './dynamodb-counted';
import { clearCompleted } from './dynamodb-todo-clear';
import { listTodoItems } from './dynamodb-todo-list';
import { completeTodoItem, deleteTodoItem, reopenTodoItem } from './dynamodb-todo-transitions';
import type { TodoChanges } from './model';
import { changesExpression, toItem, toTodo } from './todo-item';
import type { TodoStore } from './todo-store';

const repeatNeedsDate = () =>
  new ValidationError('Invalid request body.', [
    { path: 'repeat', message: 'A repeating todo needs a dueDate.' },
  ]);

/** Conditions that keep `repeat` only on dated todos, whatever the stored state is. */
function updateCondition(changes: TodoChanges): string {
  // Never resurrect: an update of a deleted (or never existing) todo fails instead.
  const conditions = ['attribute_exists(todoId)'];
  if (changes.repeat && changes.dueDate === undefined) conditions.push('attribute_exists(dueDate)');
  if (changes.dueDate === null && changes.repeat === undefined)
    conditions.push('attribute_not_exists(#repeat)');
  return conditions.join(' AND ');
}

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
          counterUpdate(tableName, userId, { total: 1, open: 1 }, maxTodos),
        ],
        1,
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

    async update(userId, todoId, changes, now) {
      const { expression, names, values } = changesExpression(todoId, changes, now);
      const condition = updateCondition(changes);
      if (condition.includes('#repeat')) names['#repeat'] = 'repeat';
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { userId, todoId },
            UpdateExpression: expression,
            ConditionExpression: condition,
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return Attributes ? toTodo(Attributes) : undefined;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // The item as it is, if any: present means the repeat/date rule refused the edit.
        const item = (error as { Item?: Record<string, AttributeValue> }).Item;
        if (item && unmarshall(item).todoId) throw repeatNeedsDate();
        return undefined;
      }
    },

    complete: (userId, todoId, options) => completeTodoItem(ctx, userId, todoId, options),
    reopen: (userId, todoId, now) => reopenTodoItem(ctx, userId, todoId, now),
    delete: (userId, todoId) => deleteTodoItem(ctx, userId, todoId),
    list: (userId, options) => listTodoItems(ctx, userId, options),
    counts: (userId) => getCounts(client, tableName, userId),
    clearCompleted: (userId, max) => clearCompleted(ctx, userId, max),
  };
}
