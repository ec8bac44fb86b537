import { conditionFailedAt, transactWrite } from '../clients/transact-write';
import { type StoreContext, type TransactItems, tooManyTodos, transactCounted } from './dynamodb-counted';
import { digestSets } from './dynamodb-search-digest';
import { CHANGED, decideAsRead } from './dynamodb-todo-read';
import { completionCounter, occurrencePut, reopeningCounter } from './dynamodb-todo-transitions';
import {
  type AlongWithEdits,
  breaksRepeatRule,
  changesText,
  repeatNeedsDate,
  updateAsRead,
} from './dynamodb-todo-update';
import type { Todo, TodoFieldChanges } from './model';
import { type NextOccurrence, nextOccurrence } from './next-occurrence';
import { digestEntry } from './search-digest';
import { type TodoItem, toTodo, withChanges } from './todo-item';
import type { CompleteOptions } from './todo-store';

// A PATCH with field edits and `completed` is one transaction: the edits (with their derived
// attributes and digest entry), the completion or reopening, the counter and, for a repeating
// todo, the next occurrence with its digest entry. A refusal (the per-user limit, a closed
// account) then leaves the todo as it was, rather than edited but not completed.

type TransactItem = TransactItems[number];

interface Transition {
  along: AlongWithEdits;
  counter?: TransactItem;
  next?: NextOccurrence;
}

/** What setting `completed` on the todo as edited writes besides the edits: nothing if it already is. */
function transition(
  tableName: string,
  userId: string,
  edited: TodoItem,
  completed: boolean,
  { now, today, maxTodos }: CompleteOptions,
): Transition {
  const completedAsRead = edited.completed === true;
  if (completed === completedAsRead) return { along: { completedAsRead } };
  if (!completed) {
    return {
      along: { completedAsRead, set: { completed: false }, remove: ['completedAt'] },
      counter: reopeningCounter(tableName, userId),
    };
  }
  // The series moves on from the todo as edited: its new date, rule and title.
  const next = nextOccurrence(edited, today, now);
  return {
    along: {
      completedAsRead,
      ...(next ? { noNextYet: true } : {}),
      set: { completed: true, completedAt: now, ...(next ? { nextTodoId: next.todo.todoId } : {}) },
    },
    counter: completionCounter(tableName, userId, next, maxTodos),
    ...(next ? { next } : {}),
  };
}

/** The todo after the write: the edits, then the completion's own attributes. */
function written(edited: TodoItem, { set = {}, remove = [] }: AlongWithEdits): Todo {
  const after: Record<string, unknown> = { ...edited, ...set };
  for (const name of remove) delete after[name];
  return toTodo(after);
}

/**
 * Applies field edits and completes (`completed: true`, a repeating todo moving on as
 * `POST .../complete` does) or reopens the todo, all or nothing, on condition that it is still as
 * read; read again and decided again when it changed. Undefined when there is no such todo.
 */
export async function updateTodoItemWithCompletion(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  changes: TodoFieldChanges,
  completed: boolean,
  options: CompleteOptions,
): Promise<Todo | undefined> {
  return decideAsRead(ctx, userId, todoId, async (item) => {
    if (!item) return undefined;
    if (breaksRepeatRule(item as unknown as Record<string, unknown>, changes)) throw repeatNeedsDate();
    const edited = withChanges(item, changes, options.now);
    const { along, counter, next } = transition(ctx.tableName, userId, edited, completed, options);
    const entries = new Map<string, string>();
    if (changesText(changes)) entries.set(todoId, digestEntry(edited));
    if (next) entries.set(next.todo.todoId, digestEntry(next.todo));
    const items: TransactItems = [
      updateAsRead(ctx.tableName, item, changes, options.now, along),
      ...(next ? [occurrencePut(ctx.tableName, userId, next)] : []),
      ...digestSets(ctx.tableName, userId, entries),
    ];
    if (counter) {
      items.push(counter);
      const outcome = await transactCounted(ctx, userId, items, items.length - 1);
      if (outcome === 'limit') throw tooManyTodos(options.maxTodos);
      if (outcome === 'ok') return written(edited, along);
    } else {
      try {
        await transactWrite(ctx.client, { TransactItems: items });
        return written(edited, along);
      } catch (error) {
        if (!conditionFailedAt(error, 0)) throw error;
      }
    }
    // Changed (or deleted) since read: read again and decide again.
    return CHANGED;
  });
}
