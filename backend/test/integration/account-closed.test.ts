import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoUserBookkeeping } from '../../src/account/dynamodb-user-bookkeeping';
import { documentClient } from '../../src/clients/dynamodb';
import { readCounter } from '../../src/todos/counter';
import { initCounter } from '../../src/todos/counter-init';
import { asUser } from '../support/api';

/**
 * After an account is deleted, its tokens stay valid at the API's authorizer until they expire
 * (up to an hour). The closed mark on the user's counter makes every write that adds a todo a
 * 401 from the moment the deletion starts, and the tombstone that replaces it (which does not
 * name the user) keeps it so, so nothing is left behind for a user who is gone.
 */
const bookkeeping = createDynamoUserBookkeeping(
  documentClient,
  process.env.TODOS_TABLE!,
  process.env.FILES_TABLE!,
);

describe('a deleted account', () => {
  it('cannot add a todo with a token issued before the deletion, while it runs or after it', async () => {
    // Arrange
    const user = asUser();
    const kept = await user.createTodo({ title: 'Before' });
    expect(kept.status).toBe(201);
    // Act: the deletion has started (marked closed), then finishes (counters removed)
    await bookkeeping.markClosed(user.userId);
    const during = await user.createTodo({ title: 'During' });
    await bookkeeping.deleteCounters(user.userId);
    const after = await user.createTodo({ title: 'After' });
    // Assert
    expect(during.status).toBe(401);
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('This account has been deleted.');
    const list = await user.listTodos();
    expect(list.body.items.map((t: { title: string }) => t.title)).toEqual(['Before']);
  });

  it('leaves nothing in the partition of a deleted user, and still refuses their late writes', async () => {
    // Arrange: an account whose deletion has finished (no todos, counters gone)
    const user = asUser();
    await bookkeeping.markClosed(user.userId);
    await bookkeeping.deleteCounters(user.userId);
    // Act
    const late = await user.createTodo({ title: 'Late' });
    const again = await user.createTodo({ title: 'Later' });
    // Assert
    expect([late.status, again.status]).toEqual([401, 401]);
    const partition = await documentClient.send(
      new QueryCommand({
        TableName: process.env.TODOS_TABLE!,
        KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': user.userId },
      }),
    );
    expect(partition.Items).toEqual([]);
  });

  it('still deletes the todos of a user from before counters once closed (the mark comes with totals)', async () => {
    // Arrange: todos whose counter is gone, as for a user from before counters
    const user = asUser();
    const todo = await user.createTodo({ title: 'Old' });
    await documentClient.send(
      new DeleteCommand({
        TableName: process.env.TODOS_TABLE!,
        Key: { userId: user.userId, todoId: '#counts' },
      }),
    );
    // Act
    await bookkeeping.markClosed(user.userId);
    const deleted = await user.deleteTodo(todo.body.todoId);
    const created = await user.createTodo({ title: 'New' });
    // Assert
    expect(deleted.status).toBe(204);
    expect(created.status).toBe(401);
    expect((await user.listTodos()).body.items).toEqual([]);
  });

  it('cannot complete a repeating todo into a next occurrence once closed', async () => {
    // Arrange
    const user = asUser();
    const todo = await user.createTodo({
      title: 'Weekly',
      dueDate: '2030-01-07',
      repeat: { every: 1, unit: 'week' },
    });
    expect(todo.status).toBe(201);
    await bookkeeping.markClosed(user.userId);
    // Act
    const completed = await user.completeTodo(todo.body.todoId);
    // Assert
    expect(completed.status).toBe(401);
    expect((await user.listTodos()).body.items).toHaveLength(1);
  });

  it('does not stop another user from adding todos', async () => {
    // Arrange
    const closed = asUser();
    const other = asUser();
    await closed.createTodo({ title: 'Mine' });
    await bookkeeping.markClosed(closed.userId);
    // Act
    const created = await other.createTodo({ title: 'Theirs' });
    // Assert
    expect(created.status).toBe(201);
  });

  it('gets no new counter when its deletion ends just before a first write starts one', async () => {
    // Arrange: a user who never wrote (no counter); the deletion finishes as the write begins,
    // i.e. after any look for a tombstone the write could have made
    const user = asUser();
    await bookkeeping.markClosed(user.userId);
    await bookkeeping.deleteCounters(user.userId);
    // Act: the write's own start of a counter
    const outcome = await initCounter(documentClient, process.env.TODOS_TABLE!, user.userId);
    // Assert
    expect(outcome).toBe('closed');
    expect(await readCounter(documentClient, process.env.TODOS_TABLE!, user.userId)).toBeUndefined();
  });
});
