import type { ApiPort } from '../api';
import { type AppStore, describeFailure, withoutKey } from '../state';
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
 * Moves a todo in "My order" so that it ends up at `targetIndex` among the loaded rows (the move
 * buttons, Alt+Arrow keys and drag and drop all come here). It gets a position between its new
 * neighbours (only its own `position` is sent), shown at once and said aloud; a failure puts it
 * back and says why next to it.
 */
export async function moveTodoTo(d: Deps, todoId: string, targetIndex: number): Promise<void> {
  const list = d.store.state.list;
  if (!list.key || parseListKey(list.key).sort !== 'manual' || list.busy.includes(todoId)) return;
  const items = list.items;
  const index = items.findIndex((t) => t.todoId === todoId);
  const todo = items[index];
  if (!todo || targetIndex === index || targetIndex < 0) return;
  // The last loaded row's successor is on a page not loaded yet: a key after the last loaded row
  // could sort past todos nobody has seen. Refuse, and say how to get there.
  if (targetIndex >= items.length - 1 && list.nextCursor) {
    d.announce(`Load more todos to move ${quote(todo.title)} further down.`);
    return;
  }
  if (targetIndex >= items.length) return;
  const others = items.filter((t) => t.todoId !== todoId);
  const [before, after] = [others[targetIndex - 1], others[targetIndex]];
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
  set((l) => ({
    ...withResorted(withUpdated(l, { ...todo, position }), 'manual'),
    itemErrors: withoutKey(l.itemErrors, todoId),
  }));
  const direction = targetIndex < index ? 'up' : 'down';
  d.announce(`Moved ${quote(todo.title)} ${direction}: ${targetIndex + 1} of ${items.length}.`);
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

/** Moves a todo one place up or down in "My order" (the buttons and Alt+Arrow keys). */
export function moveTodo(d: Deps, todoId: string, direction: 'up' | 'down'): Promise<void> {
  const index = d.store.state.list.items.findIndex((t) => t.todoId === todoId);
  if (index < 0) return Promise.resolve();
  return moveTodoTo(d, todoId, direction === 'up' ? index - 1 : index + 1);
}
