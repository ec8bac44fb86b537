import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, createTodoFor, mapLimit, type User } from '../support/api';

/**
 * Pagination and search against DynamoDB Local: every todo exactly once, newest first, with
 * and without filters; search is a case-insensitive substring of title or description and
 * never crosses users.
 */
interface Seeded {
  todoId: string;
  title: string;
  description: string;
  completed: boolean;
}

const TOTAL = 120;
const owner = asUser();
const neighbour = asUser();
const seeded: Seeded[] = [];

beforeAll(async () => {
  const specs = Array.from({ length: TOTAL }, (_, i) => ({
    // Every third title mentions "alpha", in varying case; every fifth description mentions "Beta".
    title:
      i % 3 === 0 ? `Task ${i} ${['ALPHA', 'alpha', 'Alpha'][i % 9 === 0 ? 0 : i % 2]} work` : `Task ${i}`,
    description: i % 5 === 0 ? `Details with BeTa ${i}` : `Plain details ${i}`,
    completed: i % 4 === 0,
  }));
  const created = await mapLimit(specs, 10, async (spec) => {
    const todo = await createTodoFor(owner, { title: spec.title, description: spec.description });
    if (spec.completed) expect((await owner.completeTodo(todo.todoId)).status).toBe(200);
    return { ...spec, todoId: todo.todoId };
  });
  seeded.push(...created);
  // The neighbour's todos match the same searches and filters, and must never show up.
  await mapLimit(['Alpha neighbour', 'alpha open', 'Beta'], 3, async (title) => {
    const todo = await createTodoFor(neighbour, { title, description: 'beta alpha' });
    await neighbour.completeTodo(todo.todoId);
  });
}, 60_000);

/** Follow nextCursor to the end; returns the ids in the order served and the page sizes. */
async function walk(user: User, query: Record<string, string>) {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  do {
    const result = await user.listTodos({ ...query, ...(cursor ? { cursor } : {}) });
    expect(result.status).toBe(200);
    ids.push(...result.body.items.map((t: { todoId: string }) => t.todoId));
    pageSizes.push(result.body.items.length);
    cursor = result.body.nextCursor;
    expect(pageSizes.length).toBeLessThanOrEqual(TOTAL + 1);
  } while (cursor);
  return { ids, pageSizes };
}

/** Newest first: ULIDs are time-ordered, so descending id order. */
const newestFirst = (todos: Seeded[]) => todos.map((t) => t.todoId).sort((a, b) => (a < b ? 1 : -1));

const alphaOrBeta = (t: Seeded, word: string) =>
  t.title.toLowerCase().includes(word) || t.description.toLowerCase().includes(word);

const scenarios: [string, Record<string, string>, (t: Seeded) => boolean][] = [
  ['all, 25 per page', { limit: '25' }, () => true],
  ['all, 7 per page', { limit: '7' }, () => true],
  ['status=all explicitly, 7 per page', { status: 'all', limit: '7' }, () => true],
  ['completed, 7 per page', { status: 'completed', limit: '7' }, (t) => t.completed],
  ['open, 25 per page', { status: 'open', limit: '25' }, (t) => !t.completed],
  ['q=alpha (title), 7 per page', { q: 'alpha', limit: '7' }, (t) => alphaOrBeta(t, 'alpha')],
  ['q=BETA (description), 7 per page', { q: 'BETA', limit: '7' }, (t) => alphaOrBeta(t, 'beta')],
  [
    'q=Alpha and status=open, 25 per page',
    { q: 'Alpha', status: 'open', limit: '25' },
    (t) => alphaOrBeta(t, 'alpha') && !t.completed,
  ],
  [
    'q=beta and status=open, 7 per page',
    { q: 'beta', status: 'open', limit: '7' },
    (t) => alphaOrBeta(t, 'beta') && !t.completed,
  ],
  [
    'q=beta and status=completed, 4 per page',
    { q: 'beta', status: 'completed', limit: '4' },
    (t) => alphaOrBeta(t, 'beta') && t.completed,
  ],
];

