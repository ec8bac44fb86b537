import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { asUser, createTodoFor } from '../support/api';
import { TODO_FIELDS } from '../support/assertions';
import { storedTodo, TODOS_TABLE } from '../support/emulators';

/** The Wave 2 fields of a todo over HTTP: defaults, validation naming the field, whole replacement. */

const future = () => new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: process.env.AWS_REGION }),
);

const badPath = (body: { error?: { code: string; details?: { path: string }[] } }) =>
  body.error?.details?.map((d) => d.path);

describe('todo fields', () => {
  it('creates a todo with every writable field and answers them back, the server naming checklist items', async () => {
    // Arrange
    const user = asUser();
    const remindAt = future();
    // Act
    const todo = await createTodoFor(user, {
      title: 'Pay rent',
      dueDate: '2030-01-31',
      priority: 'high',
      labels: [' Home ', 'Money'],
      checklist: [{ text: 'Transfer' }, { text: 'Keep receipt', done: true }],
      repeat: { every: 1, unit: 'month' },
      position: 'm',
      remindAt,
    });
    // Assert
    expect(Object.keys(todo).sort()).toEqual(TODO_FIELDS);
    expect(todo).toMatchObject({
      priority: 'high',
      labels: ['Home', 'Money'],
      repeat: { every: 1, unit: 'month' },
      position: 'm',
      remindAt,
      nextTodoId: null,
    });
    expect(todo.checklist.map(({ text, done }) => ({ text, done }))).toEqual([
      { text: 'Transfer', done: false },
      { text: 'Keep receipt', done: true },
    ]);
    expect(new Set(todo.checklist.map((i) => i.itemId)).size).toBe(2);
    expect((await user.getTodo(todo.todoId)).body).toEqual(todo);
  });

  it('gives a new todo the defaults and a position after the todos created before it', async () => {
    // Arrange
    const user = asUser();
    // Act
    const first = await createTodoFor(user, { title: 'first' });
    const second = await createTodoFor(user, { title: 'second' });
    // Assert
    expect(first).toMatchObject({
      priority: 'none',
      labels: [],
      checklist: [],
      repeat: null,
      remindAt: null,
    });
    expect(second.position > first.position).toBe(true);
  });

  it.each([
    ['priority', { priority: 'urgent' }],
    ['labels', { labels: Array.from({ length: 11 }, (_, i) => `l${i}`) }],
    ['labels.0', { labels: ['x'.repeat(31)] }],
    ['labels.0', { labels: ['  '] }],
    ['labels', { labels: ['Home', 'HOME'] }],
    ['checklist', { checklist: Array.from({ length: 51 }, () => ({ text: 'x' })) }],
    ['checklist.0.text', { checklist: [{ text: 'x'.repeat(201) }] }],
    ['checklist.0.text', { checklist: [{ text: '' }] }],
    ['checklist.0.itemId', { checklist: [{ itemId: 'mine', text: 'x' }] }],
    ['checklist.0', { checklist: [{ text: 'x', colour: 'red' }] }],
    ['repeat.every', { dueDate: '2030-01-01', repeat: { every: 0, unit: 'day' } }],
    ['repeat.every', { dueDate: '2030-01-01', repeat: { every: 366, unit: 'day' } }],
    ['repeat.unit', { dueDate: '2030-01-01', repeat: { every: 1, unit: 'fortnight' } }],
    ['repeat', { repeat: { every: 1, unit: 'day' } }],
    ['position', { position: '' }],
    ['position', { position: 'has space' }],
    ['position', { position: 'x'.repeat(65) }],
    ['remindAt', { remindAt: '2030-01-01T09:00:00' }],
    ['remindAt', { remindAt: '2020-01-01T09:00:00Z' }],
    ['remindAt', { remindAt: '2030-02-30T09:00:00Z' }],
  ])('answers 400 naming %s for a bad value', async (path, fields) => {
    // Act
    const result = await asUser().createTodo({ title: 'x', ...fields });
    // Assert
    expect(result.status).toBe(400);
    expect(badPath(result.body)).toContain(path);
  });

  it('PATCH replaces labels and the checklist whole, keeping itemIds it is sent and naming new items', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Pack',
      labels: ['trip', 'summer'],
      checklist: [{ text: 'Passport' }, { text: 'Charger' }],
    });
    const [passport] = todo.checklist;
    // Act
    const result = await user.updateTodo(todo.todoId, {
      labels: ['Trip'],
      checklist: [{ itemId: passport!.itemId, text: 'Passport', done: true }, { text: 'Sunscreen' }],
    });
    // Assert
    expect(result.status).toBe(200);
    expect(result.body.labels).toEqual(['Trip']);
    expect(result.body.checklist).toHaveLength(2);
    expect(result.body.checklist[0]).toEqual({ ...passport, done: true });
    expect(result.body.checklist[1].text).toBe('Sunscreen');
    expect(result.body.checklist[1].itemId).not.toBe(todo.checklist[1]!.itemId);
    expect((await user.getTodo(todo.todoId)).body).toEqual(result.body);
  });

  it('keeps attributes other services store on the todo (a file counter) through every kind of write', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'With files',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'day' },
    });
    await documents.send(
      new UpdateCommand({
        TableName: TODOS_TABLE,
        Key: { userId: user.userId, todoId: todo.todoId },
        UpdateExpression: 'SET fileCount = :n',
        ExpressionAttributeValues: { ':n': 3 },
      }),
    );
    // Act
    await user.updateTodo(todo.todoId, { title: 'Renamed', labels: ['a'], checklist: [{ text: 'x' }] });
    await user.setTodoNotes(todo.todoId, { notes: 'n' });
    await user.completeTodo(todo.todoId, { today: '2029-12-31' });
    await user.updateTodo(todo.todoId, { completed: false });
    // Assert
    expect((await storedTodo(user.userId, todo.todoId))?.fileCount).toBe(3);
  });

  it('refuses a repeat on an undated todo and clearing the date of a repeating one, naming repeat', async () => {
    // Arrange
    const user = asUser();
    const undated = await createTodoFor(user, { title: 'undated' });
    const repeating = await createTodoFor(user, {
      title: 'weekly',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'week' },
    });
    // Act
    const addRepeat = await user.updateTodo(undated.todoId, { repeat: { every: 1, unit: 'day' } });
    const clearDate = await user.updateTodo(repeating.todoId, { dueDate: null });
    const both = await user.updateTodo(repeating.todoId, { dueDate: null, repeat: null });
    // Assert
    expect(addRepeat.status).toBe(400);
    expect(badPath(addRepeat.body)).toContain('repeat');
    expect(clearDate.status).toBe(400);
    expect(badPath(clearDate.body)).toContain('repeat');
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ dueDate: null, repeat: null });
    expect((await user.getTodo(undated.todoId)).body.repeat).toBeNull();
  });

  it('clears remindAt with null and refuses one in the past on PATCH', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'remind me', remindAt: future() });
    // Act
    const past = await user.updateTodo(todo.todoId, { remindAt: '2001-01-01T00:00:00Z' });
    const cleared = await user.updateTodo(todo.todoId, { remindAt: null });
    // Assert
    expect(past.status).toBe(400);
    expect(badPath(past.body)).toContain('remindAt');
    expect(cleared.body.remindAt).toBeNull();
  });
});
