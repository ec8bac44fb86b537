import { createRequire } from 'node:module';
import type { SharpConstructor } from 'sharp';
import { describe, expect, it } from 'vitest';
import { signUpAndSignIn } from './support/cognito';
import { call, type Reply, until } from './support/http';
import { PASSWORD, useStackSession } from './support/stack-session';

/**
 * The API contract (docs/api.md) as a careful client checks it over HTTP against the running
 * stack: exact shapes, a 400 naming the field for every kind of junk, 404 for another user's
 * data, exact counts and pagination for every sort and filter, repeating todos, bulk delete and
 * the multipart and quota answers of the files API.
 */
const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;
const app = useStackSession('local-contract-probe');
const { todos, files } = app;
const MiB = 1024 * 1024;

const TODO_KEYS = [
  'checklist',
  'completed',
  'completedAt',
  'createdAt',
  'description',
  'dueDate',
  'labels',
  'nextTodoId',
  'notes',
  'position',
  'priority',
  'remindAt',
  'repeat',
  'title',
  'todoId',
  'updatedAt',
];

interface Todo {
  todoId: string;
  title: string;
  dueDate: string | null;
  completed: boolean;
  position: string;
  priority: string;
  labels: string[];
  remindAt: string | null;
  nextTodoId: string | null;
  checklist: { itemId: string; text: string; done: boolean }[];
  repeat: unknown;
  notes: string;
  description: string;
}
interface Page {
  items: Todo[];
  nextCursor: string | null;
  counts: { open: number; completed: number };
}

const alice = () => app.alice.accessToken;
const bob = () => app.bob.accessToken;

async function create(token: string, body: Record<string, unknown>): Promise<Todo> {
  const reply = await call(todos(), { method: 'POST', token, body });
  expect([reply.status, reply.json]).toEqual([201, expect.anything()]);
  return reply.json as Todo;
}

/** A 400 VALIDATION_ERROR (or `code`) whose details name `path`. */
function expectBadField(reply: Reply, path: string, code = 'VALIDATION_ERROR') {
  const error = (reply.json as { error?: { code: string; details?: { path: string }[] } }).error;
  expect([reply.status, error?.code]).toEqual([400, code]);
  expect(error?.details?.map((d) => d.path)).toContain(path);
}

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