describe(`pagination over ${TOTAL} todos`, () => {
  it.each(scenarios)(
    'returns each matching todo exactly once, newest first: %s',
    async (_, query, matches) => {
      // Arrange
      const expected = newestFirst(seeded.filter(matches));
      const limit = Number(query.limit);
      // Act
      const { ids, pageSizes } = await walk(owner, query);
      // Assert
      expect(expected.length).toBeGreaterThan(limit); // the scenario really spans pages
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      expect(pageSizes.length).toBe(Math.ceil(expected.length / limit));
      for (const size of pageSizes) expect(size).toBeLessThanOrEqual(limit);
    },
  );

  it('serves 25 todos per page by default', async () => {
    // Act
    const page = await owner.listTodos();
    // Assert
    expect(page.body.items).toHaveLength(25);
    expect(typeof page.body.nextCursor).toBe('string');
  });

  it('answers a full last page with nextCursor null', async () => {
    // Act
    const { pageSizes } = await walk(owner, { limit: '40' });
    // Assert
    expect(pageSizes).toEqual([40, 40, 40]);
  });

  it('keeps a cursor valid while other todos are created meanwhile, without repeating or skipping', async () => {
    // Arrange
    const first = await owner.listTodos({ limit: '50' });
    const extra = await createTodoFor(owner, { title: 'Created while paging' });
    // Act
    const rest = await walk(owner, { limit: '50', cursor: first.body.nextCursor });
    // Assert
    const served = [...first.body.items.map((t: { todoId: string }) => t.todoId), ...rest.ids];
    expect(served).toEqual(newestFirst(seeded));
    expect(served).not.toContain(extra.todoId);
    await owner.deleteTodo(extra.todoId);
  });
});

describe('search', () => {
  const searcher = asUser();
  const other = asUser();
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    for (const [key, body] of Object.entries({
      milkTitle: { title: 'Buy MILK', description: 'from the shop' },
      milkDescription: { title: 'Call Bob', description: 'About the Milkman' },
      accents: { title: 'Ärger mit dem Vermieter', description: '' },
      unrelated: { title: 'Walk the dog', description: 'Twice' },
    })) {
      titles[key] = (await createTodoFor(searcher, body)).todoId;
    }
    await createTodoFor(other, { title: 'milk for someone else', description: 'milkman' });
  });

  const search = async (q: string, extra: Record<string, string> = {}) =>
    ((await searcher.listTodos({ q, ...extra })).body.items as { todoId: string }[])
      .map((t) => t.todoId)
      .sort();

  it.each(['milk', 'MILK', 'mIlK', '  milk  '])(
    'matches title and description case-insensitively for q=%j',
    async (q) => {
      // Act
      const found = await search(q);
      // Assert
      expect(found).toEqual([titles.milkTitle, titles.milkDescription].sort());
    },
  );

  it('matches a substring inside a word of the description only', async () => {
    expect(await search('ILKMA')).toEqual([titles.milkDescription]);
  });

  it('matches non-ASCII letters regardless of case', async () => {
    expect(await search('ärger')).toEqual([titles.accents]);
  });

  it('returns an empty page with no cursor when nothing matches', async () => {
    // Act
    const result = await searcher.listTodos({ q: 'zebra' });
    // Assert
    expect(result.body).toMatchObject({ items: [], nextCursor: null });
  });

  it("never returns another user's todo, even when it matches", async () => {
    // Act
    const mine = await searcher.listTodos({ q: 'milk', limit: '100' });
    const theirs = await other.listTodos({ q: 'milk', limit: '100' });
    // Assert
    const mineIds = mine.body.items.map((t: { todoId: string }) => t.todoId);
    const theirIds = theirs.body.items.map((t: { todoId: string }) => t.todoId);
    expect(theirIds).toHaveLength(1);
    expect(mineIds).not.toContain(theirIds[0]);
    for (const id of mineIds) expect(theirIds).not.toContain(id);
  });

  it('combines search with the status filter', async () => {
    // Arrange
    await searcher.completeTodo(titles.milkTitle!);
    // Act
    const open = await search('milk', { status: 'open' });
    const completed = await search('milk', { status: 'completed' });
    // Assert
    expect(open).toEqual([titles.milkDescription]);
    expect(completed).toEqual([titles.milkTitle]);
  });

  it('finds a todo by its new title after an edit, and no longer by the old one', async () => {
    // Arrange
    await searcher.updateTodo(titles.unrelated!, { title: 'Walk the CAT', description: 'Thrice' });
    // Act
    const byNewTitle = await search('cat');
    const byOldTitle = await search('dog');
    const byOldDescription = await search('twice');
    // Assert
    expect(byNewTitle).toEqual([titles.unrelated]);
    expect(byOldTitle).toEqual([]);
    expect(byOldDescription).toEqual([]);
  });
});
