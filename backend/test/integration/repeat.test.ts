import { describe, expect, it } from 'vitest';
import type { Todo } from '../../src/todos/model';
import { asUser, createTodoFor, type User } from '../support/api';

/** Completing a repeating todo over HTTP: the next occurrence, exactly once, with the contract's dates. */

async function listAll(user: User): Promise<Todo[]> {
  return (await user.listTodos({ limit: '100' })).body.items;
}

describe('repeating todos', () => {
  it('completes and creates the next occurrence: same series, fresh state, due after both dates', async () => {
    // Arrange
    const user = asUser();
    const remindAt = '2098-03-10T09:30:00+01:00';
    const todo = await createTodoFor(user, {
      title: 'Water plants',
      description: 'balcony',
      dueDate: '2098-03-10',
      priority: 'medium',
      labels: ['home'],
      checklist: [{ text: 'front', done: true }, { text: 'back' }],
      repeat: { every: 3, unit: 'day' },
      position: 'p',
      remindAt,
    });
    await user.setTodoNotes(todo.todoId, { notes: 'not copied' });
    // Act
    const result = await user.completeTodo(todo.todoId, { today: '2098-03-20' });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ todoId: todo.todoId, completed: true });
    const nextId = result.body.nextTodoId;
    expect(typeof nextId).toBe('string');
    const next = (await user.getTodo(nextId)).body as Todo;
    expect(next).toMatchObject({
      title: 'Water plants',
      description: 'balcony',
      notes: '',
      dueDate: '2098-03-22',
      completed: false,
      completedAt: null,
      priority: 'medium',
      labels: ['home'],
      repeat: { every: 3, unit: 'day' },
      remindAt: '2098-03-22T09:30:00+01:00',
      nextTodoId: null,
    });
    expect(next.checklist.map((i) => [i.text, i.done])).toEqual([
      ['front', false],
      ['back', false],
    ]);
    expect((await user.listTodos()).body.counts).toEqual({ open: 1, completed: 1 });
  });

  it('completing again, in sequence or in parallel, returns the same todo and nextTodoId and creates one occurrence', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Standup',
      dueDate: '2030-01-05',
      repeat: { every: 1, unit: 'week' },
    });
    // Act
    const results = await Promise.all(
      Array.from({ length: 8 }, () => user.completeTodo(todo.todoId, { today: '2030-01-05' })),
    );
    const again = await user.completeTodo(todo.todoId, { today: '2030-02-01' });
    // Assert
    const nextIds = new Set([...results, again].map((r) => r.body.nextTodoId));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(nextIds.size).toBe(1);
    const all = await listAll(user);
    expect(all).toHaveLength(2);
    expect(all.find((t) => t.todoId !== todo.todoId)?.dueDate).toBe('2030-01-12');
    expect((await user.listTodos()).body.counts).toEqual({ open: 1, completed: 1 });
  });

  it('PATCH completed:true takes the same path: one next occurrence, and reopening keeps it', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Rent',
      dueDate: '2030-01-31',
      repeat: { every: 1, unit: 'month' },
    });
    // Act
    const done = await user.request('updateTodo', {
      todoId: todo.todoId,
      body: { completed: true },
      query: { today: '2030-01-31' },
    });
    const reopened = await user.updateTodo(todo.todoId, { completed: false });
    const doneAgain = await user.updateTodo(todo.todoId, { completed: true });
    // Assert
    expect(done.body.nextTodoId).toBeTruthy();
    expect(reopened.body).toMatchObject({ completed: false, nextTodoId: done.body.nextTodoId });
    expect(doneAgain.body.nextTodoId).toBe(done.body.nextTodoId);
    const all = await listAll(user);
    expect(all).toHaveLength(2);
    expect((await user.getTodo(done.body.nextTodoId)).body.dueDate).toBe('2030-02-28');
    expect((await user.listTodos()).body.counts).toEqual({ open: 1, completed: 1 });
  });

  it('a monthly series keeps its day through a short month: Jan 31 → Feb 28 → Mar 31', async () => {
    // Arrange
    const user = asUser();
    let todo = await createTodoFor(user, {
      title: 'Invoice',
      dueDate: '2030-01-31',
      repeat: { every: 1, unit: 'month' },
    });
    const dates: string[] = [];
    // Act
    for (let i = 0; i < 3; i++) {
      const done = await user.completeTodo(todo.todoId, { today: todo.dueDate! });
      todo = (await user.getTodo(done.body.nextTodoId)).body;
      dates.push(todo.dueDate!);
    }
    // Assert
    expect(dates).toEqual(['2030-02-28', '2030-03-31', '2030-04-30']);
  });

  it('a yearly leap-day series lands on Feb 28, then on Feb 29 again in the next leap year', async () => {
    // Arrange
    const user = asUser();
    let todo = await createTodoFor(user, {
      title: 'Leap',
      dueDate: '2028-02-29',
      repeat: { every: 1, unit: 'year' },
    });
    const dates: string[] = [];
    // Act
    for (let i = 0; i < 4; i++) {
      const done = await user.completeTodo(todo.todoId, { today: '2028-01-01' });
      todo = (await user.getTodo(done.body.nextTodoId)).body;
      dates.push(todo.dueDate!);
    }
    // Assert
    expect(dates).toEqual(['2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']);
  });

  it('a non-repeating todo completes without a next occurrence', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Once', dueDate: '2030-01-01' });
    // Act
    const done = await user.completeTodo(todo.todoId, { today: '2030-01-01' });
    // Assert
    expect(done.body).toMatchObject({ completed: true, nextTodoId: null });
    expect(await listAll(user)).toHaveLength(1);
  });

  it('answers 400 naming today for an impossible date', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'x' });
    // Act
    const result = await user.completeTodo(todo.todoId, { today: '2030-02-30' });
    // Assert
    expect(result.status).toBe(400);
    expect(result.body.error.details.map((d: { path: string }) => d.path)).toContain('today');
  });
});