describe('listing: counts and pagination', () => {
  it('pages exactly through every sort and filter combination, with exact counts', async () => {
    // A user of its own, so other tests' todos do not interfere.
    const carol = (await signUpAndSignIn(app.stack, 'carol@example.com', PASSWORD)).accessToken;
    const specs: Record<string, unknown>[] = [
      { title: 'alpha one', dueDate: '2030-01-01', priority: 'high', labels: ['Work'], position: 'm' },
      { title: 'beta', dueDate: '2030-01-10', priority: 'low', position: 'a' },
      { title: 'gamma alpha', priority: 'high', labels: ['work', 'home'], position: 'm' },
      { title: 'delta', dueDate: '2030-01-05', labels: ['home'], position: 'z' },
      { title: 'epsilon', dueDate: '2030-01-05', priority: 'medium', position: 'b' },
      { title: 'zeta alpha', dueDate: '2029-12-31', priority: 'high' },
      { title: 'eta', dueDate: '2030-01-20', labels: ['Work'], position: 'a' },
      { title: 'theta', position: '~' },
      { title: 'iota alpha', dueDate: '2030-01-10', priority: 'low', labels: ['home'] },
      { title: 'kappa', dueDate: '2030-01-05', priority: 'high', position: 'M' },
    ];
    const made: Todo[] = [];
    for (const spec of specs) made.push(await create(carol, spec));
    for (const index of [1, 3, 5, 8]) {
      const reply = await call(todos(`/${made[index]!.todoId}/complete`), { method: 'POST', token: carol });
      made[index] = reply.json as Todo;
    }
    const today = '2030-01-05';
    const filters: Record<string, (t: Todo) => boolean> = {
      '': () => true,
      'status=open': (t) => !t.completed,
      'status=completed': (t) => t.completed,
      'label=WORK': (t) => t.labels.some((l) => l.toLowerCase() === 'work'),
      'priority=high': (t) => t.priority === 'high',
      'priority=none': (t) => t.priority === 'none',
      [`due=overdue&today=${today}`]: (t) => !t.completed && !!t.dueDate && t.dueDate < today,
      [`due=today&today=${today}`]: (t) => t.dueDate === today,
      [`due=upcoming&today=${today}`]: (t) => !!t.dueDate && t.dueDate > today,
      [`due=none&today=${today}`]: (t) => t.dueDate === null,
      'q=ALPHA': (t) => t.title.includes('alpha'),
      'status=open&priority=high&due=upcoming&today=2029-12-01': (t) =>
        !t.completed && t.priority === 'high' && !!t.dueDate && t.dueDate > '2029-12-01',
      'label=home&q=a&status=completed': (t) =>
        t.completed && t.labels.includes('home') && t.title.includes('a'),
    };
    const orders: Record<string, (a: Todo, b: Todo) => number> = {
      created: (a, b) => (a.todoId < b.todoId ? 1 : -1),
      due: (a, b) => {
        const ka = `${a.dueDate ?? '~'}#${a.todoId}`;
        const kb = `${b.dueDate ?? '~'}#${b.todoId}`;
        return ka < kb ? -1 : 1;
      },
      manual: (a, b) => {
        const ka = `${a.position} ${a.todoId}`;
        const kb = `${b.position} ${b.todoId}`;
        return ka < kb ? -1 : 1;
      },
    };
    const counts = { open: 6, completed: 4 };
    for (const [sort, order] of Object.entries(orders)) {
      for (const [filter, keep] of Object.entries(filters)) {
        const expected = made
          .filter(keep)
          .sort(order)
          .map((t) => t.todoId);
        for (const limit of [2]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let guard = 0; guard < 20; guard++) {
            const query = `?sort=${sort}&limit=${limit}${filter ? `&${filter}` : ''}${
              cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
            }`;
            const reply = await call(todos(query), { token: carol });
            expect([query, reply.status]).toEqual([query, 200]);
            const page = reply.json as Page;
            expect([query, page.counts]).toEqual([query, counts]);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((t) => t.todoId));
            cursor = page.nextCursor;
            if (!cursor) break;
          }
          expect([sort, filter, limit, seen]).toEqual([sort, filter, limit, expected]);
        }
      }
    }
  });
});

