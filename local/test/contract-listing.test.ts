import { describe, expect, it } from 'vitest';
import { signUpAndSignIn } from './support/cognito';
import { createTodo, expectBadField, type Page, type Todo } from './support/contract';
import { call } from './support/http';
import { PASSWORD, useStackSession } from './support/stack-session';

/**
 * The API contract over HTTP: exact counts and pagination for every sort and filter, and
 * the repeat rules of repeating todos (month ends, leap years, late completions, once only).
 */
const app = useStackSession('local-contract-listing');
const { todos } = app;
const alice = () => app.alice.accessToken;
const create = (token: string, body: Record<string, unknown>) => createTodo(todos(), token, body);

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
      dueDate: '2095-12-31',
      repeat: { every: 1, unit: 'month' },
      priority: 'high',
      labels: ['Bills'],
      checklist: [{ text: 'pay', done: true }],
      remindAt: '2095-12-31T09:30:00+01:00',
    });
    await call(todos(`/${first.todoId}/notes`), { method: 'PUT', token: alice(), body: { notes: 'n' } });
    const steps: [string, string, string][] = [
      // today, next due, next remindAt
      ['2095-12-30', '2096-01-31', '2096-01-31T09:30:00+01:00'],
      ['2096-01-31', '2096-02-29', '2096-02-29T09:30:00+01:00'],
      ['2096-02-01', '2096-03-31', '2096-03-31T09:30:00+01:00'],
      // Completed late: the first date of the series after today, still on the 31st where it exists.
      ['2096-06-15', '2096-06-30', '2096-06-30T09:30:00+01:00'],
      ['2096-06-30', '2096-07-31', '2096-07-31T09:30:00+01:00'],
      ['2096-07-31', '2096-08-31', '2096-08-31T09:30:00+01:00'],
      ['2096-08-31', '2096-09-30', '2096-09-30T09:30:00+01:00'],
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
