import { describe, expect, it } from 'vitest';

/**
 * The per-user todo limit (stack parameter MaxTodosPerUser) holds under parallel requests: the
 * counter item's condition `total < max` runs in the same transaction as each create. A low
 * limit is set before the handlers load (they read their environment at import).
 */
const MAX = 5;
process.env.MAX_TODOS_PER_USER = String(MAX);
const { asUser, createTodoFor } = await import('../support/api');
const { expectError } = await import('../support/assertions');

describe(`at most ${MAX} todos per user`, () => {
  it('lets exactly the limit through of 25 parallel creates; the rest get 409 TOO_MANY_TODOS', async () => {
    // Arrange
    const user = asUser();
    // Act
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => user.createTodo({ title: `t${i}` })),
    );
    // Assert
    expect(results.filter((r) => r.status === 201)).toHaveLength(MAX);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(25 - MAX);
    for (const result of refused) expectError(result, 409, 'TOO_MANY_TODOS');
    const list = await user.listTodos({ limit: '100' });
    expect(list.body.items).toHaveLength(MAX);
    expect(list.body.counts).toEqual({ open: MAX, completed: 0 });
  });

  it('counts completed todos too, and frees a place when one is deleted', async () => {
    // Arrange
    const user = asUser();
    const todos = await Promise.all(
      Array.from({ length: MAX }, (_, i) => createTodoFor(user, { title: `t${i}` })),
    );
    await user.completeTodo(todos[0]!.todoId);
    // Act
    const full = await user.createTodo({ title: 'one too many' });
    await user.deleteTodo(todos[0]!.todoId);
    const freed = await user.createTodo({ title: 'fits again' });
    // Assert
    expectError(full, 409, 'TOO_MANY_TODOS');
    expect(freed.status).toBe(201);
    expect((await user.listTodos()).body.counts).toEqual({ open: MAX, completed: 0 });
  });

  it('refuses to complete a repeating todo at the limit, since its next occurrence would pass it', async () => {
    // Arrange
    const user = asUser();
    const repeating = await createTodoFor(user, {
      title: 'daily',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'day' },
    });
    await Promise.all(Array.from({ length: MAX - 1 }, (_, i) => createTodoFor(user, { title: `t${i}` })));
    // Act
    const result = await user.completeTodo(repeating.todoId, { today: '2030-01-01' });
    // Assert
    expectError(result, 409, 'TOO_MANY_TODOS');
    expect((await user.getTodo(repeating.todoId)).body).toMatchObject({ completed: false, nextTodoId: null });
    expect((await user.listTodos()).body.counts).toEqual({ open: MAX, completed: 0 });
  });

  it('limits each user separately', async () => {
    // Arrange
    const full = asUser();
    await Promise.all(Array.from({ length: MAX }, (_, i) => createTodoFor(full, { title: `t${i}` })));
    // Act
    const other = await asUser().createTodo({ title: 'mine' });
    // Assert
    expect(other.status).toBe(201);
  });
});
