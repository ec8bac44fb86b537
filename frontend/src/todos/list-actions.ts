import type { ApiPort } from '../api';
import { ApiError, SessionExpiredError } from '../errors';
import type { Route } from '../router';
import { type AppStore, describeFailure, withoutKey } from '../state';
import type { NewTodo, StatusFilter, Todo } from '../types';
import { quote } from '../ui/messages';
import {
  type Count,
  emptyList,
  type ListState,
  listKey,
  parseListKey,
  withCreated,
  withDeleted,
  withPage,
} from './list-state';
import { applySavedTodo, setCompleted } from './saved-todo';

export const PAGE_SIZE = 20;
/** Filter counts come from one capped page per status: cheap, and exact up to this many. */
export const COUNT_CAP = 100;

export interface TodoDeps {
  store: AppStore;
  api: ApiPort;
  announce: (message: string) => void;
}

/**
 * What the user does on the list: load it (a page at a time, with filter counts), add a todo,
 * tick one done. Owns the `list` slice.
 */
export class ListActions {
  readonly #d: TodoDeps;
  #listSeq = 0;
  #countSeq = 0;

  constructor(deps: TodoDeps) {
    this.#d = deps;
    deps.store.on('session:ended', () => {
      this.#listSeq++;
      this.#countSeq++;
      this.#set(() => emptyList);
    });
  }

  get #list() {
    return this.#d.store.state.list;
  }

  #set(change: (list: ListState) => ListState) {
    this.#d.store.update((s) => ({ ...s, list: change(s.list) }));
  }

  /** Loads what a list route shows, unless it is already loaded. */
  show(route: Extract<Route, { name: 'list' }>) {
    const list = this.#list;
    if (list.key !== listKey(route.status, route.q) || list.phase === 'error' || list.phase === 'idle') {
      void this.load(route.status, route.q);
    }
  }

  async load(status: StatusFilter, q: string): Promise<void> {
    const seq = ++this.#listSeq;
    const key = listKey(status, q);
    // Earlier items stay on screen (marked busy) until the answer arrives: no flash of emptiness.
    this.#set((list) => ({ ...list, key, phase: 'loading', error: null, moreError: null, itemErrors: {} }));
    if (this.#list.countsQ !== q.trim()) void this.loadCounts(q);
    try {
      const page = await this.#d.api.listTodos({ status, q, limit: PAGE_SIZE });
      if (seq !== this.#listSeq) return;
      this.#set((list) => ({
        ...list,
        phase: 'ready',
        items: page.items,
        nextCursor: page.nextCursor,
        loadingMore: false,
      }));
    } catch (error) {
      if (seq !== this.#listSeq) return;
      const message = describeFailure(this.#d.store, error, 'list');
      this.#set((list) => ({ ...list, phase: 'error', error: message }));
    }
  }

  /**
   * Counts for the filter links. There is no count endpoint, so each status is one page of up to
   * COUNT_CAP items (two small requests per search, not per filter change); beyond that "100+".
   * Later changes adjust the counts locally instead of asking again.
   */
  async loadCounts(q: string): Promise<void> {
    const seq = ++this.#countSeq;
    const countOf = async (status: 'open' | 'completed'): Promise<Count> => {
      const page = await this.#d.api.listTodos({ status, q, limit: COUNT_CAP });
      return { n: page.items.length, more: page.nextCursor !== null };
    };
    try {
      const [open, completed] = await Promise.all([countOf('open'), countOf('completed')]);
      if (seq !== this.#countSeq) return;
      this.#set((list) => ({ ...list, counts: { open, completed }, countsQ: q.trim() }));
    } catch (error) {
      if (seq !== this.#countSeq) return;
      // Counts are a nicety: the links still work without them.
      if (error instanceof SessionExpiredError) this.#d.store.emit('session:expired', undefined);
      this.#set((list) => ({ ...list, counts: null, countsQ: null }));
    }
  }

  async loadMore(): Promise<void> {
    const list = this.#list;
    if (!list.key || !list.nextCursor || list.loadingMore) return;
    const seq = this.#listSeq;
    const { status, q } = parseListKey(list.key);
    this.#set((l) => ({ ...l, loadingMore: true, moreError: null }));
    try {
      const page = await this.#d.api.listTodos({ status, q, limit: PAGE_SIZE, cursor: list.nextCursor });
      if (seq !== this.#listSeq) return;
      this.#set((l) => withPage(l, page.items, page.nextCursor));
    } catch (error) {
      if (seq !== this.#listSeq) return;
      const message = describeFailure(this.#d.store, error, 'list');
      this.#set((l) => ({ ...l, loadingMore: false, moreError: message }));
    }
  }

  /** Asks again for the list and its counts (another tab changed something). */
  refresh(status: StatusFilter, q: string) {
    void this.load(status, q);
    void this.loadCounts(q);
  }

  reload() {
    const route = this.#d.store.state.route;
    if (route.name === 'list') void this.load(route.status, route.q);
  }

  /** Creates a todo; rejects with the API error for the form to show. */
  async add(input: NewTodo): Promise<Todo> {
    try {
      const todo = await this.#d.api.createTodo(input);
      this.#set((list) => withCreated(list, todo));
      this.#d.store.emit('data:changed', undefined);
      this.#d.announce(`Added ${quote(todo.title)}.`);
      return todo;
    } catch (error) {
      describeFailure(this.#d.store, error);
      throw error;
    }
  }

  /** Completes or reopens from the list; a failure is shown next to that todo. */
  async toggle(todoId: string, completed: boolean): Promise<void> {
    if (this.#list.busy.includes(todoId)) return;
    this.#set((list) => ({
      ...list,
      busy: [...list.busy, todoId],
      itemErrors: withoutKey(list.itemErrors, todoId),
    }));
    try {
      const todo = await setCompleted(this.#d.api, todoId, completed);
      applySavedTodo(this.#d.store, todo);
      this.#d.store.emit('data:changed', undefined);
      this.#d.announce(completed ? `Completed ${quote(todo.title)}.` : `Reopened ${quote(todo.title)}.`);
    } catch (error) {
      const message = describeFailure(this.#d.store, error);
      if (error instanceof SessionExpiredError) return;
      if (error instanceof ApiError && error.status === 404) {
        this.#set((list) => withDeleted(list, todoId));
      } else {
        this.#set((list) => ({ ...list, itemErrors: { ...list.itemErrors, [todoId]: message } }));
      }
      this.#d.announce(message);
    } finally {
      this.#set((list) => ({ ...list, busy: list.busy.filter((id) => id !== todoId) }));
    }
  }
}
