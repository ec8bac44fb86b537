import type { ApiPort } from '../api';
import type { AppStore } from '../state';
import type { Todo } from '../types';
import { formatDay, localDate } from '../ui/format';
import { quote } from '../ui/messages';
import { withCreated, withUpdated } from './list-state';

/**
 * The one place a todo the server returned is taken in: the list and an open detail view both
 * show the new version (the detail screen's forms follow from its state).
 */
export function applySavedTodo(store: AppStore, todo: Todo) {
  store.update((s) => ({
    ...s,
    list: withUpdated(s.list, todo),
    detail: s.detail.todoId === todo.todoId ? { ...s.detail, todo } : s.detail,
  }));
}

/**
 * Completing has its own route (given the browser's date, from which a repeating todo's next
 * occurrence is dated); reopening is an update.
 */
export function setCompleted(api: ApiPort, todoId: string, completed: boolean): Promise<Todo> {
  return completed ? api.completeTodo(todoId, localDate()) : api.updateTodo(todoId, { completed: false });
}

/**
 * Completing a repeating todo created its next occurrence: fetch it, show it in the list and
 * return it (null when there is none, or it could not be fetched: the list shows it on its next load).
 */
export async function takeNextOccurrence(store: AppStore, api: ApiPort, todo: Todo): Promise<Todo | null> {
  if (!todo.completed || !todo.nextTodoId) return null;
  if (store.state.list.items.some((t) => t.todoId === todo.nextTodoId)) return null;
  try {
    const next = await api.getTodo(todo.nextTodoId);
    store.update((s) => ({ ...s, list: withCreated(s.list, next, localDate()) }));
    return next;
  } catch {
    return null;
  }
}

/** " Next one: due Mar 5, 2026." */
export const nextMessage = (next: Todo | null) =>
  next ? ` Next one: ${next.dueDate ? `due ${formatDay(next.dueDate)}` : quote(next.title)}.` : '';
