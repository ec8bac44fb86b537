import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../src/clients/dynamodb';
import { COUNTER_ID, SEARCH_DIGEST_FLAG } from '../../src/todos/counter';
import { MAX_READ } from '../../src/todos/dynamodb-todo-list';
import type { Todo } from '../../src/todos/model';
import { bucketOf, DIGEST_BUCKETS, DIGEST_TEXT_MAX } from '../../src/todos/search-digest';
import { asUser, createTodoFor, type User } from '../support/api';
import { seedTodos, todoFields } from '../support/seed';

/**
 * Search through the digest: every write keeps a todo's digest entry, so a search finds exactly
 * what the todos hold, in one request however many todos the user has; users whose todos predate
 * the digest (no flag) are searched the old way, with the same results.
 */
const table = process.env.TODOS_TABLE!;
const TODAY = '2030-06-15';

const titles = (result: { body: { items: Todo[] } }) => result.body.items.map((t) => t.title).sort();

async function walk(user: User, query: Record<string, string>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let requests = 0;
  do {
    const result = await user.listTodos({ ...query, ...(cursor ? { cursor } : {}) });
    expect(result.status).toBe(200);
    ids.push(...result.body.items.map((t: Todo) => t.todoId));
    cursor = result.body.nextCursor;
    requests += 1;
  } while (cursor && requests < 100);
  return { ids, requests };
}

async function digestEntryOf(userId: string, todoId: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table, Key: { userId, todoId: bucketOf(todoId) }, ConsistentRead: true }),
  );
  return Item?.[todoId] as string | undefined;
}

/** Items DynamoDB queries read (before filtering) while `run` runs. */
async function itemsRead<T>(run: () => Promise<T>): Promise<{ result: T; read: number }> {
  let read = 0;
  const send = documentClient.send.bind(documentClient);
  vi.spyOn(documentClient, 'send').mockImplementation((async (command: unknown) => {
    const output = await send(command as never);
    if (command instanceof QueryCommand) read += (output as { ScannedCount?: number }).ScannedCount ?? 0;
    return output;
  }) as never);
  const result = await run();
  vi.restoreAllMocks();
  return { result, read };
}

afterEach(() => vi.restoreAllMocks());

describe('search digest kept by every write', () => {
  it('flags a new user, and finds a todo by a substring of its title, description or notes', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Renovation plan', description: 'Call the Plumber' });
    await user.setTodoNotes(todo.todoId, { notes: 'Ask about the Gärtnerei next door' });
    await createTodoFor(user, { title: 'Something else' });
    const { Item: counter } = await documentClient.send(
      new GetCommand({ TableName: table, Key: { userId: user.userId, todoId: COUNTER_ID } }),
    );
    // Act
    const results = await Promise.all(
      ['novat', 'plumb', 'GARTNER', 'plan plumber'].map((q) => user.listTodos({ q })),
    );
    // Assert
    expect(counter?.[SEARCH_DIGEST_FLAG]).toBe(1);
    for (const result of results) expect(titles(result)).toEqual(['Renovation plan']);
  });

  it('follows edits: the old word no longer matches, the new one does', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Buy apples', description: 'at the market' });
    await user.setTodoNotes(todo.todoId, { notes: 'green ones' });
    // Act
    await user.updateTodo(todo.todoId, { title: 'Buy pears', priority: 'high' });
    await user.setTodoNotes(todo.todoId, { notes: 'yellow ones' });
    // Assert
    expect(titles(await user.listTodos({ q: 'apples' }))).toEqual([]);
    expect(titles(await user.listTodos({ q: 'green' }))).toEqual([]);
    expect(titles(await user.listTodos({ q: 'pears market yellow' }))).toEqual(['Buy pears']);
  });

  it('forgets a deleted todo, and the completed todos cleared in bulk', async () => {
    // Arrange
    const user = asUser();
    const gone = await createTodoFor(user, { title: 'Walnut bread' });
    const cleared = await createTodoFor(user, { title: 'Walnut cake' });
    const kept = await createTodoFor(user, { title: 'Walnut oil' });
    await user.completeTodo(cleared.todoId);
    // Act
    await user.deleteTodo(gone.todoId);
    expect((await user.clearCompleted({ status: 'completed' })).status).toBe(200);
    // Assert
    expect(titles(await user.listTodos({ q: 'walnut' }))).toEqual(['Walnut oil']);
    expect(await digestEntryOf(user.userId, gone.todoId)).toBeUndefined();
    expect(await digestEntryOf(user.userId, cleared.todoId)).toBeUndefined();
    expect(await digestEntryOf(user.userId, kept.todoId)).toBe('=walnut oil\n\n');
  });

  it("writes the entry of a repeating todo's next occurrence", async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Water the ficus',
      dueDate: TODAY,
      repeat: { every: 1, unit: 'week' },
    });
    // Act
    await user.completeTodo(todo.todoId, { today: TODAY });
    // Assert
    const result = await user.listTodos({ q: 'ficus', status: 'open' });
    expect(result.body.items).toHaveLength(1);
    expect(result.body.items[0].todoId).not.toBe(todo.todoId);
  });

  it('finds a word of a long note past the digest cut-off', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Long read' });
    await user.setTodoNotes(todo.todoId, { notes: `${'lorem ipsum '.repeat(60)} the Zeppelin part` });
    await createTodoFor(user, { title: 'Short one' });
    // Act
    const result = await user.listTodos({ q: 'zeppelin' });
    // Assert
    const entry = await digestEntryOf(user.userId, todo.todoId);
    expect(entry?.length).toBe(DIGEST_TEXT_MAX + 1);
    expect(entry).not.toContain('zeppelin');
    expect(titles(result)).toEqual(['Long read']);
  });
});

