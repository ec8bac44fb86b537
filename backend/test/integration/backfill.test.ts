import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoUserBookkeeping } from '../../src/account/dynamodb-user-bookkeeping';
import { documentClient } from '../../src/clients/dynamodb';
import { newId } from '../../src/lib/ids';
import { backfillTodo, backfillTodos } from '../../src/todos/backfill';
import { backfillDigestEntry, backfillUserDigest, usersWithoutDigest } from '../../src/todos/backfill-digest';
import { COUNTER_ID, SEARCH_DIGEST_FLAG } from '../../src/todos/counter';
import { bucketOf } from '../../src/todos/search-digest';
import { asUser } from '../support/api';

/**
 * Todos written before the current layout (as the first release stored them: fields only) are
 * invisible to the due views, "my order" and search until `npm run backfill` fills in what every
 * write now keeps beside them. Driven through the list API, as a client sees it.
 */
const table = process.env.TODOS_TABLE!;
const TODAY = '2030-06-15';

async function putLegacyTodo(
  userId: string,
  fields: { title: string; description?: string; dueDate?: string },
) {
  const todoId = newId();
  const now = new Date().toISOString();
  await documentClient.send(
    new PutCommand({
      TableName: table,
      Item: {
        userId,
        todoId,
        title: fields.title,
        description: fields.description ?? '',
        notes: '',
        ...(fields.dueDate ? { dueDate: fields.dueDate } : {}),
        completed: false,
        createdAt: now,
        updatedAt: now,
      },
    }),
  );
  return todoId;
}

async function readItem(userId: string, todoId: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table, Key: { userId, todoId }, ConsistentRead: true }),
  );
  return Item;
}

const titles = (body: { items: { title: string }[] }) => body.items.map((t) => t.title);

