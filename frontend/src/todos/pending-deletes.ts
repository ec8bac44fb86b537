import type { ApiPort } from '../api';
import { ApiError } from '../errors';
import { type AppStore, describeFailure } from '../state';
import type { Todo } from '../types';
import { h } from '../ui/dom';
import { localDate } from '../ui/format';
import { quote } from '../ui/messages';
import { onPageExit } from '../ui/page-exit';
import { withCreated, withDeleted } from './list-state';

/** How long "Deleted — Undo" stays before the DELETE is sent. */
export const UNDO_MS = 5_000;

interface Deps {
  store: AppStore;
  api: ApiPort;
  announce: (message: string) => void;
}

interface Pending {
  todo: Todo;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Deleting can be undone: the todo leaves the screen at once, and the DELETE is sent only after
 * UNDO_MS. Signing out sends it first and waits for the answer; if the tab closes (pagehide) or
 * the session ends otherwise, it is sent right then as a keepalive request the browser completes.
 */
export class PendingDeletes {
  readonly #d: Deps;
  readonly #pending = new Map<string, Pending>();
  readonly #toast = h('div', { class: 'undo-toast', hidden: true });

  constructor(deps: Deps) {
    this.#d = deps;
    document.body.append(this.#toast);
    // Only pagehide: a hidden tab may come back, and Undo must still be possible then.
    onPageExit(() => this.flushOnExit());
    // Signing out waits for these deletes (an ordinary request, answered before the page moves on).
    deps.store.on('session:ending', ({ waitUntil }) => waitUntil(this.#flushNow()));
    deps.store.on('session:ended', () => this.flushOnExit());
  }

  schedule(todo: Todo) {
    const timer = setTimeout(() => void this.#send(todo.todoId), UNDO_MS);
    this.#pending.set(todo.todoId, { todo, timer });
    this.#d.store.update((s) => ({
      ...s,
      list: { ...withDeleted(s.list, todo.todoId, todo), deleting: [...s.list.deleting, todo.todoId] },
    }));
    this.#d.announce(`Deleted ${quote(todo.title)}. Undo is possible for ${UNDO_MS / 1000} seconds.`);
    this.#render();
  }

  undo(todoId: string) {
    const pending = this.#pending.get(todoId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(todoId);
    this.#restore(pending.todo);
    this.#d.announce(`Restored ${quote(pending.todo.title)}.`);
    this.#render();
  }

  /** The tab is closing or the session ending: send every pending delete now. */
  flushOnExit() {
    for (const [todoId, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#d.api.deleteTodoOnExit(todoId);
    }
    this.#pending.clear();
    this.#render();
  }

  /** Sends every pending delete now and resolves when the server has answered them all. */
  async #flushNow() {
    const ids = [...this.#pending.keys()];
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    this.#pending.clear();
    this.#render();
    await Promise.allSettled(ids.map((todoId) => this.#d.api.deleteTodo(todoId)));
  }

  async #send(todoId: string) {
    const pending = this.#pending.get(todoId);
    if (!pending) return;
    this.#pending.delete(todoId);
    this.#render();
    try {
      await this.#d.api.deleteTodo(todoId);
    } catch (error) {
      // Already gone is as good as deleted; anything else puts the todo back, with the reason.
      if (!(error instanceof ApiError && error.status === 404)) {
        this.#restore(pending.todo);
        this.#d.announce(
          `${quote(pending.todo.title)} was not deleted: ${describeFailure(this.#d.store, error)}`,
        );
        return;
      }
    }
    this.#forget(todoId);
    this.#d.store.emit('todo:deleted', { todoId });
    this.#d.store.emit('data:changed', undefined);
  }

  #forget(todoId: string) {
    this.#d.store.update((s) => ({
      ...s,
      list: { ...s.list, deleting: s.list.deleting.filter((id) => id !== todoId) },
    }));
  }

  #restore(todo: Todo) {
    this.#forget(todo.todoId);
    this.#d.store.update((s) => ({ ...s, list: withCreated(s.list, todo, localDate()) }));
  }

  #render() {
    const rows = [...this.#pending.values()].map(({ todo }) =>
      h(
        'p',
        {},
        `Deleted ${quote(todo.title)} — `,
        h('button', { type: 'button', class: 'link-button', 'data-undo': todo.todoId }, 'Undo'),
      ),
    );
    this.#toast.replaceChildren(...rows);
    this.#toast.hidden = rows.length === 0;
    this.#toast.onclick = (event) => {
      const id = (event.target as HTMLElement).closest<HTMLElement>('[data-undo]')?.dataset.undo;
      if (id) this.undo(id);
    };
  }
}