describe('search digest with many todos', () => {
  const flagged = asUser();
  const unflagged = asUser();
  const stranger = asUser();
  let todos: Todo[] = [];
  const LABELS = [[], ['Home'], ['work']];

  beforeAll(async () => {
    // 2,000 todos, 64 of which hold "quince" (60 titles, 4 descriptions).
    todos = Array.from({ length: 2_000 }, (_, i) => {
      const completed = i % 3 === 0;
      return todoFields({
        title: i % 33 === 0 && i < 1_980 ? `Quince jam ${i}` : `Todo number ${i}`,
        description: i % 500 === 7 ? 'with QUINCE' : 'some words to make it realistic',
        dueDate: i % 4 === 0 ? null : `2030-06-${String(10 + (i % 11)).padStart(2, '0')}`,
        labels: LABELS[i % 3]!,
        completed,
        completedAt: completed ? '2030-06-01T00:00:00.000Z' : null,
        position: `p${i % 17}`,
      });
    });
    await seedTodos(flagged.userId, todos);
    // The same todos, stored before the digest existed: no entries and no flag.
    await seedTodos(unflagged.userId, todos, table, { digest: false });
    await seedTodos(stranger.userId, [todoFields({ title: 'Quince of a stranger' })]);
  }, 120_000);

  it('answers a search matching one todo, or none, in one request, reading only the digest buckets', async () => {
    // Act
    const one = await itemsRead(() => flagged.listTodos({ q: 'quince 1287' }));
    const none = await itemsRead(() => flagged.listTodos({ q: 'zebra' }));
    // Assert
    expect(one.result.body.items.map((t: Todo) => t.title)).toEqual(['Quince jam 1287']);
    expect(one.result.body.nextCursor).toBeNull();
    expect(one.read).toBeLessThanOrEqual(DIGEST_BUCKETS);
    expect(none.result.body.items).toEqual([]);
    expect(none.result.body.nextCursor).toBeNull();
    expect(none.read).toBeLessThanOrEqual(DIGEST_BUCKETS);
  });

  it.each<Record<string, string>>([
    { q: 'quince', sort: 'created' },
    { q: 'quince', sort: 'due' },
    { q: 'quince', sort: 'manual' },
    { q: 'QUINCE', status: 'open', sort: 'due' },
    { q: 'quince', label: 'home', sort: 'manual' },
    { q: 'quince', due: 'upcoming', today: TODAY, sort: 'created' },
    { q: 'quince', due: 'none', today: TODAY, status: 'completed', sort: 'due' },
  ])('pages %o exactly as the query path does, none skipped or repeated', async (query) => {
    // Act
    const digest = await walk(flagged, { ...query, limit: '4' });
    const scan = await walk(unflagged, { ...query, limit: '4' });
    // Assert
    expect(new Set(digest.ids).size).toBe(digest.ids.length);
    expect(digest.ids).toEqual(scan.ids);
    expect(digest.ids.length).toBeGreaterThan(0);
    const expected = todos.filter((t) => `${t.title} ${t.description}`.toLowerCase().includes('quince'));
    if (Object.keys(query).length === 2) expect(digest.ids.length).toBe(expected.length);
  });

  it("never answers another user's todo", async () => {
    // Act
    const { ids } = await walk(flagged, { q: 'stranger' });
    const own = await walk(stranger, { q: 'quince' });
    // Assert
    expect(ids).toEqual([]);
    expect(own.ids).toHaveLength(1);
  });

  it('still finds the todos of a user without the flag, through bounded queries', async () => {
    // Act
    const { ids, requests } = await walk(unflagged, { q: 'quince 1287' });
    // Assert
    expect(ids).toEqual([todos[1287]!.todoId]);
    expect(requests).toBeGreaterThanOrEqual(Math.ceil(todos.length / MAX_READ));
  });

  it('pages a search with more candidates than the digest serves through the query path, exactly', async () => {
    // Act
    const digest = await walk(flagged, { q: 'todo', limit: '100', sort: 'manual' });
    // Assert
    expect(new Set(digest.ids).size).toBe(todos.length - 60);
    expect(digest.ids.length).toBe(todos.length - 60);
  });
});
