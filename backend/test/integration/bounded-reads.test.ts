import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../src/clients/dynamodb';
import { MAX_READ } from '../../src/todos/dynamodb-todo-list';
import { asUser } from '../support/api';
import { seedTodos, todoFields } from '../support/seed';

/**
 * One user with 10,000 todos (without a search digest): a search or filter that matches nothing reads a bounded number of
 * items per request and answers with a cursor, never the whole partition at once; following
 * the cursors ends; counts stay exact and come with every page.
 */
const TOTAL = 10_000;
const user = asUser();

beforeAll(async () => {
  const todos = Array.from({ length: TOTAL }, (_, i) =>
    todoFields({
      title: `Todo number ${i}`,
      description: 'some words to make the item realistic',
      dueDate: `2030-0${1 + (i % 9)}-1${i % 10}`,
      labels: i % 2 ? ['home'] : [],
      completed: i % 3 === 0,
      completedAt: i % 3 === 0 ? '2030-01-01T00:00:00.000Z' : null,
    }),
  );
  // Stored before the search digest existed, so a search goes the query path, whose bounds these are.
  await seedTodos(user.userId, todos, undefined, { digest: false });
}, 180_000);

/** Items DynamoDB read (before filtering) for each list request made during `run`. */
async function itemsRead<T>(run: () => Promise<T>): Promise<{ result: T; read: number }> {
  let read = 0;
  const send = documentClient.send.bind(documentClient);
  const spy = vi.spyOn(documentClient, 'send').mockImplementation((async (command: unknown) => {
    const output = await send(command as never);
    if (command instanceof QueryCommand) read += (output as { ScannedCount?: number }).ScannedCount ?? 0;
    return output;
  }) as never);
  try {
    return { result: await run(), read };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe(`bounded reads with ${TOTAL} todos`, () => {
  it('answers a search matching nothing with fewer items and a cursor, having read a bounded amount', async () => {
    // Act
    const { result, read } = await itemsRead(() => user.listTodos({ q: 'zebra' }));
    // Assert
    expect(result.status).toBe(200);
    expect(result.body.items).toEqual([]);
    expect(typeof result.body.nextCursor).toBe('string');
    expect(read).toBeLessThanOrEqual(MAX_READ);
    expect(result.body.counts).toEqual({
      open: TOTAL - Math.ceil(TOTAL / 3),
      completed: Math.ceil(TOTAL / 3),
    });
  });

  it('reaches the end of a fruitless search by following cursors, each request bounded', async () => {
    // Arrange
    const reads: number[] = [];
    let cursor: string | null = null;
    // Act
    do {
      const { result, read } = await itemsRead(() =>
        user.listTodos({ q: 'zebra', sort: 'manual', ...(cursor ? { cursor } : {}) }),
      );
      expect(result.body.items).toEqual([]);
      reads.push(read);
      cursor = result.body.nextCursor;
    } while (cursor && reads.length < 100);
    // Assert
    expect(cursor).toBeNull();
    expect(Math.max(...reads)).toBeLessThanOrEqual(MAX_READ);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(TOTAL);
  }, 120_000);

  it('bounds a filter that matches little too (a label no todo has, sorted by due date)', async () => {
    // Act
    const { result, read } = await itemsRead(() => user.listTodos({ label: 'nowhere', sort: 'due' }));
    // Assert
    expect(result.body.items).toEqual([]);
    expect(result.body.nextCursor).not.toBeNull();
    expect(read).toBeLessThanOrEqual(MAX_READ);
  });

  it('serves a full first page reading only that page', async () => {
    // Act
    const { result, read } = await itemsRead(() => user.listTodos({ limit: '25' }));
    // Assert
    expect(result.body.items).toHaveLength(25);
    expect(read).toBeLessThanOrEqual(26);
  });
});
