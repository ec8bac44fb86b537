import { counterUpdate } from './counter';
import { type StoreContext, type TransactItems, tooManyTodos, transactCounted } from './dynamodb-counted';
import { digestRemove, digestSet } from './dynamodb-search-digest';
import { CHANGED, decideAsRead } from './dynamodb-todo-read';
import type { Todo } from './model';
import { type NextOccurrence, nextOccurrence } from './next-occurrence';
import { digestEntry } from './search-digest';
import { toItem, toTodo } from './todo-item';
import type { CompleteOptions } from './todo-store';

// Completion, reopening and deletion change the counts, so each runs in one transaction with the
// counter, conditioned on the state it was read in; if another request changed that state in
// between, it reads again and decides again (a few times, then 503).

type TransactItem = TransactItems[number];

/** The Put that creates a repeating todo's next occurrence, never over an existing todo. */
export function occurrencePut(tableName: string, userId: string, next: NextOccurrence): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: toItem(userId, next.todo, next.seriesDay),
      ConditionExpression: 'attribute_not_exists(todoId)',
    },
  };
}

/**
 * The counter change of completing a todo: one todo completed, one opened in its place when the
 * series moves on (so the open count stays, the total grows and is limited).
 */
export function completionCounter(
  tableName: string,
  userId: string,
  next: NextOccurrence | undefined,
  maxTodos: number,
): TransactItem {
  return next
    ? counterUpdate(tableName, userId, { total: 1, completed: 1 }, maxTodos)
    : counterUpdate(tableName, userId, { open: -1, completed: 1 });
}

export const reopeningCounter = (tableName: string, userId: string): TransactItem =>
  counterUpdate(tableName, userId, { open: 1, completed: -1 });

export async function completeTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  { now, today, maxTodos }: CompleteOptions,
): Promise<Todo | undefined> {
  return decideAsRead(ctx, userId, todoId, async (item) => {
    if (!item) return undefined;
    if (item.completed) return toTodo(item as unknown as Record<string, unknown>);
    const next = nextOccurrence(item, today, now);
    const items: TransactItems = [
      {
        Update: {
          TableName: ctx.tableName,
          Key: { userId, todoId },
          UpdateExpression: `SET completed = :true, completedAt = :now, updatedAt = :now${next ? ', nextTodoId = :next' : ''}`,
          // A series moves on once: a complete and a reopen between the read and this write
          // (which gave the todo its next occurrence) send this one round again.
          ConditionExpression: `completed = :false${next ? ' AND attribute_not_exists(nextTodoId)' : ''}`,
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
      items.push(occurrencePut(ctx.tableName, userId, next));
      items.push(digestSet(ctx.tableName, userId, next.todo.todoId, digestEntry(next.todo)));
    }
    items.push(completionCounter(ctx.tableName, userId, next, maxTodos));
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
    return CHANGED;
  });
}

export async function reopenTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  now: string,
): Promise<Todo | undefined> {
  return decideAsRead(ctx, userId, todoId, async (item) => {
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
        reopeningCounter(ctx.tableName, userId),
      ],
      1,
    );
    if (outcome === 'ok') {
      const { completedAt: _, ...rest } = item;
      return toTodo({ ...rest, completed: false, updatedAt: now } as unknown as Record<string, unknown>);
    }
    return CHANGED;
  });
}

export async function deleteTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  { onlyCompleted = false } = {},
): Promise<boolean> {
  return decideAsRead(ctx, userId, todoId, async (item) => {
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
    return outcome === 'ok' ? true : CHANGED;
  });
}
