import { newId } from '../lib/ids';
import type { Todo } from './model';
import { daysBetween, nextDueDate, shiftRemindAt } from './recurrence';
import { type TodoItem, toTodo } from './todo-item';

export interface NextOccurrence {
  todo: Todo;
  /** The day of month a monthly/yearly series keeps, stored on the occurrence. */
  seriesDay: number | undefined;
}

/**
 * The occurrence completing `item` creates: same series, fresh state, due on the series' next
 * date. None when the todo does not repeat, when the series has no date left (past 9999-12-31),
 * or when it has moved on already: a reopened and completed again todo keeps its first one.
 */
export function nextOccurrence(item: TodoItem, today: string, now: string): NextOccurrence | undefined {
  const { repeat, dueDate } = item;
  if (!repeat || !dueDate || item.nextTodoId) return undefined;
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
