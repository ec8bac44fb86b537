import { describe, expect, it } from 'vitest';
import { makeTodo } from '../testing/fake-backend';
import {
  emptyList,
  type ListState,
  listKey,
  matchesQuery,
  withCreated,
  withDeleted,
  withPage,
  withUpdated,
} from './list-state';

const open = makeTodo(1, { title: 'Buy Milk', description: 'oat' });
const done = makeTodo(2, { title: 'File taxes', completed: true });

const TODAY = '2025-06-15';
const zero = { n: 0, more: false };
const counts = {
  open: { n: 1, more: false },
  completed: { n: 1, more: false },
  today: zero,
  upcoming: zero,
  overdue: zero,
};
const listOf = (status: 'all' | 'open' | 'completed', q: string, items = [open, done]): ListState => ({
  ...emptyList,
  key: listKey({ status, q, label: '', sort: 'created' }),
  phase: 'ready',
  items,
  counts,
  countsToday: TODAY,
});

describe('matchesQuery', () => {
  it('filters by status and searches title and description case-insensitively', () => {
    const m = (status: 'all' | 'open' | 'completed', q: string) => matchesQuery(open, { status, q }, TODAY);
    expect(m('open', '')).toBe(true);
    expect(m('completed', '')).toBe(false);
    expect(m('all', 'MILK')).toBe(true);
    expect(m('all', 'OAT')).toBe(true);
    expect(m('all', 'bread')).toBe(false);
  });

  it('puts open dated todos in the due-date views and matches labels ignoring case', () => {
    const late = makeTodo(5, { dueDate: '2025-06-01', labels: ['Home'] });
    expect(matchesQuery(late, { status: 'overdue', q: '' }, TODAY)).toBe(true);
    expect(matchesQuery(late, { status: 'today', q: '' }, TODAY)).toBe(false);
    expect(matchesQuery({ ...late, completed: true }, { status: 'overdue', q: '' }, TODAY)).toBe(false);
    expect(matchesQuery(late, { status: 'all', q: '', label: 'HOME' }, TODAY)).toBe(true);
    expect(matchesQuery(late, { status: 'all', q: '', label: 'work' }, TODAY)).toBe(false);
  });
});

describe('list changes', () => {
  it('puts a new todo first when the filter and search include it, and counts it', () => {
    const fresh = makeTodo(3, { title: 'Call mum' });
    const all = withCreated(listOf('all', ''), fresh, TODAY);
    expect(all.items.map((t) => t.title)).toEqual(['Call mum', 'Buy Milk', 'File taxes']);
    expect(all.counts?.open).toEqual({ n: 2, more: false });

    const searching = withCreated(listOf('all', 'milk'), fresh, TODAY);
    expect(searching.items).toHaveLength(2);
    // The counts are the user's totals, whatever the search.
    expect(searching.counts?.open.n).toBe(2);

    const completedOnly = withCreated(listOf('completed', ''), fresh, TODAY);
    expect(completedOnly.items).toHaveLength(2);
  });

  it('replaces a changed todo in place and moves it between the counts', () => {
    const list = withUpdated(listOf('open', ''), { ...open, completed: true });
    expect(list.items[0]?.completed).toBe(true);
    expect(list.counts).toEqual({ ...counts, open: { n: 0, more: false }, completed: { n: 2, more: false } });
  });

  it('keeps a capped count capped', () => {
    const capped: ListState = {
      ...listOf('all', ''),
      counts: { ...counts, overdue: { n: 100, more: true } },
    };
    const late = makeTodo(7, { dueDate: '2025-01-01' });
    const list = withUpdated({ ...capped, items: [late] }, { ...late, completed: true });
    expect(list.counts?.overdue).toEqual({ n: 99, more: true });
    expect(list.counts?.completed).toEqual({ n: 2, more: false });
  });

  it('removes a deleted todo and its count', () => {
    const list = withDeleted(listOf('all', ''), done.todoId);
    expect(list.items.map((t) => t.todoId)).toEqual([open.todoId]);
    expect(list.counts?.completed.n).toBe(0);
  });

  it('appends a further page without repeating todos already shown', () => {
    const list = withPage(listOf('all', '', [open]), [open, done], null);
    expect(list.items.map((t) => t.todoId)).toEqual([open.todoId, done.todoId]);
    expect(list.nextCursor).toBeNull();
  });
});