describe('repeating todos', () => {
  const complete = (id: string, today: string) =>
    call(todos(`/${id}/complete?today=${today}`), { method: 'POST', token: alice() });
  const get = async (id: string) => (await call(todos(`/${id}`), { token: alice() })).json as Todo;

  it('walks a monthly series through month ends, leap years and late completions', async () => {
    const first = await create(alice(), {
      title: 'rent',
      description: 'monthly',
      dueDate: '2027-12-31',
      repeat: { every: 1, unit: 'month' },
      priority: 'high',
      labels: ['Bills'],
      checklist: [{ text: 'pay', done: true }],
      remindAt: '2027-12-31T09:30:00+01:00',
    });
    await call(todos(`/${first.todoId}/notes`), { method: 'PUT', token: alice(), body: { notes: 'n' } });
    const steps: [string, string, string][] = [
      // today, next due, next remindAt
      ['2027-12-30', '2028-01-31', '2028-01-31T09:30:00+01:00'],
      ['2028-01-31', '2028-02-29', '2028-02-29T09:30:00+01:00'],
      ['2028-02-01', '2028-03-31', '2028-03-31T09:30:00+01:00'],
      // Completed late: the first date of the series after today, still on the 31st where it exists.
      ['2028-06-15', '2028-06-30', '2028-06-30T09:30:00+01:00'],
      ['2028-06-30', '2028-07-31', '2028-07-31T09:30:00+01:00'],
      ['2028-07-31', '2028-08-31', '2028-08-31T09:30:00+01:00'],
      ['2028-08-31', '2028-09-30', '2028-09-30T09:30:00+01:00'],
    ];
    let current = first;
    for (const [today, due, remindAt] of steps) {
      const reply = await complete(current.todoId, today);
      expect(reply.status).toBe(200);
      const done = reply.json as Todo;
      expect(done.nextTodoId).toEqual(expect.any(String));
      const again = await complete(current.todoId, today);
      expect((again.json as Todo).nextTodoId).toBe(done.nextTodoId);
      const next = await get(done.nextTodoId!);
      expect([today, next.dueDate, next.remindAt]).toEqual([today, due, remindAt]);
      expect(next).toMatchObject({
        title: 'rent',
        description: 'monthly',
        notes: '',
        priority: 'high',
        labels: ['Bills'],
        repeat: { every: 1, unit: 'month' },
        completed: false,
        nextTodoId: null,
      });
      expect(next.checklist.map((item) => item.done)).toEqual([false]);
      current = next;
    }
  });

  it('puts daily, weekly and yearly series on the first date after both the due date and today', async () => {
    const cases: [string, unknown, string, string][] = [
      ['2030-01-01', { every: 1, unit: 'day' }, '2030-01-01', '2030-01-02'],
      ['2030-01-01', { every: 1, unit: 'day' }, '2029-12-01', '2030-01-02'],
      ['2030-01-01', { every: 3, unit: 'day' }, '2030-01-10', '2030-01-13'],
      ['2030-01-01', { every: 1, unit: 'week' }, '2030-01-20', '2030-01-22'],
      ['2030-01-01', { every: 2, unit: 'week' }, '2030-01-15', '2030-01-29'],
      ['2028-02-29', { every: 1, unit: 'year' }, '2028-01-01', '2029-02-28'],
      ['2028-02-29', { every: 1, unit: 'year' }, '2030-03-01', '2031-02-28'],
      ['2028-02-29', { every: 4, unit: 'year' }, '2028-03-01', '2032-02-29'],
      ['2030-01-31', { every: 3, unit: 'month' }, '2030-01-31', '2030-04-30'],
      ['2030-11-30', { every: 1, unit: 'month' }, '2030-12-31', '2031-01-30'],
      ['9999-11-30', { every: 1, unit: 'month' }, '2030-01-01', '9999-12-30'],
    ];
    for (const [dueDate, repeat, today, expected] of cases) {
      const todo = await create(alice(), { title: 'series', dueDate, repeat });
      const done = (await complete(todo.todoId, today)).json as Todo;
      const next = await get(done.nextTodoId!);
      expect([dueDate, repeat, today, next.dueDate]).toEqual([dueDate, repeat, today, expected]);
    }
  });

  it('ends a series whose next date would pass 9999-12-31 instead of answering a malformed date', async () => {
    for (const repeat of [
      { every: 1, unit: 'day' },
      { every: 1, unit: 'month' },
    ]) {
      const todo = await create(alice(), { title: 'last', dueDate: '9999-12-31', repeat });
      const done = await complete(todo.todoId, '9999-12-31');
      expect([repeat.unit, done.status, (done.json as Todo).nextTodoId]).toEqual([repeat.unit, 200, null]);
    }
  });

  it('creates the next occurrence once through reopen and complete again, and refuses a bad today', async () => {
    const todo = await create(alice(), {
      title: 'weekly',
      dueDate: '2030-01-01',
      repeat: { every: 1, unit: 'week' },
    });
    const bad = await complete(todo.todoId, '2030-13-01');
    expectBadField(bad, 'today');
    const badPatch = await call(todos(`/${todo.todoId}?today=junk`), {
      method: 'PATCH',
      token: alice(),
      body: { completed: true },
    });
    expectBadField(badPatch, 'today');
    const before = ((await call(todos(), { token: alice() })).json as Page).counts;
    const first = (await complete(todo.todoId, '2030-01-01')).json as Todo;
    const reopened = await call(todos(`/${todo.todoId}`), {
      method: 'PATCH',
      token: alice(),
      body: { completed: false },
    });
    expect((reopened.json as Todo).nextTodoId).toBe(first.nextTodoId);
    const second = await call(todos(`/${todo.todoId}?today=2030-01-01`), {
      method: 'PATCH',
      token: alice(),
      body: { completed: true },
    });
    expect((second.json as Todo).nextTodoId).toBe(first.nextTodoId);
    const after = ((await call(todos(), { token: alice() })).json as Page).counts;
    expect(after).toEqual({ open: before.open, completed: before.completed + 1 });
  });
});

