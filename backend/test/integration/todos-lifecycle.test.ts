import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids';
import { asUser, createTodoFor } from '../support/api';
import { expectError, TODO_FIELDS } from '../support/assertions';
import { storedTodo } from '../support/emulators';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('todos lifecycle against DynamoDB Local', () => {
  it('creates a todo (201) with exactly the Todo fields and sensible defaults', async () => {
    // Arrange
    const user = asUser();
    // Act
    const created = await user.createTodo({
      title: '  Buy milk  ',
      description: 'Semi-skimmed',
      dueDate: '2024-02-29',
    });
    // Assert
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(TODO_FIELDS);
    expect(created.body).toMatchObject({
      title: 'Buy milk',
      description: 'Semi-skimmed',
      notes: '',
      dueDate: '2024-02-29',
      completed: false,
      completedAt: null,
    });
    expect(created.body.createdAt).toMatch(ISO_INSTANT);
    expect(created.body.updatedAt).toBe(created.body.createdAt);
  });

  it('creates a todo with only a title: empty description and notes, no due date', async () => {
    // Arrange
    const user = asUser();
    // Act
    const created = await user.createTodo({ title: 'Call mum' });
    // Assert
    expect(created.body).toMatchObject({ description: '', notes: '', dueDate: null, completed: false });
  });

  it('reads back exactly what was created, and lists it', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Water plants', dueDate: '2025-06-01' });
    // Act
    const read = await user.getTodo(todo.todoId);
    const list = await user.listTodos();
    // Assert
    expect(read.status).toBe(200);
    expect(read.body).toEqual(todo);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [todo], nextCursor: null, counts: { open: 1, completed: 0 } });
  });

  it('lists newest first', async () => {
    // Arrange
    const user = asUser();
    const first = await createTodoFor(user, { title: 'first' });
    const second = await createTodoFor(user, { title: 'second' });
    const third = await createTodoFor(user, { title: 'third' });
    // Act
    const list = await user.listTodos();
    // Assert
    expect(list.body.items.map((t: { todoId: string }) => t.todoId)).toEqual([
      third.todoId,
      second.todoId,
      first.todoId,
    ]);
  });

  it('patches title, description and due date, keeping other fields, and moves updatedAt', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Old', description: 'old text', dueDate: '2025-01-01' });
    await user.setTodoNotes(todo.todoId, { notes: 'keep me' });
    await sleep(5);
    // Act
    const patched = await user.updateTodo(todo.todoId, {
      title: 'New',
      description: 'new text',
      dueDate: '2025-12-31',
    });
    // Assert
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      todoId: todo.todoId,
      title: 'New',
      description: 'new text',
      dueDate: '2025-12-31',
      notes: 'keep me',
      completed: false,
      createdAt: todo.createdAt,
    });
    expect(patched.body.updatedAt > todo.updatedAt).toBe(true);
    expect((await user.getTodo(todo.todoId)).body).toEqual(patched.body);
  });

  it('clears the due date when patched with dueDate null', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Dated', dueDate: '2025-05-05' });
    // Act
    const patched = await user.updateTodo(todo.todoId, { dueDate: null });
    // Assert
    expect(patched.status).toBe(200);
    expect(patched.body.dueDate).toBeNull();
    expect((await user.getTodo(todo.todoId)).body.dueDate).toBeNull();
    expect(await storedTodo(user.userId, todo.todoId)).not.toHaveProperty('dueDate');
  });

  it('completes through PATCH completed:true and reopens through completed:false', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const completed = await user.updateTodo(todo.todoId, { completed: true });
    const reopened = await user.updateTodo(todo.todoId, { completed: false });
    // Assert
    expect(completed.body.completed).toBe(true);
    expect(completed.body.completedAt).toMatch(ISO_INSTANT);
    expect(reopened.status).toBe(200);
    expect(reopened.body.completed).toBe(false);
    expect(reopened.body.completedAt).toBeNull();
  });

  it('completes idempotently through POST /complete, keeping the first completedAt', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const first = await user.completeTodo(todo.todoId);
    await sleep(10);
    const second = await user.completeTodo(todo.todoId);
    await sleep(10);
    const viaPatch = await user.updateTodo(todo.todoId, { completed: true });
    // Assert
    expect(first.status).toBe(200);
    expect(first.body.completed).toBe(true);
    expect(first.body.completedAt).toMatch(ISO_INSTANT);
    expect(second.status).toBe(200);
    expect(second.body.completed).toBe(true);
    expect(second.body).toEqual(first.body);
    expect(viaPatch.body.completedAt).toBe(first.body.completedAt);
  });

  it('gives a todo completed again after reopening a new completedAt', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const first = await user.completeTodo(todo.todoId);
    await user.updateTodo(todo.todoId, { completed: false });
    await sleep(10);
    // Act
    const again = await user.completeTodo(todo.todoId);
    // Assert
    expect(again.body.completedAt > first.body.completedAt).toBe(true);
  });

  it('replaces notes through PUT /notes, keeping line breaks', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    await user.setTodoNotes(todo.todoId, { notes: 'first draft' });
    // Act
    const result = await user.setTodoNotes(todo.todoId, { notes: 'line 1\nline 2\n\ttabbed' });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body.notes).toBe('line 1\nline 2\n\ttabbed');
    expect(result.body.title).toBe(todo.title);
    expect((await user.getTodo(todo.todoId)).body.notes).toBe('line 1\nline 2\n\ttabbed');
  });

  it('deletes with 204, after which every route answers 404 and nothing comes back to life', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const deleted = await user.deleteTodo(todo.todoId);
    const afterwards = {
      get: await user.getTodo(todo.todoId),
      patch: await user.updateTodo(todo.todoId, { title: 'resurrected?' }),
      complete: await user.completeTodo(todo.todoId),
      notes: await user.setTodoNotes(todo.todoId, { notes: 'resurrected?' }),
      deleteAgain: await user.deleteTodo(todo.todoId),
    };
    // Assert
    expect(deleted.status).toBe(204);
    expect(deleted.rawBody).toBeUndefined();
    for (const result of Object.values(afterwards)) expectError(result, 404, 'NOT_FOUND');
    expect(await storedTodo(user.userId, todo.todoId)).toBeUndefined();
    expect((await user.listTodos()).body.items).toEqual([]);
  });

  it('answers 404 on every route for a well-formed id that was never created', async () => {
    // Arrange
    const user = asUser();
    const missing = newId();
    // Act
    const results = [
      await user.getTodo(missing),
      await user.updateTodo(missing, { title: 'x' }),
      await user.completeTodo(missing),
      await user.setTodoNotes(missing, { notes: 'x' }),
      await user.deleteTodo(missing),
    ];
    // Assert
    for (const result of results) expectError(result, 404, 'NOT_FOUND');
    expect(await storedTodo(user.userId, missing)).toBeUndefined();
  });
});
