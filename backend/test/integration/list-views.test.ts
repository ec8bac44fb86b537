import { beforeAll, describe, expect, it } from 'vitest';
import type { Todo } from '../../src/todos/model';
import { asUser, createTodoFor, type User } from '../support/api';
import { expectError } from '../support/assertions';
import { seedTodos, todoFields } from '../support/seed';

/**
 * Filters, sorts and counts of GET /todos against DynamoDB Local: for every sort and a spread of
 * filter combinations, following nextCursor serves exactly the todos a plain model expects, in
 * its order, none skipped or repeated; counts are the caller's totals whatever the filters.
 */
const TODAY = '2030-06-15';
const DATES = [null, '2030-06-01', '2030-06-14', TODAY, TODAY, '2030-06-16', '2030-07-01', '2031-01-01'];
const LABELS = [[], ['Home'], ['work'], ['home', 'Urgent'], ['WORK', 'urgent']];
const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
const WORDS = ['Café visit', 'oat milk', 'corner shop', 'Plain'];

const owner = asUser();
const neighbour = asUser();
let todos: Todo[] = [];

beforeAll(async () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  todos = Array.from({ length: 160 }, (_, i) => {
    const completed = rand(3) === 0;
    return todoFields({
      title: `${WORDS[rand(WORDS.length)]} ${i}`,
      description: rand(4) === 0 ? 'round the corner' : '',
      dueDate: DATES[rand(DATES.length)]!,
      labels: LABELS[rand(LABELS.length)]!,
      priority: PRIORITIES[rand(4)]!,
      completed,
      completedAt: completed ? '2030-06-01T00:00:00.000Z' : null,
      // Repeated positions too: ties are broken by id.
      position: `p${rand(40)}`,
    });
  });
  await seedTodos(owner.userId, todos);
  await seedTodos(
    neighbour.userId,
    todos.slice(0, 20).map((t) => todoFields({ ...t, todoId: undefined as never })),
  );
}, 60_000);

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

function model(query: Record<string, string>): string[] {
  const words = query.q ? fold(query.q).split(/\s+/).filter(Boolean) : [];
  const matches = todos.filter((t) => {
    if (query.status === 'open' && t.completed) return false;
    if (query.status === 'completed' && !t.completed) return false;
    if (query.label && !t.labels.some((l) => l.toLowerCase() === query.label!.toLowerCase())) return false;
    if (query.priority && t.priority !== query.priority) return false;
    if (query.due === 'overdue' && !(t.dueDate && t.dueDate < TODAY && !t.completed)) return false;
    if (query.due === 'today' && t.dueDate !== TODAY) return false;
    if (query.due === 'upcoming' && !(t.dueDate && t.dueDate > TODAY)) return false;
    if (query.due === 'none' && t.dueDate !== null) return false;
    const text = fold(`${t.title}\n${t.description}\n${t.notes}`);
    return words.every((w) => text.includes(w));
  });
  const key = (t: Todo) =>
    query.sort === 'due'
      ? `${t.dueDate ?? '~'}#${t.todoId}`
      : query.sort === 'manual'
        ? `${t.position} ${t.todoId}`
        : t.todoId;
  const sorted = matches.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return (query.sort === 'due' || query.sort === 'manual' ? sorted : sorted.reverse()).map((t) => t.todoId);
}

async function walk(user: User, query: Record<string, string>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const result = await user.listTodos({ ...query, ...(cursor ? { cursor } : {}) });
    expect(result.status).toBe(200);
    expect(result.body.counts).toEqual({
      open: todos.filter((t) => !t.completed).length,
      completed: todos.filter((t) => t.completed).length,
    });
    ids.push(...result.body.items.map((t: Todo) => t.todoId));
    cursor = result.body.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(200);
  } while (cursor);
  return ids;
}

const FILTERS: Record<string, string>[] = [
  {},
  { status: 'open' },
  { status: 'completed' },
  { label: 'HOME' },
  { label: 'urgent', status: 'open' },
  { priority: 'high' },
  { priority: 'none', label: 'work' },
  { due: 'overdue', today: TODAY },
  { due: 'today', today: TODAY },
  { due: 'upcoming', today: TODAY },
  { due: 'none', today: TODAY },
  { due: 'today', today: TODAY, status: 'completed' },
  { due: 'upcoming', today: TODAY, priority: 'low', label: 'home' },
  { q: 'cafe' },
  { q: 'corner OAT' },
  { q: 'milk', due: 'overdue', today: TODAY },
];

describe('GET /todos filters, sorts and counts', () => {
  for (const sort of ['created', 'due', 'manual']) {
    it.each(FILTERS)(
      `sort=${sort} with %o serves exactly the matching todos in order, 7 per page`,
      async (filters) => {
        // Arrange
        const query = { ...filters, sort, limit: '7' };
        // Act
        const ids = await walk(owner, query);
        // Assert
        expect(ids).toEqual(model(query));
      },
    );
  }

  it('defaults to sort=created, newest first', async () => {
    expect(await walk(owner, { limit: '50' })).toEqual(model({}));
  });

  it('answers 400 naming today when a date view comes without it', async () => {
    // Act
    const result = await owner.listTodos({ due: 'today' });
    // Assert
    expectError(result, 400, 'VALIDATION_ERROR');
    expect(result.body.error.details.map((d: { path: string }) => d.path)).toContain('today');
  });

  it.each<Record<string, string>>([
    { sort: 'newest' },
    { priority: 'urgent' },
    { due: 'soon', today: TODAY },
    { due: 'today', today: '2030-02-30' },
  ])('answers 400 for %o', async (query) => {
    expectError(await owner.listTodos(query), 400, 'VALIDATION_ERROR');
  });

  it('refuses a cursor issued for another sort or filter with 400 INVALID_CURSOR', async () => {
    // Arrange
    const first = await owner.listTodos({ sort: 'due', limit: '5' });
    // Act
    const other = await owner.listTodos({ sort: 'manual', limit: '5', cursor: first.body.nextCursor });
    // Assert
    expectError(other, 400, 'INVALID_CURSOR');
  });

  it('moves a todo in the manual order with PATCH position and sees it in the due order after a date change', async () => {
    // Arrange
    const user = asUser();
    const a = await createTodoFor(user, { title: 'a' });
    const b = await createTodoFor(user, { title: 'b' });
    const c = await createTodoFor(user, { title: 'c', dueDate: '2030-01-02' });
    // Act
    await user.updateTodo(c.todoId, { position: `${a.position}0`.slice(0, 1) });
    await user.updateTodo(b.todoId, { dueDate: '2030-01-01' });
    const manual = (await user.listTodos({ sort: 'manual' })).body.items.map((t: Todo) => t.title);
    const due = (await user.listTodos({ sort: 'due' })).body.items.map((t: Todo) => t.title);
    // Assert
    expect(manual).toEqual(['c', 'a', 'b']);
    expect(due).toEqual(['b', 'c', 'a']);
  });
});