interface FileReply {
  file: Record<string, unknown> & { fileId: string };
  upload: Record<string, unknown>;
}
const FILE_KEYS = [
  'contentType',
  'createdAt',
  'fileId',
  'fileName',
  'size',
  'status',
  'thumbnailUrl',
  'todoId',
  'uploadedAt',
];

describe('files: validation, multipart, quota', () => {
  const upload = (todoId: string, body: unknown, token = alice()) =>
    call(files(todoId), { method: 'POST', token, body });
  const code = (reply: Reply) => (reply.json as { error?: { code: string } }).error?.code;

  it('refuses every bad upload field with a 400 naming it, and oversize with 413', async () => {
    const { todoId } = await create(alice(), { title: 'files junk' });
    const good = { fileName: 'a.txt', contentType: 'text/plain', size: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, size: -1 }, 'size'],
      [{ ...good, size: 1.5 }, 'size'],
      [{ ...good, size: '1' }, 'size'],
      [{ ...good, fileName: '' }, 'fileName'],
      [{ ...good, fileName: 'a/b' }, 'fileName'],
      [{ ...good, fileName: 'x'.repeat(256) }, 'fileName'],
      [{ ...good, contentType: 'nope' }, 'contentType'],
      [{ ...good, extra: 1 }, ''],
      [{ fileName: 'a', contentType: 'text/plain' }, 'size'],
    ];
    for (const [body, path] of cases) expectBadField(await upload(todoId, body), path);
    const tooBig = await upload(todoId, { ...good, size: 5 * 1024 * MiB + 1 });
    expect([tooBig.status, code(tooBig)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const overQuota = await upload(todoId, { ...good, size: 1024 * MiB + 1 });
    expect([overQuota.status, code(overQuota)]).toEqual([413, 'QUOTA_EXCEEDED']);
  });

  it('answers the File shape, PUT up to 16 MiB and MULTIPART above it with part size and count', async () => {
    const { todoId } = await create(alice(), { title: 'layout' });
    const small = (
      await upload(todoId, { fileName: 'a.bin', contentType: 'application/octet-stream', size: 16 * MiB })
    ).json as FileReply;
    expect(Object.keys(small.file).sort()).toEqual(FILE_KEYS);
    expect(small.file).toMatchObject({ status: 'pending', uploadedAt: null, thumbnailUrl: null, todoId });
    expect(small.upload).toMatchObject({
      method: 'PUT',
      url: expect.any(String),
      expiresAt: expect.any(String),
    });
    const big = await upload(todoId, {
      fileName: 'b.bin',
      contentType: 'application/octet-stream',
      size: 16 * MiB + 1,
    });
    expect(big.status).toBe(201);
    const multipart = big.json as FileReply;
    expect(multipart.upload).toEqual({
      method: 'MULTIPART',
      partSize: 8 * MiB,
      partCount: 3,
      expiresAt: expect.any(String),
    });
    // Part 3 holds the last byte; its URL takes exactly that one byte.
    const [last] = (
      (
        await call(files(todoId, `/${multipart.file.fileId}/parts`), {
          method: 'POST',
          token: alice(),
          body: { partNumbers: [3] },
        })
      ).json as { parts: { url: string; size: number; headers: Record<string, string> }[] }
    ).parts;
    expect(last?.size).toBe(1);
    const tooLong = await fetch(last!.url, { method: 'PUT', headers: last!.headers, body: Buffer.alloc(2) });
    expect(tooLong.status).toBeGreaterThanOrEqual(400);
    const list = (await call(files(todoId), { token: alice() })).json as { items: Record<string, unknown>[] };
    expect(Object.keys(list).sort()).toEqual(['items', 'nextCursor']);
    for (const item of list.items) expect(Object.keys(item).sort()).toEqual(FILE_KEYS);
    const got = (await call(files(todoId, `/${multipart.file.fileId}`), { token: alice() })).json as object;
    expect(Object.keys(got).sort()).toEqual([...FILE_KEYS, 'downloadExpiresAt', 'downloadUrl'].sort());
    // Parts and completion belong to multipart uploads only.
    const parts = await call(files(todoId, `/${small.file.fileId}/parts`), {
      method: 'POST',
      token: alice(),
      body: { partNumbers: [1] },
    });
    expect([parts.status, code(parts)]).toEqual([409, 'CONFLICT']);
    const done = await call(files(todoId, `/${small.file.fileId}/complete`), {
      method: 'POST',
      token: alice(),
      body: { parts: [{ partNumber: 1, etag: 'x' }] },
    });
    expect([done.status, code(done)]).toEqual([409, 'CONFLICT']);
    for (const id of [small.file.fileId, multipart.file.fileId]) {
      expect((await call(files(todoId, `/${id}`), { method: 'DELETE', token: alice() })).status).toBe(204);
    }
  });

  it('presigns up to 100 parts, lists stored parts, refuses wrong parts at completion, aborts on delete', async () => {
    const { todoId } = await create(alice(), { title: 'multipart' });
    const usageBefore = (await call(`${app.stack.filesApiUrl}/usage`, { token: alice() })).json as {
      usedBytes: number;
      quotaBytes: number;
    };
    expect(usageBefore.quotaBytes).toBe(1024 * MiB);
    const size = 100 * 8 * MiB;
    const { file, upload: layout } = (
      await upload(todoId, { fileName: 'v.bin', contentType: 'application/octet-stream', size })
    ).json as FileReply;
    expect(layout).toMatchObject({ partSize: 8 * MiB, partCount: 100 });
    const usage = (await call(`${app.stack.filesApiUrl}/usage`, { token: alice() })).json as {
      usedBytes: number;
    };
    expect(usage.usedBytes).toBe(usageBefore.usedBytes + size);
    const quota = await upload(todoId, { fileName: 'w.bin', contentType: 'text/plain', size: 300 * MiB });
    expect([quota.status, code(quota)]).toEqual([413, 'QUOTA_EXCEEDED']);

    const partsUrl = files(todoId, `/${file.fileId}/parts`);
    const all = Array.from({ length: 100 }, (_, i) => i + 1);
    const signed = await call(partsUrl, { method: 'POST', token: alice(), body: { partNumbers: all } });
    expect(signed.status).toBe(200);
    const list = (signed.json as { parts: Record<string, unknown>[] }).parts;
    expect(list).toHaveLength(100);
    expect(Object.keys(list[0]!).sort()).toEqual([
      'expiresAt',
      'headers',
      'method',
      'partNumber',
      'size',
      'url',
    ]);
    for (const body of [
      { partNumbers: [] },
      { partNumbers: [...all, 101] },
      { partNumbers: [1, 1] },
      { partNumbers: [0] },
      { partNumbers: [1.5] },
      { partNumbers: ['1'] },
      {},
    ]) {
      const reply = await call(partsUrl, { method: 'POST', token: alice(), body });
      expect([JSON.stringify(body).slice(0, 40), reply.status]).toEqual([
        JSON.stringify(body).slice(0, 40),
        400,
      ]);
    }
    const beyond = await call(partsUrl, { method: 'POST', token: alice(), body: { partNumbers: [101] } });
    expect(beyond.status).toBeGreaterThanOrEqual(400);
    expect(beyond.status).toBeLessThan(500);

    const stored = await call(partsUrl, { token: alice() });
    expect([stored.status, stored.json]).toEqual([200, { partSize: 8 * MiB, partCount: 100, parts: [] }]);
    const completeUrl = files(todoId, `/${file.fileId}/complete`);
    // A list that is not each part once is bad input; a listed part S3 does not hold is a 409.
    const tooFew = await call(completeUrl, {
      method: 'POST',
      token: alice(),
      body: { parts: [{ partNumber: 1, etag: '"abc"' }] },
    });
    expectBadField(tooFew, 'parts');
    const missing = await call(completeUrl, {
      method: 'POST',
      token: alice(),
      body: { parts: all.map((partNumber) => ({ partNumber, etag: '"abc"' })) },
    });
    expect([missing.status, code(missing)]).toEqual([409, 'UPLOAD_INCOMPLETE']);
    expectBadField(await call(completeUrl, { method: 'POST', token: alice(), body: { parts: [] } }), 'parts');
    expectBadField(
      await call(completeUrl, { method: 'POST', token: alice(), body: { parts: [{ partNumber: 1 }] } }),
      'parts.0.etag',
    );

    // Bob sees none of it.
    for (const reply of [
      await call(partsUrl, { token: bob() }),
      await call(partsUrl, { method: 'POST', token: bob(), body: { partNumbers: [1] } }),
      await call(completeUrl, {
        method: 'POST',
        token: bob(),
        body: { parts: [{ partNumber: 1, etag: 'x' }] },
      }),
      await call(files(todoId, `/${file.fileId}`), { token: bob() }),
      await call(files(todoId, `/${file.fileId}`), { method: 'DELETE', token: bob() }),
      await call(files(todoId, '/not-an-id/parts'), { token: alice() }),
    ]) {
      expect([reply.status, code(reply)]).toEqual([404, 'NOT_FOUND']);
    }

    expect((await call(files(todoId, `/${file.fileId}`), { method: 'DELETE', token: alice() })).status).toBe(
      204,
    );
    expect((await call(partsUrl, { token: alice() })).status).toBe(404);
    const after = (await call(`${app.stack.filesApiUrl}/usage`, { token: alice() })).json as {
      usedBytes: number;
    };
    expect(after.usedBytes).toBe(usageBefore.usedBytes);
  });

  it('makes a thumbnailUrl for a JPEG, serving image/webp, in get and list', async () => {
    const { todoId } = await create(alice(), { title: 'photo' });
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
      .jpeg()
      .toBuffer();
    const ticket = (await upload(todoId, { fileName: 'p.jpg', contentType: 'image/jpeg', size: jpeg.length }))
      .json as FileReply;
    const put = await fetch(String(ticket.upload.url), {
      method: 'PUT',
      headers: ticket.upload.headers as Record<string, string>,
      body: jpeg,
    });
    expect(put.status).toBe(200);
    const url = await until('a thumbnailUrl', async () => {
      const file = (await call(files(todoId, `/${ticket.file.fileId}`), { token: alice() })).json as {
        thumbnailUrl: string | null;
      };
      return file.thumbnailUrl ?? undefined;
    });
    const thumbnail = await fetch(url);
    expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/webp']);
    const list = (await call(files(todoId), { token: alice() })).json as {
      items: { thumbnailUrl: string }[];
    };
    expect(list.items[0]?.thumbnailUrl).toEqual(expect.any(String));
  });
});

describe('account', () => {
  it('exports the caller’s todos with their files, and refuses a bad cursor', async () => {
    const reply = await call(`${app.stack.todosApiUrl}/account/export`, { token: bob() });
    expect(reply.status).toBe(200);
    const body = reply.json as {
      exportedAt: string;
      todos: (Todo & { files: unknown[] })[];
      nextCursor: null;
    };
    expect(Object.keys(body).sort()).toEqual(['exportedAt', 'nextCursor', 'todos']);
    for (const todo of body.todos) expect(Object.keys(todo).sort()).toEqual([...TODO_KEYS, 'files'].sort());
    const bad = await call(`${app.stack.todosApiUrl}/account/export?cursor=junk`, { token: bob() });
    expectBadField(bad, 'cursor');
  });
});
