import { describe, expect, it } from 'vitest';
import { createTodo, expectBadField, type Page, TODO_KEYS } from './support/contract';
import { call } from './support/http';
import { useStackSession } from './support/stack-session';

/**
 * The API contract (docs/api.md) as a careful client checks it over HTTP against the running
 * stack: exact Todo shapes, a 400 naming the field for every kind of junk, 404 for another user's
 * data, cursors and bulk delete. More in contract-listing and contract-files.
 */
const app = useStackSession('local-contract-todos');
const { todos, files } = app;
const alice = () => app.alice.accessToken;
const bob = () => app.bob.accessToken;
const create = (token: string, body: Record<string, unknown>) => createTodo(todos(), token, body);

describe('todo shape and junk input', () => {
  it('answers exactly the Todo fields on create, get, patch, complete, notes and list', async () => {
    const todo = await create(alice(), { title: 'shape' });
    expect(Object.keys(todo).sort()).toEqual(TODO_KEYS);
    const replies = [
      await call(todos(`/${todo.todoId}`), { token: alice() }),
      await call(todos(`/${todo.todoId}`), { method: 'PATCH', token: alice(), body: { priority: 'low' } }),
      await call(todos(`/${todo.todoId}/notes`), { method: 'PUT', token: alice(), body: { notes: 'n' } }),
      await call(todos(`/${todo.todoId}/complete`), { method: 'POST', token: alice() }),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.json as object).sort()).toEqual(TODO_KEYS);
    }
    const list = (await call(todos('?limit=1'), { token: alice() })).json as Page;
    expect(Object.keys(list).sort()).toEqual(['counts', 'items', 'nextCursor']);
    expect(Object.keys(list.items[0]!).sort()).toEqual(TODO_KEYS);
  });

  it('refuses every bad field of a new todo with a 400 naming it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 5 }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ title: 'a\nb' }, 'title'],
      [{ title: 't', description: 'x'.repeat(2001) }, 'description'],
      [{ title: 't', dueDate: '2025-02-30' }, 'dueDate'],
      [{ title: 't', dueDate: '2025-1-5' }, 'dueDate'],
      [{ title: 't', priority: 'urgent' }, 'priority'],
      [{ title: 't', labels: 'work' }, 'labels'],
      [{ title: 't', labels: Array.from({ length: 11 }, (_, i) => `l${i}`) }, 'labels'],
      [{ title: 't', labels: ['x'.repeat(31)] }, 'labels.0'],
      [{ title: 't', labels: ['ok', ''] }, 'labels.1'],
      [{ title: 't', labels: ['Work', ' work '] }, 'labels'],
      [{ title: 't', checklist: [{ text: '' }] }, 'checklist.0.text'],
      [{ title: 't', checklist: [{ text: 'a', itemId: 'nope' }] }, 'checklist.0.itemId'],
      [{ title: 't', checklist: [{ text: 'a', done: 'yes' }] }, 'checklist.0.done'],
      [{ title: 't', checklist: Array.from({ length: 51 }, () => ({ text: 'a' })) }, 'checklist'],
      [{ title: 't', dueDate: '2030-01-01', repeat: { every: 0, unit: 'day' } }, 'repeat.every'],
      [{ title: 't', dueDate: '2030-01-01', repeat: { every: 366, unit: 'day' } }, 'repeat.every'],
      [{ title: 't', dueDate: '2030-01-01', repeat: { every: 1.5, unit: 'day' } }, 'repeat.every'],
      [{ title: 't', dueDate: '2030-01-01', repeat: { every: 1, unit: 'hour' } }, 'repeat.unit'],
      [{ title: 't', repeat: { every: 1, unit: 'day' } }, 'repeat'],
      [{ title: 't', dueDate: null, repeat: { every: 1, unit: 'day' } }, 'repeat'],
      [{ title: 't', position: 'a b' }, 'position'],
      [{ title: 't', position: '' }, 'position'],
      [{ title: 't', remindAt: '2020-01-01T00:00:00Z' }, 'remindAt'],
      [{ title: 't', remindAt: '2030-01-01T09:00:00' }, 'remindAt'],
      [{ title: 't', remindAt: '2030-02-30T09:00:00Z' }, 'remindAt'],
      [{ title: 't', nextTodoId: null }, ''],
      [{ title: 't', completed: true }, ''],
      [{ title: 't', todoId: '01J00000000000000000000000' }, ''],
    ];
    for (const [body, path] of cases) {
      const reply = await call(todos(), { method: 'POST', token: alice(), body });
      expect([JSON.stringify(body).slice(0, 80), reply.status]).toEqual([
        JSON.stringify(body).slice(0, 80),
        400,
      ]);
      expectBadField(reply, path);
    }
  });

  it('refuses bodies that are not a JSON object: malformed, non-object, non-JSON, missing', async () => {
    const malformed = await call(todos(), { method: 'POST', token: alice(), body: '{"title":' });
    expect([malformed.status, (malformed.json as { error: { code: string } }).error.code]).toEqual([
      400,
      'MALFORMED_JSON',
    ]);
    for (const body of ['null', '[]', '"title"', '5', 'true']) {
      const reply = await call(todos(), { method: 'POST', token: alice(), body });
      expect([body, reply.status, (reply.json as { error: { code: string } }).error.code]).toEqual([
        body,
        400,
        'VALIDATION_ERROR',
      ]);
    }
    const text = await call(todos(), {
      method: 'POST',
      token: alice(),
      body: '{"title":"x"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const none = await call(todos(), { method: 'POST', token: alice() });
    expect(none.status).toBe(400);
  });

  it('refuses junk PATCH and notes bodies with a 400 naming the field', async () => {
    const todo = await create(alice(), { title: 'patch junk' });
    const url = todos(`/${todo.todoId}`);
    const cases: [Record<string, unknown>, string][] = [
      [{ completed: 'yes' }, 'completed'],
      [{ title: null }, 'title'],
      [{ notes: 5 }, 'notes'],
      [{ repeat: { every: 1, unit: 'day' } }, 'repeat'],
      [{ nextTodoId: 'x' }, ''],
      [{ labels: null }, 'labels'],
      [{ checklist: null }, 'checklist'],
      [{ priority: null }, 'priority'],
      [{ position: null }, 'position'],
    ];
    for (const [body, path] of cases) {
      const reply = await call(url, { method: 'PATCH', token: alice(), body });
      expect([JSON.stringify(body), reply.status]).toEqual([JSON.stringify(body), 400]);
      expectBadField(reply, path);
    }
    const empty = await call(url, { method: 'PATCH', token: alice(), body: {} });
    expect(empty.status).toBe(400);
    const notes = await call(`${url}/notes`, { method: 'PUT', token: alice(), body: { notes: ['x'] } });
    expectBadField(notes, 'notes');
    const noNotes = await call(`${url}/notes`, { method: 'PUT', token: alice(), body: {} });
    expectBadField(noNotes, 'notes');
    const dated = await create(alice(), {
      title: 'repeating',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'day' },
    });
    const undate = await call(todos(`/${dated.todoId}`), {
      method: 'PATCH',
      token: alice(),
      body: { dueDate: null },
    });
    expectBadField(undate, 'repeat');
  });

  it('trims labels and keeps their case, and filters by label ignoring case', async () => {
    const todo = await create(alice(), { title: 'labelled', labels: ['  Home Office '] });
    expect(todo.labels).toEqual(['Home Office']);
    const page = (await call(todos(`?label=${encodeURIComponent('home office')}`), { token: alice() }))
      .json as Page;
    expect(page.items.map((t) => t.todoId)).toContain(todo.todoId);
  });

  it("answers 404 on every todo route for another user's todo and for junk ids", async () => {
    const todo = await create(alice(), { title: 'mine' });
    for (const [token, id] of [
      [bob(), todo.todoId],
      [alice(), 'not-an-id'],
      [alice(), '01J00000000000000000000000'],
    ] as const) {
      const url = todos(`/${id}`);
      const replies = [
        await call(url, { token }),
        await call(url, { method: 'PATCH', token, body: { title: 'x' } }),
        await call(`${url}/complete`, { method: 'POST', token }),
        await call(`${url}/notes`, { method: 'PUT', token, body: { notes: 'x' } }),
        await call(files(id), { token }),
        await call(files(id), {
          method: 'POST',
          token,
          body: { fileName: 'a.txt', contentType: 'text/plain', size: 1 },
        }),
        await call(url, { method: 'DELETE', token }),
      ];
      expect(replies.map((r) => [r.status, (r.json as { error?: { code: string } })?.error?.code])).toEqual(
        replies.map(() => [404, 'NOT_FOUND']),
      );
    }
    expect((await call(todos(`/${todo.todoId}`), { token: alice() })).status).toBe(200);
  });
});

