import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceBusyError } from '../lib/errors';
import { newId } from '../lib/ids';
import { counterUpdate } from './counter';
import { type StoreContext, type TransactItems, tooManyTodos, transactCounted } from './dynamodb-counted';
import { digestRemove, digestSet } from './dynamodb-search-digest';
import type { Todo } from './model';
import { daysBetween, nextDueDate, shiftRemindAt } from './recurrence';
import { digestEntry } from './search-digest';
import { type TodoItem, toItem, toTodo } from './todo-item';
import type { CompleteOptions } from './todo-store';

// Completion, reopening and deletion change the counts, so each runs in one transaction with the
// counter, conditioned on the state it was read in; if another request changed that state in
// between, it reads again and decides again (a few times, then 503).

const ATTEMPTS = 4;

async function read(ctx: StoreContext, userId: string, todoId: string): Promise<TodoItem | undefined> {
  const { Item } = await ctx.client.send(
    new GetCommand({ TableName: ctx.tableName, Key: { userId, todoId }, ConsistentRead: true }),
  );
  return Item as TodoItem | undefined;
}

/**
 * The next occurrence of a repeating todo: same series, fresh state, due on the series' next
 * date; none when the series has no date left (past 9999-12-31).
 */
function nextOccurrence(item: TodoItem, dueDate: string, today: string, now: string) {
  const repeat = item.repeat!;
  const seriesDay =
    repeat.unit === 'month' || repeat.unit === 'year'
      ? (item.seriesDay ?? Number(dueDate.slice(8)))
      : undefined;
  const nextDue = nextDueDate(dueDate, today, repeat, seriesDay);
  if (nextDue === null) return undefined;
  const old = toTodo(item as unknown as Record<string, unknown>);
  const todo: Todo = {
    ...old,
    todoId: newId(),
    notes: '',
    dueDate: nextDue,
    completed: false,
    completedAt: null,
    createdAt: now,
    updatedAt: now,
    checklist: old.checklist.map((entry) => ({ ...entry, done: false })),
    remindAt: old.remindAt ? shiftRemindAt(old.remindAt, daysBetween(dueDate, nextDue)) : null,
    nextTodoId: null,
  };
  return { todo, seriesDay };
}

export async function completeTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  { now, today, maxTodos }: CompleteOptions,
): Promise<Todo | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const item = await read(ctx, userId, todoId);
    if (!item) return undefined;
    if (item.completed) return toTodo(item as unknown as Record<string, unknown>);
    // A series moves on once: a reopened and completed again todo keeps its first next occurrence.
    const next =
      item.repeat && item.dueDate && !item.nextTodoId
        ? nextOccurrence(item, item.dueDate, today, now)
        : undefined;
    const items: TransactItems = [
      {
        Update: {
          TableName: ctx.tableName,
          Key: { userId, todoId },
          UpdateExpression: `SET completed = :true, completedAt = :now, updatedAt = :now${next ? ', nextTodoId = :next' : ''}`,
          ConditionExpression: 'completed = :false',
          ExpressionAttributeValues: {
            ':true': true,
            ':false': false,
            ':now': now,
            ...(next ? { ':next': next.todo.todoId } : {}),
          },
        },
      },
    ];
    if (next) {
      items.push({
        Put: {
          TableName: ctx.tableName,
          Item: toItem(userId, next.todo, next.seriesDay),
          ConditionExpression: 'attribute_not_exists(todoId)',
        },
      });
      items.push(digestSet(ctx.tableName, userId, next.todo.todoId, digestEntry(next.todo)));
      // One todo completed, one opened: the open count stays, the total grows (and is limited).
      items.push(counterUpdate(ctx.tableName, userId, { total: 1, completed: 1 }, maxTodos));
    } else {
      items.push(counterUpdate(ctx.tableName, userId, { open: -1, completed: 1 }));
    }
    const outcome = await transactCounted(ctx, userId, items, items.length - 1);
    if (outcome === 'limit') throw tooManyTodos(maxTodos);
    if (outcome === 'ok') {
      return toTodo({
        ...item,
        completed: true,
        completedAt: now,
        updatedAt: now,
        ...(next ? { nextTodoId: next.todo.todoId } : {}),
      } as unknown as Record<string, unknown>);
    }
  }
  throw new ServiceBusyError();
}

export async function reopenTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  now: string,
): Promise<Todo | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const item = await read(ctx, userId, todoId);
    if (!item) return undefined;
    if (!item.completed) return toTodo(item as unknown as Record<string, unknown>);
    const outcome = await transactCounted(
      ctx,
      userId,
      [
        {
          Update: {
            TableName: ctx.tableName,
            Key: { userId, todoId },
            UpdateExpression: 'SET completed = :false, updatedAt = :now REMOVE completedAt',
            ConditionExpression: 'completed = :true',
            ExpressionAttributeValues: { ':true': true, ':false': false, ':now': now },
          },
        },
        counterUpdate(ctx.tableName, userId, { open: 1, completed: -1 }),
      ],
      1,
    );
    if (outcome === 'ok') {
      const { completedAt: _, ...rest } = item;
      return toTodo({ ...rest, completed: false, updatedAt: now } as unknown as Record<string, unknown>);
    }
  }
  throw new ServiceBusyError();
}

export async function deleteTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  { onlyCompleted = false } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const item = await read(ctx, userId, todoId);
    if (!item || (onlyCompleted && !item.completed)) return false;
    const outcome = await transactCounted(
      ctx,
      userId,
      [
        {
          Delete: {
            TableName: ctx.tableName,
            Key: { userId, todoId },
            ConditionExpression: 'completed = :completed',
            ExpressionAttributeValues: { ':completed': item.completed },
          },
        },
        ...digestRemove(ctx.tableName, userId, [todoId]),
        counterUpdate(ctx.tableName, userId, { total: -1, [item.completed ? 'completed' : 'open']: -1 }),
      ],
      2,
    );
    if (outcome === 'ok') return true;
  }
  throw new ServiceBusyError();
}
