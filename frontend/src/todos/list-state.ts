import type { ListView } from '../router';
import type { Phase } from '../state';
import type { Todo, TodoSort } from '../types';
import { dueState } from '../ui/format';

/** A count: `n` items, and `more` when it comes from a capped lookup that reached its cap. */
export interface Count {
  n: number;
  more: boolean;
}

/** What the view links count: the totals (exact, from the API) and the due-date views. */
export type CountName = 'open' | 'completed' | 'today' | 'upcoming' | 'overdue';
export type Counts = Record<CountName, Count>;

/** Which todos a list shows: the URL's view, search, label and sort. */
export interface ListFilter {
  status: ListView;
  q: string;
  label: string;
  sort: TodoSort;
}

export interface ListState {
  /** Which filter `items` answer (listKey); null before the first load. */
  key: string | null;
  phase: Phase;
  items: readonly Todo[];
  nextCursor: string | null;
  loadingMore: boolean;
  /** Why the list could not load (shown in place of the list). */
  error: string | null;
  /** Why "load more" failed (shown next to the button). */
  moreError: string | null;
  /** Counts for the view links, and the local date the due-date views were counted for. */
  counts: Counts | null;
  countsToday: string | null;
  /** Todos with a complete/reopen request in flight. */
  busy: readonly string[];
  /** Todos deleted in this tab whose DELETE waits for the undo window: never shown. */
  deleting: readonly string[];
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
  countsToday: null,
  busy: [],
  deleting: [],
  itemErrors: {},
};

export const listKey = (f: ListFilter) =>
  JSON.stringify([f.status, f.q.trim().toLowerCase(), f.label.trim().toLowerCase(), f.sort]);

/** Parses a list key back into its filter. */
export function parseListKey(key: string): ListFilter {
  const [status, q, label, sort] = JSON.parse(key) as [ListView, string, string, TodoSort];
  return { status, q, label, sort };
}

/** Whether a todo belongs in a list with this filter (same rules as the API's). */
export function matchesQuery(
  todo: Todo,
  f: Pick<ListFilter, 'status' | 'q'> & { label?: string },
  today: string,
) {
  if (f.status === 'completed' ? !todo.completed : f.status !== 'all' && todo.completed) return false;
  if (f.status === 'today' || f.status === 'upcoming' || f.status === 'overdue') {
    if (dueState(todo.dueDate, todo.completed, today) !== f.status) return false;
  }
  const label = f.label?.trim().toLowerCase();
  if (label && !todo.labels.some((l) => l.toLowerCase() === label)) return false;
  const needle = f.q.trim().toLowerCase();
  if (!needle) return true;
  return todo.title.toLowerCase().includes(needle) || todo.description.toLowerCase().includes(needle);
}

/** The counts a todo adds to: its status and, if open and dated, its due-date view. */
function bucketsOf(todo: Todo, today: string): CountName[] {
  if (todo.completed) return ['completed'];
  const due = dueState(todo.dueDate, false, today);
  return due === 'none' ? ['open'] : ['open', due];
}

/** Adds `delta` to a count; a capped count stays "n+" (its true size is unknown). */
function shift(count: Count, delta: number): Count {
  return { n: Math.max(count.n + delta, 0), more: count.more };
}

export function countAll(counts: Counts): Count {
  return { n: counts.open.n + counts.completed.n, more: counts.open.more || counts.completed.more };
}

function countsAfter(list: ListState, before: Todo | null, after: Todo | null): Counts | null {
  if (!list.counts || !list.countsToday) return null;
  const counts = { ...list.counts };
  for (const name of before ? bucketsOf(before, list.countsToday) : [])
    counts[name] = shift(counts[name], -1);
  for (const name of after ? bucketsOf(after, list.countsToday) : []) counts[name] = shift(counts[name], 1);
  return counts;
}

/** Orders two todos as the list's sort does (created: newest first; due: soonest, undated last). */
export function compareTodos(a: Todo, b: Todo, sort: TodoSort): number {
  if (sort === 'due' && a.dueDate !== b.dueDate) {
    if (!a.dueDate) return 1;
    if (!b.dueDate) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  if (sort === 'manual' && a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.todoId < b.todoId ? 1 : a.todoId > b.todoId ? -1 : 0;
}

/** A new todo takes its place in the loaded rows when the filter includes it. */
export function withCreated(list: ListState, todo: Todo, today: string): ListState {
  if (list.items.some((t) => t.todoId === todo.todoId)) return list;
  const counts = countsAfter(list, null, todo);
  if (!list.key) return { ...list, counts };
  const filter = parseListKey(list.key);
  if (!matchesQuery(todo, filter, today)) return { ...list, counts };
  const index = list.items.findIndex((t) => compareTodos(todo, t, filter.sort) < 0);
  // Past the loaded rows with more to load: the todo shows up on a later page instead.
  if (index < 0 && list.nextCursor) return { ...list, counts };
  const items = [...list.items];
  items.splice(index < 0 ? items.length : index, 0, todo);
  return { ...list, items, counts };
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

/** Re-sorts the loaded rows (a todo moved in "My order"). */
export function withResorted(list: ListState, sort: TodoSort): ListState {
  return { ...list, items: [...list.items].sort((a, b) => compareTodos(a, b, sort)) };
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
  const seen = new Set([...list.items.map((t) => t.todoId), ...list.deleting]);
  return {
    ...list,
    items: [...list.items, ...items.filter((t) => !seen.has(t.todoId))],
    nextCursor,
    loadingMore: false,
    moreError: null,
  };
}