describe('listing query junk', () => {
  it('refuses every bad query parameter with a 400 naming it', async () => {
    const cases: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=abc', 'limit'],
      ['?limit=1.5', 'limit'],
      ['?limit=', 'limit'],
      ['?status=done', 'status'],
      ['?sort=title', 'sort'],
      ['?priority=urgent', 'priority'],
      ['?due=soon&today=2030-01-01', 'due'],
      ['?due=today', 'today'],
      ['?due=overdue', 'today'],
      ['?due=upcoming', 'today'],
      ['?due=none', 'today'],
      ['?due=today&today=2030-02-30', 'today'],
      ['?due=today&today=tomorrow', 'today'],
      ['?label=', 'label'],
      [`?label=${'x'.repeat(31)}`, 'label'],
      [`?q=${'x'.repeat(201)}`, 'q'],
    ];
    for (const [query, path] of cases) {
      const reply = await call(todos(query), { token: alice() });
      expect([query, reply.status]).toEqual([query, 400]);
      expectBadField(reply, path);
    }
  });

  it('refuses junk, altered and foreign cursors with 400 INVALID_CURSOR', async () => {
    await create(alice(), { title: 'c1' });
    await create(alice(), { title: 'c2' });
    const { nextCursor } = (await call(todos('?limit=1'), { token: alice() })).json as Page;
    expect(nextCursor).toEqual(expect.any(String));
    const altered = `${nextCursor!.slice(0, 5)}${nextCursor![5] === 'A' ? 'B' : 'A'}${nextCursor!.slice(6)}`;
    for (const [token, cursor] of [
      [alice(), 'junk'],
      [alice(), altered],
      [alice(), `${nextCursor}x`],
      [alice(), '.'],
      [bob(), nextCursor!],
    ] as const) {
      const reply = await call(todos(`?limit=1&cursor=${encodeURIComponent(cursor)}`), { token });
      expectBadField(reply, 'cursor', 'INVALID_CURSOR');
    }
  });
});

describe('bulk delete', () => {
  it('refuses DELETE /todos without status=completed, and deletes only the caller’s completed todos', async () => {
    for (const query of ['', '?status=open', '?status=all', '?status=completed&extra=1']) {
      const reply = await call(todos(query), { method: 'DELETE', token: alice() });
      expect([query, reply.status]).toEqual([query, 400]);
    }
    const bobs = await create(bob(), { title: 'bob done' });
    await call(todos(`/${bobs.todoId}/complete`), { method: 'POST', token: bob() });
    const done = await create(alice(), { title: 'alice done' });
    await call(todos(`/${done.todoId}/complete`), { method: 'POST', token: alice() });
    const reply = await call(todos('?status=completed'), { method: 'DELETE', token: alice() });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ deleted: expect.any(Number), more: false });
    expect((await call(todos(`/${done.todoId}`), { token: alice() })).status).toBe(404);
    expect((await call(todos(`/${bobs.todoId}`), { token: bob() })).status).toBe(200);
    const page = (await call(todos(), { token: alice() })).json as Page;
    expect(page.counts.completed).toBe(0);
  });
});
