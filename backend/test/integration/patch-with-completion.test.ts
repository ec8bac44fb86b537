import { describe, expect, it } from 'vitest';
import type { Todo } from '../../src/todos/model';

/**
 * `PATCH /todos/{id}` with field edits and `completed` is one DynamoDB transaction: all of it or
 * nothing, and a repeating todo moves on from the todo as edited. A low per-user limit is set
 * before the handlers load (they read their environment at import).
 */
const MAX = 3;
process.env.MAX_TODOS_PER_USER = String(MAX);
const { asUser, createTodoFor } = await import('../support/api');
const { expectError } = await import('../support/assertions');
const { storedTodo } = await import('../support/emulators');
const { documentClient } = await import('../../src/clients/dynamodb');
const { createDynamoUserBookkeeping } = await import('../../src/account/dynamodb-user-bookkeeping');

const titles = (result: { body: { items: Todo[] } }) => result.body.items.map((t) => t.title).sort();

describe('PATCH with field edits and completed, in one go', () => {
  it('at the todo limit, refuses {title, completed:true} on a repeating todo with 409 and keeps the old title', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Water plants',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'day' },
    });
    await Promise.all(Array.from({ length: MAX - 1 }, (_, i) => createTodoFor(user, { title: `t${i}` })));
    // Act
    const result = await user.request('updateTodo', {
      todoId: todo.todoId,
      body: { title: 'Feed the cat', completed: true },
      query: { today: '2030-01-01' },
    });
    // Assert
    expectError(result, 409, 'TOO_MANY_TODOS');
    expect((await user.getTodo(todo.todoId)).body).toMatchObject({
      title: 'Water plants',
      completed: false,
      nextTodoId: null,
      updatedAt: todo.updatedAt,
    });
    expect(titles(await user.listTodos({ q: 'cat', status: 'all' }))).toEqual([]);
    expect((await user.listTodos()).body.counts).toEqual({ open: MAX, completed: 0 });
  });

  it('for an account being deleted, refuses {title, completed:true} on a repeating todo with 401 and keeps the old title', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Weekly',
      dueDate: '2030-01-07',
      repeat: { every: 1, unit: 'week' },
    });
    const bookkeeping = createDynamoUserBookkeeping(
      documentClient,
      process.env.TODOS_TABLE!,
      process.env.FILES_TABLE!,
    );
    await bookkeeping.markClosed(user.userId);
    // Act
    const result = await user.updateTodo(todo.todoId, { title: 'Renamed', completed: true });
    // Assert
    expectError(result, 401, 'UNAUTHORIZED');
    expect((await user.getTodo(todo.todoId)).body).toMatchObject({ title: 'Weekly', completed: false });
  });

  it('moves a repeating todo on from the due date and title sent with completed:true', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Standup',
      dueDate: '2030-01-06',
      repeat: { every: 1, unit: 'week' },
    });
    // Act
    const result = await user.request('updateTodo', {
      todoId: todo.todoId,
      body: { title: 'Retro', dueDate: '2030-02-01', completed: true },
      query: { today: '2030-01-06' },
    });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ title: 'Retro', dueDate: '2030-02-01', completed: true });
    const next = (await user.getTodo(result.body.nextTodoId)).body as Todo;
    expect(next).toMatchObject({ title: 'Retro', dueDate: '2030-02-08', completed: false });
    expect((await user.listTodos()).body.counts).toEqual({ open: 1, completed: 1 });
  });

  it('a new date restarts a monthly series from its own day: the old series day is not carried on', async () => {
    // Arrange: the occurrence after Jan 31 is due Feb 28 and keeps day 31
    const user = asUser();
    const first = await createTodoFor(user, {
      title: 'Invoice',
      dueDate: '2030-01-31',
      repeat: { every: 1, unit: 'month' },
    });
    const done = await user.completeTodo(first.todoId, { today: '2030-01-31' });
    const second = (await user.getTodo(done.body.nextTodoId)).body as Todo;
    // Act
    const result = await user.request('updateTodo', {
      todoId: second.todoId,
      body: { dueDate: '2030-03-15', completed: true },
      query: { today: '2030-03-15' },
    });
    // Assert
    expect(second.dueDate).toBe('2030-02-28');
    const third = (await user.getTodo(result.body.nextTodoId)).body as Todo;
    expect(third.dueDate).toBe('2030-04-15');
    expect((await storedTodo(user.userId, third.todoId))?.seriesDay).toBe(15);
  });

  it('a repeat stopped in the same PATCH completes without a next occurrence', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Last time',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'day' },
    });
    // Act
    const result = await user.updateTodo(todo.todoId, { repeat: null, completed: true });
    // Assert
    expect(result.body).toMatchObject({ repeat: null, completed: true, nextTodoId: null });
    expect((await user.listTodos({ status: 'all' })).body.items).toHaveLength(1);
    expect((await user.listTodos()).body.counts).toEqual({ open: 0, completed: 1 });
  });

  it('reopens and renames a completed todo in one go, and counts it open again', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Pay rent' });
    await user.completeTodo(todo.todoId);
    // Act
    const result = await user.updateTodo(todo.todoId, { title: 'Pay the rent', completed: false });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ title: 'Pay the rent', completed: false, completedAt: null });
    expect((await user.getTodo(todo.todoId)).body).toMatchObject({
      title: 'Pay the rent',
      completed: false,
      completedAt: null,
    });
    expect((await storedTodo(user.userId, todo.todoId))?.titleLower).toBe('pay the rent');
    expect((await user.listTodos()).body.counts).toEqual({ open: 1, completed: 0 });
  });

  it('edits an already completed todo with completed:true without counting it twice', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Done once' });
    const done = await user.completeTodo(todo.todoId);
    // Act
    const result = await user.updateTodo(todo.todoId, { priority: 'high', completed: true });
    // Assert
    expect(result.body).toMatchObject({
      priority: 'high',
      completed: true,
      completedAt: done.body.completedAt,
    });
    expect((await user.listTodos()).body.counts).toEqual({ open: 0, completed: 1 });
  });

  it('search finds the completed todo and its next occurrence by the title sent with completed:true', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Buy apples',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'day' },
    });
    // Act
    const result = await user.request('updateTodo', {
      todoId: todo.todoId,
      body: { title: 'Buy Zucchini', completed: true },
      query: { today: '2030-01-01' },
    });
    // Assert
    expect(result.status).toBe(200);
    const found = (await user.listTodos({ q: 'zucchini', status: 'all' })).body.items as Todo[];
    expect(found.map((t) => t.todoId).sort()).toEqual([todo.todoId, result.body.nextTodoId].sort());
    expect(titles(await user.listTodos({ q: 'apples', status: 'all' }))).toEqual([]);
  });
});
