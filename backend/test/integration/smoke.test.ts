import { describe, expect, it } from 'vitest';
import { apiEvent, call } from '../support/events';

describe('smoke', () => {
  it('creates and reads back a todo', async () => {
    const { handler: create } = await import('../../src/functions/todos/create-todo');
    const { handler: get } = await import('../../src/functions/todos/get-todo');
    const created = await call(create, apiEvent({ method: 'POST', body: { title: 'Buy milk', dueDate: '2026-02-28' } }));
    expect(created.status).toBe(201);
    const read = await call(get, apiEvent({ pathParameters: { todoId: created.body.todoId } }));
    expect(read.body).toEqual(created.body);
    const other = await call(get, apiEvent({ userId: 'user-b', pathParameters: { todoId: created.body.todoId } }));
    expect(other.status).toBe(404);
  });
});
