import type { ApiPort, ListQuery } from '../api';
import { ApiError, SessionExpiredError } from '../errors';
import type { Route } from '../router';
import { type AppStore, describeFailure, withoutKey } from '../state';
import type { DueFilter, NewTodo, StatusFilter, Todo, TodoPage } from '../types';
import { localDate } from '../ui/format';
import { quote } from '../ui/messages';
import {
  type Count,
  emptyList,
  type ListFilter,
  type ListState,
  listKey,
  parseListKey,
  withCreated,
  withDeleted,
  withPage,
} from './list-state';
import { savesSettled } from './pending-saves';
import { moveTodo, moveTodoTo } from './reorder';
import { applySavedTodo, nextMessage, setCompleted, takeNextOccurrence } from './saved-todo';

export const PAGE_SIZE = 20;
/** The due-date views are counted from one capped page each: exact up to this many. */
export const COUNT_CAP = 100;

export interface TodoDeps {
  store: AppStore;
  api: ApiPort;
  announce: (message: string) => void;
}

const DUE_VIEWS: readonly DueFilter[] = ['today', 'upcoming', 'overdue'];

/** The API query for a list filter; the due-date views are open todos, dated from `today`. */
export function queryFor(f: ListFilter, today: string): ListQuery {
  const due = DUE_VIEWS.find((view) => view === f.status);
  return {
    status: due ? 'open' : (f.status as StatusFilter),
    q: f.q,
    ...(f.label ? { label: f.label } : {}),
    ...(f.sort !== 'created' ? { sort: f.sort } : {}),
    ...(due ? { due, today } : {}),
  };
}

/**
 * What the user does on the list: load it (a page at a time, with the views' counts), add a
 * todo, tick one done. Owns the `list` slice.
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
    if (list.key !== listKey(route) || list.phase === 'error' || list.phase === 'idle') {
      void this.load(route);
    }
  }

  /** The exact totals come with every page: the view links follow them for free. */
  #takeTotals(page: TodoPage) {
    if (!page.counts) return;
    const exact = (n: number): Count => ({ n, more: false });
    this.#set((list) =>
      list.counts
        ? {
            ...list,
            counts: {
              ...list.counts,
              open: exact(page.counts.open),
              completed: exact(page.counts.completed),
            },
          }
        : list,
    );
  }

  async load(filter: ListFilter): Promise<void> {
    const seq = ++this.#listSeq;
    const key = listKey(filter);
    const today = localDate();
    // Earlier items stay on screen (marked busy) until the answer arrives: no flash of emptiness.
    this.#set((list) => ({ ...list, key, phase: 'loading', error: null, moreError: null, itemErrors: {} }));
    if (this.#list.countsToday !== today) void this.loadCounts();
    try {
      await savesSettled();
      const page = await this.#d.api.listTodos({ ...queryFor(filter, today), limit: PAGE_SIZE });
      if (seq !== this.#listSeq) return;
      this.#set((list) => ({
        ...list,
        phase: 'ready',
        items: page.items.filter((t) => !list.deleting.includes(t.todoId)),
        nextCursor: page.nextCursor,
        loadingMore: false,
      }));
      this.#takeTotals(page);
    } catch (error) {
      if (seq !== this.#listSeq) return;
      const message = describeFailure(this.#d.store, error, 'list');
      this.#set((list) => ({ ...list, phase: 'error', error: message }));
    }
  }

  /**
   * Counts for the view links: the totals are exact in every response; each due-date view is one
   * page of up to COUNT_CAP open todos ("100+" beyond). Asked once per day and tab (and when
   * another tab changed something); this tab's own changes adjust them locally.
   */
  async loadCounts(): Promise<void> {
    const seq = ++this.#countSeq;
    const today = localDate();
    const pageOf = (due: DueFilter) =>
      this.#d.api.listTodos({ status: 'open', due, today, limit: COUNT_CAP });
    try {
      const [todayPage, upcoming, overdue] = await Promise.all(DUE_VIEWS.map(pageOf));
      if (seq !== this.#countSeq || !todayPage || !upcoming || !overdue) return;
      const capped = (page: TodoPage): Count => ({ n: page.items.length, more: page.nextCursor !== null });
      const exact = (n: number): Count => ({ n, more: false });
      const totals = overdue.counts;
      this.#set((list) => ({
        ...list,
        counts: {
          open: exact(totals.open),
          completed: exact(totals.completed),
          today: capped(todayPage),
          upcoming: capped(upcoming),
          overdue: capped(overdue),
        },
        countsToday: today,
      }));
    } catch (error) {
      if (seq !== this.#countSeq) return;
      // Counts are a nicety: the links still work without them.
      if (error instanceof SessionExpiredError) this.#d.store.emit('session:expired', undefined);
      this.#set((list) => ({ ...list, counts: null, countsToday: null }));
    }
  }

  async loadMore(): Promise<void> {
    const list = this.#list;
    if (!list.key || !list.nextCursor || list.loadingMore) return;
    const seq = this.#listSeq;
    const query = queryFor(parseListKey(list.key), localDate());
    this.#set((l) => ({ ...l, loadingMore: true, moreError: null }));
    try {
      const page = await this.#d.api.listTodos({ ...query, limit: PAGE_SIZE, cursor: list.nextCursor });
      if (seq !== this.#listSeq) return;
      this.#set((l) => withPage(l, page.items, page.nextCursor));
    } catch (error) {
      if (seq !== this.#listSeq) return;
      const message = describeFailure(this.#d.store, error, 'list');
      this.#set((l) => ({ ...l, loadingMore: false, moreError: message }));
    }
  }

  /** Asks again for the list and its counts (another tab changed something). */
  refresh(filter: ListFilter) {
    void this.load(filter);
    void this.loadCounts();
  }

  reload() {
    const route = this.#d.store.state.route;
    if (route.name === 'list') void this.load(route);
  }

  /** Deletes every completed todo, a batch at a time; the list and its counts are asked again. */
  async clearCompleted(): Promise<void> {
    let deleted = 0;
    try {
      for (let more = true; more; ) {
        const batch = await this.#d.api.clearCompleted();
        deleted += batch.deleted;
        more = batch.more;
      }
    } catch (error) {
      describeFailure(this.#d.store, error);
      throw error;
    } finally {
      if (deleted > 0) {
        this.#d.store.emit('data:changed', undefined);
        this.reload();
        void this.loadCounts();
      }
    }
    this.#d.announce(deleted === 1 ? 'Deleted 1 completed todo.' : `Deleted ${deleted} completed todos.`);
  }

  /** Moves a todo one place up or down in "My order". */
  move(todoId: string, direction: 'up' | 'down'): Promise<void> {
    return moveTodo(this.#d, todoId, direction);
  }

  /** Moves a todo to `targetIndex` among the loaded rows in "My order" (drag and drop). */
  moveTo(todoId: string, targetIndex: number): Promise<void> {
    return moveTodoTo(this.#d, todoId, targetIndex);
  }

  /** Creates a todo; rejects with the API error for the form to show. */
  async add(input: NewTodo): Promise<Todo> {
    try {
      const todo = await this.#d.api.createTodo(input);
      this.#set((list) => withCreated(list, todo, localDate()));
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
      const next = await takeNextOccurrence(this.#d.store, this.#d.api, todo);
      this.#d.store.emit('data:changed', undefined);
      this.#d.announce(
        completed ? `Completed ${quote(todo.title)}.${nextMessage(next)}` : `Reopened ${quote(todo.title)}.`,
      );
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
