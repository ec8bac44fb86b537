import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import type { Todo, TodoChanges } from './model';
import type { ListOptions, TodoStore } from './todo-store';

/** Item layout: the API's Todo plus the partition key and lower-cased copies for search. */
interface TodoItem extends Omit<Todo, 'dueDate' | 'completedAt' | 'remindAt'> {
  userId: string;
  dueDate?: string;
  remindAt?: string;
  completedAt?: string;
  titleLower: string;
  descriptionLower: string;
}

function toTodo(item: Record<string, unknown>): Todo {
  const i = item as unknown as TodoItem;
  return {
    todoId: i.todoId,
    title: i.title,
    description: i.description ?? '',
    notes: i.notes ?? '',
    dueDate: i.dueDate ?? null,
    completed: i.completed === true,
    completedAt: i.completedAt ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    remindAt: i.remindAt ?? null,
  };
}

/** Build one UpdateExpression from the requested changes. */
function updateExpression(changes: TodoChanges, now: string) {
  const set: string[] = ['updatedAt = :now'];
  const remove: string[] = [];
  const values: Record<string, unknown> = { ':now': now };
  const names: Record<string, string> = {};
  if (changes.title !== undefined) {
    set.push('title = :title', 'titleLower = :titleLower');
    values[':title'] = changes.title;
    values[':titleLower'] = changes.title.toLowerCase();
  }
  if (changes.description !== undefined) {
    set.push('description = :description', 'descriptionLower = :descriptionLower');
    values[':description'] = changes.description;
    values[':descriptionLower'] = changes.description.toLowerCase();
  }
  if (changes.notes !== undefined) {
    set.push('notes = :notes');
    values[':notes'] = changes.notes;
  }
  if (changes.dueDate !== undefined) {
    if (changes.dueDate === null) remove.push('dueDate');
    else {
      set.push('dueDate = :dueDate');
      values[':dueDate'] = changes.dueDate;
    }
  }
  if (changes.remindAt !== undefined) {
    if (changes.remindAt === null) remove.push('remindAt');
    else {
      set.push('remindAt = :remindAt');
      values[':remindAt'] = changes.remindAt;
    }
  }
  if (changes.completed === true) {
    set.push('completed = :true', 'completedAt = if_not_exists(completedAt, :now)');
    values[':true'] = true;
  } else if (changes.completed === false) {
    set.push('completed = :false');
    remove.push('completedAt');
    values[':false'] = false;
  }
  const expression = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
  return { expression, values, names };
}

export function createDynamoTodoStore(client: DynamoDBDocumentClient, tableName: string): TodoStore {
  async function conditionalUpdate(
    userId: string,
    todoId: string,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<Todo | undefined> {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { userId, todoId },
          UpdateExpression: expression,
          // Never resurrect: an update of a deleted (or never existing) todo fails instead.
          ConditionExpression: 'attribute_exists(todoId)',
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toTodo(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  return {
    async create(userId, todo) {
      const item: TodoItem = {
        userId,
        todoId: todo.todoId,
        title: todo.title,
        description: todo.description,
        notes: todo.notes,
        completed: todo.completed,
        createdAt: todo.createdAt,
        updatedAt: todo.updatedAt,
        titleLower: todo.title.toLowerCase(),
        descriptionLower: todo.description.toLowerCase(),
        ...(todo.dueDate ? { dueDate: todo.dueDate } : {}),
        ...(todo.remindAt ? { remindAt: todo.remindAt } : {}),
      };
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(todoId)',
        }),
      );
    },

    async get(userId, todoId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { userId, todoId }, ConsistentRead: true }),
      );
      return Item ? toTodo(Item) : undefined;
    },

    update(userId, todoId, changes, now) {
      const { expression, values } = updateExpression(changes, now);
      return conditionalUpdate(userId, todoId, expression, values);
    },

    async complete(userId, todoId, now) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { userId, todoId },
            UpdateExpression: 'SET completed = :true, completedAt = :now, updatedAt = :now',
            // Only an open todo changes; completing a completed one answers it unchanged (idempotent).
            ConditionExpression: 'attribute_exists(todoId) AND completed <> :true',
            ExpressionAttributeValues: { ':true': true, ':now': now },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return Attributes ? toTodo(Attributes) : undefined;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // The failed condition hands back the item as it is, if there is one: no second read needed.
        const item = (error as { Item?: Record<string, AttributeValue> }).Item;
        return item ? toTodo(unmarshall(item)) : undefined;
      }
    },

    async delete(userId, todoId) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { userId, todoId },
            ConditionExpression: 'attribute_exists(todoId)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async list(userId, options: ListOptions) {
      const filters: string[] = [];
      const values: Record<string, unknown> = { ':userId': userId };
      if (options.status !== 'all') {
        filters.push('completed = :completed');
        values[':completed'] = options.status === 'completed';
      }
      if (options.search) {
        filters.push('(contains(titleLower, :q) OR contains(descriptionLower, :q))');
        values[':q'] = options.search;
      }
      const filtered = filters.length > 0;
      // Read one item past the page to learn whether another page exists.
      const wanted = options.limit + 1;
      const items: Todo[] = [];
      let startKey: Record<string, unknown> | undefined = options.afterTodoId
        ? { userId, todoId: options.afterTodoId }
        : undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'userId = :userId',
            ExpressionAttributeValues: values,
            ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
            ScanIndexForward: false,
            // A filter discards items after they are read: then read whole (1 MB) pages instead.
            ...(filtered ? {} : { Limit: wanted - items.length }),
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) items.push(toTodo(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length < wanted);
      return { items: items.slice(0, options.limit), hasMore: items.length > options.limit };
    },
  };
}
