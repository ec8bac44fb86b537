import type { ApiPort } from '../api';
import { ApiError } from '../errors';
import { type AppStore, describeFailure } from '../state';
import type { Todo } from '../types';
import { h, uniqueId } from '../ui/dom';
import { localDate } from '../ui/format';
import { quote } from '../ui/messages';
import { onPageExit } from '../ui/page-exit';
import { withCreated, withDeleted } from './list-state';

/** How long "Deleted — Undo" stays before the DELETE is sent (paused while the notice has focus or hover). */
export const UNDO_MS = 5_000;

export interface UndoDeps {
  store: AppStore;
  api: ApiPort;
  announce: (message: string) => void;
  /**
   * Where keyboard focus goes when the notice loses the focused Undo: the restored todo's row
   * (`todoId`, after Undo), else the screen's heading.
   */
  focusAfter?: (todoId: string | null) => HTMLElement | null;
}

interface Pending {
  todo: Todo;
  /** Running while nobody holds the notice; `left` is the time still to wait. */
  timer: ReturnType<typeof setTimeout> | undefined;
  left: number;
  since: number;
}

/**
 * Deleting can be undone: the todo leaves the screen at once, and the DELETE is sent only after
 * UNDO_MS. Signing out sends it first and waits for the answer; if the tab closes (pagehide) or
 * the session ends otherwise, it is sent right then as a keepalive request the browser completes.
 * The time stands still while the notice has keyboard focus or the pointer (WCAG 2.2.1), so a
 * keyboard or screen reader user can reach Undo; focus never falls to <body> when it goes.
 */
export class PendingDeletes {
  readonly #d: UndoDeps;
  readonly #pending = new Map<string, Pending>();
  readonly #toast = h('div', { class: 'undo-toast', hidden: true });
  #focused = false;
  #hovered = false;

  constructor(deps: UndoDeps) {
    this.#d = deps;
    document.body.append(this.#toast);
    this.#toast.addEventListener('focusin', () => this.#hold({ focused: true }));
    this.#toast.addEventListener('focusout', (event) => {
      if (!this.#toast.contains(event.relatedTarget as Node | null)) this.#hold({ focused: false });
    });
    this.#toast.addEventListener('pointerenter', () => this.#hold({ hovered: true }));
    this.#toast.addEventListener('pointerleave', () => this.#hold({ hovered: false }));
    this.#toast.addEventListener('click', (event) => {
      const id = (event.target as HTMLElement).closest<HTMLElement>('[data-undo]')?.dataset.undo;
      if (id) this.undo(id);
    });
    // Only pagehide: a hidden tab may come back, and Undo must still be possible then.
    onPageExit(() => this.flushOnExit());
    // Signing out waits for these deletes (an ordinary request, answered before the page moves on).
    deps.store.on('session:ending', ({ waitUntil }) => waitUntil(this.#flushNow()));
    deps.store.on('session:ended', () => this.flushOnExit());
  }

  schedule(todo: Todo) {
    this.#pending.set(todo.todoId, { todo, timer: undefined, left: UNDO_MS, since: 0 });
    this.#d.store.update((s) => ({
      ...s,
      list: { ...withDeleted(s.list, todo.todoId, todo), deleting: [...s.list.deleting, todo.todoId] },
    }));
    this.#d.announce(
      `Deleted ${quote(todo.title)}. Undo is offered for ${UNDO_MS / 1000} seconds, and waits while it has focus.`,
    );
    this.#render();
  }

  undo(todoId: string) {
    const pending = this.#pending.get(todoId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(todoId);
    this.#restore(pending.todo);
    this.#d.announce(`Restored ${quote(pending.todo.title)}.`);
    this.#render(todoId);
  }

  /** Moves keyboard focus to the Undo of `todoId` (after a delete that took the focused screen away). */
  focusUndo(todoId: string): boolean {
    const undo = this.#toast.querySelector<HTMLElement>(`[data-undo="${CSS.escape(todoId)}"]`);
    undo?.focus();
    return !!undo && document.activeElement === undo;
  }

  /** Focus or pointer on the notice stops the time; leaving it lets the time left run on. */
  #hold(change: { focused?: boolean; hovered?: boolean }) {
    this.#focused = change.focused ?? this.#focused;
    this.#hovered = change.hovered ?? this.#hovered;
    const held = this.#focused || this.#hovered;
    const now = Date.now();
    for (const [todoId, pending] of this.#pending) {
      if (held && pending.timer !== undefined) {
        clearTimeout(pending.timer);
        pending.timer = undefined;
        pending.left = Math.max(0, pending.left - (now - pending.since));
      } else if (!held && pending.timer === undefined) {
        pending.since = now;
        pending.timer = setTimeout(() => void this.#send(todoId), pending.left);
      }
    }
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

  /** Draws the notice; `restored`: the todo just put back (focus goes to its row). */
  #render(restored: string | null = null) {
    const active = document.activeElement;
    const focusedId = this.#toast.contains(active) ? ((active as HTMLElement).dataset.undo ?? '') : null;
    const rows = [...this.#pending.values()].map(({ todo }) => {
      const what = h('span', { id: uniqueId('undo-what') }, `Deleted ${quote(todo.title)}`);
      // Its name stays "Undo"; the description says what it brings back.
      const attributes = { type: 'button', class: 'link-button', 'aria-describedby': what.id };
      return h('p', {}, what, ' — ', h('button', { ...attributes, 'data-undo': todo.todoId }, 'Undo'));
    });
    this.#toast.replaceChildren(...rows);
    this.#toast.hidden = rows.length === 0;
    if (focusedId !== null && !this.focusUndo(focusedId)) {
      // The focused Undo went: to the restored todo, else the next Undo, else the screen's heading.
      const next = this.#toast.querySelector<HTMLElement>('[data-undo]');
      const target = restored || !next ? this.#d.focusAfter?.(restored) : next;
      target?.focus();
    }
    this.#hold({
      focused: this.#toast.contains(document.activeElement),
      hovered: this.#hovered && rows.length > 0,
    });
  }
}
