import type { Phase } from '../state';
import type { StatusFilter, Todo } from '../types';

/** A count from a capped lookup: `n` items, and `more` when the cap was reached. */
export interface Count {
  n: number;
  more: boolean;
}

export interface Counts {
  open: Count;
  completed: Count;
}

export interface ListState {
  /** Which query (status + search) `items` answer; null before the first load. */
  key: string | null;
  phase: Phase;
  items: readonly Todo[];
  nextCursor: string | null;
  loadingMore: boolean;
  /** Why the list could not load (shown in place of the list). */
  error: string | null;
  /** Why "load more" failed (shown next to the button). */
  moreError: string | null;
  /** Counts for the filter links, and the search they were counted for. */
  counts: Counts | null;
  countsQ: string | null;
  /** Todos with a complete/reopen request in flight. */
  busy: readonly string[];
  /** Per-todo error messages, shown next to that todo's checkbox. */
  itemErrors: Readonly<Record<string, string>>;
}

export const emptyList: ListState = {
  key: null,
  phase: 'idle',
  items: [],
  nextCursor: null,
  loadingMore: false,
  error: null,
  moreError: null,
  counts: null,
  countsQ: null,
  busy: [],
  itemErrors: {},
};

export const listKey = (status: StatusFilter, q: string) => `${status}\n${q.trim().toLowerCase()}`;

/** Whether a todo belongs in a list with this filter and search (same rule as the API's search). */
export function matchesQuery(todo: Todo, status: StatusFilter, q: string): boolean {
  if (status === 'open' && todo.completed) return false;
  if (status === 'completed' && !todo.completed) return false;
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return todo.title.toLowerCase().includes(needle) || todo.description.toLowerCase().includes(needle);
}

/** Parses a list key back into its status and search. */
export function parseListKey(key: string): { status: StatusFilter; q: string } {
  const [status, q = ''] = key.split('\n') as [StatusFilter, string?];
  return { status, q };
}

/** Adds `delta` to a capped count; a capped count stays "n+" (its true size is unknown). */
function shift(count: Count, delta: number): Count {
  return { n: Math.max(count.n + delta, 0), more: count.more };
}

export function countAll(counts: Counts): Count {
  return { n: counts.open.n + counts.completed.n, more: counts.open.more || counts.completed.more };
}

function countsAfter(list: ListState, before: Todo | null, after: Todo | null): Counts | null {
  if (!list.counts) return null;
  const q = list.countsQ ?? '';
  let { open, completed } = list.counts;
  if (before && matchesQuery(before, 'all', q)) {
    if (before.completed) completed = shift(completed, -1);
    else open = shift(open, -1);
  }
  if (after && matchesQuery(after, 'all', q)) {
    if (after.completed) completed = shift(completed, 1);
    else open = shift(open, 1);
  }
  return { open, completed };
}

/** A new todo goes to the top (newest first) when the current filter and search include it. */
export function withCreated(list: ListState, todo: Todo): ListState {
  const { status, q } = list.key ? parseListKey(list.key) : { status: 'all' as const, q: '' };
  const items = list.key && matchesQuery(todo, status, q) ? [todo, ...list.items] : list.items;
  return { ...list, items, counts: countsAfter(list, null, todo) };
}

/**
 * A changed todo replaces its old version in place. It stays even if it no longer matches the
 * filter (completing one in "Open" should not make it vanish under the pointer); the next load
 * of the list drops it.
 */
export function withUpdated(list: ListState, todo: Todo): ListState {
  const before = list.items.find((t) => t.todoId === todo.todoId) ?? null;
  const items = before ? list.items.map((t) => (t.todoId === todo.todoId ? todo : t)) : list.items;
  const counts = before ? countsAfter(list, before, todo) : list.counts;
  return { ...list, items, counts };
}

/** Removes a deleted todo; `known` is its last version when it was not in the loaded page. */
export function withDeleted(list: ListState, todoId: string, known: Todo | null = null): ListState {
  const before = list.items.find((t) => t.todoId === todoId) ?? known;
  return {
    ...list,
    items: list.items.filter((t) => t.todoId !== todoId),
    counts: before ? countsAfter(list, before, null) : list.counts,
  };
}

/** Appends a further page, skipping anything already shown (a todo added since the first page). */
export function withPage(list: ListState, items: readonly Todo[], nextCursor: string | null): ListState {
  const seen = new Set(list.items.map((t) => t.todoId));
  return {
    ...list,
    items: [...list.items, ...items.filter((t) => !seen.has(t.todoId))],
    nextCursor,
    loadingMore: false,
    moreError: null,
  };
}
