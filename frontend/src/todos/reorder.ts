import type { ApiPort } from '../api';
import { type AppStore, describeFailure } from '../state';
import { quote } from '../ui/messages';
import { parseListKey, withResorted, withUpdated } from './list-state';
import { NoRoomError, positionBetween } from './position';
import { applySavedTodo } from './saved-todo';

interface Deps {
  store: AppStore;
  api: ApiPort;
  announce: (message: string) => void;
}

/**
 * Moves a todo one place up or down in "My order": it gets a position between its new
 * neighbours (only its own `position` is sent), shown at once and said aloud; a failure puts it
 * back and says why next to it.
 */
export async function moveTodo(d: Deps, todoId: string, direction: 'up' | 'down'): Promise<void> {
  const list = d.store.state.list;
  if (!list.key || parseListKey(list.key).sort !== 'manual' || list.busy.includes(todoId)) return;
  const items = list.items;
  const index = items.findIndex((t) => t.todoId === todoId);
  const todo = items[index];
  const target = direction === 'up' ? index - 1 : index + 1;
  if (!todo || target < 0 || target >= items.length) return;
  const [before, after] =
    direction === 'up' ? [items[index - 2], items[index - 1]] : [items[index + 1], items[index + 2]];
  let position: string;
  try {
    position = positionBetween(before?.position ?? null, after?.position ?? null);
  } catch (error) {
    if (!(error instanceof NoRoomError)) throw error;
    d.announce('This todo cannot move further here.');
    return;
  }
  const set = (change: typeof withResorted) =>
    d.store.update((s) => ({ ...s, list: change(s.list, 'manual') }));
  set((l) => withResorted(withUpdated(l, { ...todo, position }), 'manual'));
  d.announce(`Moved ${quote(todo.title)} ${direction}: ${target + 1} of ${items.length}.`);
  try {
    const saved = await d.api.updateTodo(todoId, { position });
    applySavedTodo(d.store, saved);
    d.store.emit('data:changed', undefined);
  } catch (error) {
    const message = describeFailure(d.store, error);
    set((l) => ({
      ...withResorted(withUpdated(l, todo), 'manual'),
      itemErrors: { ...l.itemErrors, [todoId]: message },
    }));
    d.announce(message);
  }
}
