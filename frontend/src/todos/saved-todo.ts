import type { ApiPort } from '../api';
import type { AppStore } from '../state';
import type { Todo } from '../types';
import { localDate } from '../ui/format';
import { withUpdated } from './list-state';

export const quote = (text: string) => `“${text}”`;

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
