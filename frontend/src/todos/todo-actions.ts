import { ApiError } from '../errors';
import { describeFailure } from '../state';
import type { Todo, TodoChanges } from '../types';
import { type DetailState, emptyDetail } from './detail-state';
import { withDeleted } from './list-state';
import { PendingDeletes, type UndoDeps } from './pending-deletes';
import { applySavedTodo, nextMessage, setCompleted, takeNextOccurrence } from './saved-todo';

/**
 * What the user does with one todo: open it, edit it (as it is typed), complete or reopen it, delete
 * it. Owns the `detail` slice; opening announces `todo:opened` (its files load) and deleting
 * announces `todo:deleted` (its uploads stop). Errors are thrown back to the view that shows them.
 */
export class TodoActions {
  readonly #d: UndoDeps;
  readonly #pending: PendingDeletes;
  #seq = 0;

  constructor(deps: UndoDeps) {
    this.#d = deps;
    this.#pending = new PendingDeletes(deps);
    deps.store.on('session:ended', () => {
      this.#seq++;
      this.#set(() => emptyDetail);
    });
  }

  #set(change: (detail: DetailState) => DetailState) {
    this.#d.store.update((s) => ({ ...s, detail: change(s.detail) }));
  }

  #fail(error: unknown): never {
    describeFailure(this.#d.store, error);
    throw error;
  }

  /** Loads what a todo route shows, unless it is already loaded. */
  show(todoId: string) {
    const { detail } = this.#d.store.state;
    if (detail.todoId !== todoId || detail.phase === 'error') void this.load(todoId);
  }

  async load(todoId: string): Promise<void> {
    const seq = ++this.#seq;
    // Show what the list already knows at once; the fresh copy replaces it.
    const known = this.#d.store.state.list.items.find((t) => t.todoId === todoId) ?? null;
    this.#set(() => ({ ...emptyDetail, todoId, todo: known, phase: known ? 'ready' : 'loading' }));
    this.#d.store.emit('todo:opened', { todoId });
    await this.#fetch(todoId, seq);
  }

  /** Asks again for the open todo (another tab changed it); what the user typed stays. */
  async refresh(todoId: string): Promise<void> {
    if (this.#d.store.state.detail.todoId !== todoId) return;
    await this.#fetch(todoId, ++this.#seq);
  }

  async #fetch(todoId: string, seq: number): Promise<void> {
    try {
      const fresh = await this.#d.api.getTodo(todoId);
      if (seq === this.#seq) this.#set((d) => ({ ...d, todo: fresh, phase: 'ready', error: null }));
    } catch (error) {
      if (seq !== this.#seq) return;
      if (error instanceof ApiError && error.status === 404) {
        this.#d.store.update((s) => ({ ...s, list: withDeleted(s.list, todoId) }));
        this.#set((d) => ({ ...d, todo: null, phase: 'missing' }));
        return;
      }
      const message = describeFailure(this.#d.store, error);
      this.#set((d) => ({ ...d, phase: d.todo ? 'ready' : 'error', error: message }));
    }
  }

  /** Completes or reopens from the detail view; rejects with the error for the view to show. */
  async setCompleted(todoId: string, completed: boolean): Promise<Todo> {
    const todo = await this.#saved(setCompleted(this.#d.api, todoId, completed), '');
    const next = await takeNextOccurrence(this.#d.store, this.#d.api, todo);
    this.#d.announce(completed ? `Marked as done.${nextMessage(next)}` : 'Reopened.');
    return todo;
  }

  save(todoId: string, changes: TodoChanges): Promise<Todo> {
    return this.#saved(this.#d.api.updateTodo(todoId, changes), 'Changes saved.');
  }

  /** Saves what is being typed: the form says "Saved" itself, so nothing is announced. */
  saveTyped(todoId: string, changes: TodoChanges): Promise<Todo> {
    return this.#saved(this.#d.api.updateTodo(todoId, changes), '');
  }

  /**
   * Saves what was typed as the page goes away (a keepalive request; see Api.updateTodoOnExit).
   * If the page stays (the tab was only hidden), the list and the detail take the answer in.
   */
  async saveTypedOnExit(todoId: string, changes: TodoChanges): Promise<void> {
    applySavedTodo(this.#d.store, await this.#d.api.updateTodoOnExit(todoId, changes));
    this.#d.store.emit('data:changed', undefined);
  }

  async #saved(request: Promise<Todo>, message: string): Promise<Todo> {
    let todo: Todo;
    try {
      todo = await request;
    } catch (error) {
      this.#fail(error);
    }
    applySavedTodo(this.#d.store, todo);
    this.#d.store.emit('data:changed', undefined);
    if (message) this.#d.announce(message);
    return todo;
  }

  /**
   * Deletes a todo (its files go with it, server-side): it leaves the screen at once and the
   * DELETE follows after the undo window (see PendingDeletes).
   */
  async delete(todoId: string): Promise<void> {
    const { detail, list } = this.#d.store.state;
    const known =
      detail.todoId === todoId ? detail.todo : (list.items.find((t) => t.todoId === todoId) ?? null);
    if (!known) {
      try {
        await this.#d.api.deleteTodo(todoId);
      } catch (error) {
        // Already gone is as good as deleted.
        if (!(error instanceof ApiError && error.status === 404)) this.#fail(error);
      }
      this.#d.store.emit('todo:deleted', { todoId });
      this.#d.store.emit('data:changed', undefined);
      this.#d.store.update((s) => ({ ...s, list: withDeleted(s.list, todoId) }));
      this.#d.announce('Todo deleted.');
    } else {
      this.#pending.schedule(known);
    }
    this.#d.store.update((s) => ({ ...s, detail: s.detail.todoId === todoId ? emptyDetail : s.detail }));
  }

  /** Puts keyboard focus on the Undo of a todo just deleted; false if there is none. */
  focusUndo(todoId: string): boolean {
    return this.#pending.focusUndo(todoId);
  }
}