describe('backfill of todos stored before the current layout', () => {
  it('makes old todos appear in the due views, my order and search, without changing what the user sees', async () => {
    // Arrange
    const user = asUser();
    const dueToday = await putLegacyTodo(user.userId, { title: 'Pay the Café bill', dueDate: TODAY });
    await putLegacyTodo(user.userId, { title: 'Someday', description: 'no date here' });
    const before = await user.getTodo(dueToday);
    const todayBefore = await user.listTodos({ due: 'today', today: TODAY, sort: 'due' });
    expect(titles(todayBefore.body)).toEqual([]);
    // Act
    const result = await backfillTodos(documentClient, table, { users: [user.userId] });
    // Assert
    expect(result.updated).toBeGreaterThanOrEqual(2);
    expect(result).toMatchObject({ usersDigested: 1, digestEntries: 2 });
    expect((await readItem(user.userId, COUNTER_ID))?.[SEARCH_DIGEST_FLAG]).toBe(1);
    const today = await user.listTodos({ due: 'today', today: TODAY, sort: 'due' });
    expect(titles(today.body)).toEqual(['Pay the Café bill']);
    const manual = await user.listTodos({ sort: 'manual' });
    expect(titles(manual.body)).toEqual(['Pay the Café bill', 'Someday']);
    const undated = await user.listTodos({ due: 'none', today: TODAY, sort: 'due' });
    expect(titles(undated.body)).toEqual(['Someday']);
    const search = await user.listTodos({ q: 'cafe' });
    expect(titles(search.body)).toEqual(['Pay the Café bill']);
    const after = await user.getTodo(dueToday);
    expect(after.body).toEqual(before.body);
  });

  it('finds nothing left to do on a second run', async () => {
    // Arrange
    const user = asUser();
    await putLegacyTodo(user.userId, { title: 'Old one', dueDate: TODAY });
    await backfillTodos(documentClient, table, { users: [user.userId] });
    // Act
    const second = await backfillTodos(documentClient, table, { users: [user.userId] });
    // Assert
    expect(second.updated).toBe(0);
    expect(second.digestEntries).toBe(0);
  });

  it('keeps an edit made after the todo was read, and fills in what the edited todo lacks', async () => {
    // Arrange: the backfill read the todo, then the user renamed it through the API
    const user = asUser();
    const todoId = await putLegacyTodo(user.userId, { title: 'Before the edit', dueDate: TODAY });
    const stale = await readItem(user.userId, todoId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const renamed = await user.updateTodo(todoId, { title: 'After the edit' });
    expect(renamed.status).toBe(200);
    // Act
    const updated = await backfillTodo(documentClient, table, stale!);
    // Assert
    expect(updated).toBe(true);
    const today = await user.listTodos({ due: 'today', today: TODAY, sort: 'due' });
    expect(titles(today.body)).toEqual(['After the edit']);
    expect(titles((await user.listTodos({ q: 'after' })).body)).toEqual(['After the edit']);
    expect(titles((await user.listTodos({ q: 'before' })).body)).toEqual([]);
  });

  it('does not bring back a todo deleted after it was read', async () => {
    // Arrange
    const user = asUser();
    const todoId = await putLegacyTodo(user.userId, { title: 'Going away' });
    const stale = await readItem(user.userId, todoId);
    const deleted = await user.deleteTodo(todoId);
    expect(deleted.status).toBe(204);
    // Act
    const updated = await backfillTodo(documentClient, table, stale!);
    // Assert
    expect(updated).toBe(false);
    expect(await readItem(user.userId, todoId)).toBeUndefined();
  });
});

describe('backfill of the search digest', () => {
  it('names the users whose counter lacks the flag, users from before counters included', async () => {
    // Arrange
    const legacy = asUser();
    await putLegacyTodo(legacy.userId, { title: 'From before counters' });
    const fresh = asUser();
    await fresh.createTodo({ title: 'Made with the digest' });
    // Act
    const users = await usersWithoutDigest(documentClient, table);
    // Assert
    expect(users).toContain(legacy.userId);
    expect(users).not.toContain(fresh.userId);
  });

  it('gives a user searched the old way the same results through the digest, and keeps digest entries the app wrote', async () => {
    // Arrange: a user with a counter but todos from before the digest, who then adds one
    const user = asUser();
    await putLegacyTodo(user.userId, { title: 'Old pumpkin soup' });
    await backfillTodos(documentClient, table, { users: [] }); // derived attributes only
    const added = await user.createTodo({ title: 'New pumpkin pie' });
    const before = await user.listTodos({ q: 'pumpkin' });
    // Act
    const result = await backfillTodos(documentClient, table, { users: [user.userId] });
    // Assert
    expect(titles(before.body).sort()).toEqual(['New pumpkin pie', 'Old pumpkin soup']);
    expect(result.digestEntries).toBe(1);
    expect((await readItem(user.userId, COUNTER_ID))?.[SEARCH_DIGEST_FLAG]).toBe(1);
    expect(titles((await user.listTodos({ q: 'pumpkin' })).body).sort()).toEqual(titles(before.body).sort());
    expect((await readItem(user.userId, bucketOf(added.body.todoId)))?.[added.body.todoId]).toBe(
      '=new pumpkin pie\n\n',
    );
  });

  it('writes the entry of a todo renamed after it was read from its new text', async () => {
    // Arrange
    const user = asUser();
    const todoId = await putLegacyTodo(user.userId, { title: 'Before the edit' });
    const stale = await readItem(user.userId, todoId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await user.updateTodo(todoId, { title: 'After the edit' });
    // Act
    const written = await backfillDigestEntry({ client: documentClient, tableName: table }, stale!);
    // Assert
    expect(written).toBe(true);
    expect((await readItem(user.userId, bucketOf(todoId)))?.[todoId]).toBe('=after the edit\n\n');
  });

  it('writes no entry for a todo deleted after it was read', async () => {
    // Arrange
    const user = asUser();
    const todoId = await putLegacyTodo(user.userId, { title: 'Going away' });
    const stale = await readItem(user.userId, todoId);
    await user.deleteTodo(todoId);
    // Act
    const written = await backfillDigestEntry({ client: documentClient, tableName: table }, stale!);
    // Assert
    expect(written).toBe(false);
    expect((await readItem(user.userId, bucketOf(todoId)))?.[todoId]).toBeUndefined();
  });

  it('gives a deleted account back nothing: no counter, no digest entry, and its late writes stay refused', async () => {
    // Arrange: an account deleted after the backfill listed it (todos gone, tombstone left)
    const user = asUser();
    const bookkeeping = createDynamoUserBookkeeping(documentClient, table, process.env.FILES_TABLE!);
    await bookkeeping.markClosed(user.userId);
    await bookkeeping.deleteCounters(user.userId);
    // Act
    const written = await backfillUserDigest({ client: documentClient, tableName: table }, user.userId);
    const late = await user.createTodo({ title: 'Late' });
    // Assert
    expect(written).toBe(0);
    expect(late.status).toBe(401);
    const partition = await documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': user.userId },
      }),
    );
    expect(partition.Items).toEqual([]);
  });
});
