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

const listOf = (status: 'all' | 'open' | 'completed', q: string, items = [open, done]): ListState => ({
  ...emptyList,
  key: listKey(status, q),
  phase: 'ready',
  items,
  counts: { open: { n: 1, more: false }, completed: { n: 1, more: false } },
  countsQ: q,
});

describe('matchesQuery', () => {
  it('filters by status and searches title and description case-insensitively', () => {
    expect(matchesQuery(open, 'open', '')).toBe(true);
    expect(matchesQuery(open, 'completed', '')).toBe(false);
    expect(matchesQuery(open, 'all', 'MILK')).toBe(true);
    expect(matchesQuery(open, 'all', 'OAT')).toBe(true);
    expect(matchesQuery(open, 'all', 'bread')).toBe(false);
  });
});

describe('list changes', () => {
  it('puts a new todo first when the filter and search include it, and counts it', () => {
    const fresh = makeTodo(3, { title: 'Call mum' });
    const all = withCreated(listOf('all', ''), fresh);
    expect(all.items.map((t) => t.title)).toEqual(['Call mum', 'Buy Milk', 'File taxes']);
    expect(all.counts?.open).toEqual({ n: 2, more: false });

    const searching = withCreated(listOf('all', 'milk'), fresh);
    expect(searching.items).toHaveLength(2);
    expect(searching.counts?.open.n).toBe(1);

    const completedOnly = withCreated(listOf('completed', ''), fresh);
    expect(completedOnly.items).toHaveLength(2);
  });

  it('replaces a changed todo in place and moves it between the counts', () => {
    const list = withUpdated(listOf('open', ''), { ...open, completed: true });
    expect(list.items[0]?.completed).toBe(true);
    expect(list.counts).toEqual({ open: { n: 0, more: false }, completed: { n: 2, more: false } });
  });

  it('keeps a capped count capped', () => {
    const capped: ListState = {
      ...listOf('all', ''),
      counts: { open: { n: 100, more: true }, completed: { n: 3, more: false } },
    };
    const list = withUpdated(capped, { ...open, completed: true });
    expect(list.counts?.open).toEqual({ n: 99, more: true });
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
