import { describe, expect, it } from 'vitest';
import { CreateTodoBody, ListTodosQuery, SetNotesBody, UpdateTodoBody } from './schemas';

const parse = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: unknown) =>
  schema.safeParse(value);

describe('CreateTodoBody title', () => {
  it('trims surrounding whitespace', () => {
    // Act
    const result = CreateTodoBody.safeParse({ title: '  Buy milk \t' });
    // Assert
    expect(result.success && result.data.title).toBe('Buy milk');
  });

  it.each([
    ['1 character', 'x'],
    ['200 characters', 'a'.repeat(200)],
    ['200 characters plus surrounding spaces', ` ${'a'.repeat(200)} `],
    ['non-Latin text', 'Купить молоко 🥛'],
  ])('accepts a title of %s', (_, title) => {
    expect(parse(CreateTodoBody, { title }).success).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['201 characters', 'a'.repeat(201)],
    ['a line break', 'Buy\nmilk'],
    ['a control character', 'Buy\u0007milk'],
  ])('rejects a title that is %s', (_, title) => {
    expect(parse(CreateTodoBody, { title }).success).toBe(false);
  });

  it('rejects a body without a title', () => {
    expect(parse(CreateTodoBody, { description: 'x' }).success).toBe(false);
  });
});

describe('CreateTodoBody description and dueDate', () => {
  it('accepts a description of 2000 characters, with line breaks', () => {
    expect(parse(CreateTodoBody, { title: 'x', description: `${'a'.repeat(1998)}\r\n` }).success).toBe(true);
  });

  it('rejects a description of 2001 characters', () => {
    expect(parse(CreateTodoBody, { title: 'x', description: 'a'.repeat(2001) }).success).toBe(false);
  });

  it.each(['2024-02-29', '2025-12-31', '2025-01-01'])('accepts the real date %s', (dueDate) => {
    expect(parse(CreateTodoBody, { title: 'x', dueDate }).success).toBe(true);
  });

  it.each([
    '2025-02-30',
    '2023-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-5',
    '05/01/2025',
    '2025-01-01T00:00:00Z',
    '',
  ])('rejects the impossible or malformed date %j', (dueDate) => {
    expect(parse(CreateTodoBody, { title: 'x', dueDate }).success).toBe(false);
  });

  it('accepts a null dueDate as "no date"', () => {
    expect(parse(CreateTodoBody, { title: 'x', dueDate: null }).success).toBe(true);
  });
});

describe('CreateTodoBody types and unknown fields', () => {
  it.each([
    ['title as a number', { title: 42 }],
    ['title as an array', { title: ['x'] }],
    ['description as an object', { title: 'x', description: {} }],
    ['dueDate as a timestamp', { title: 'x', dueDate: 1735689600000 }],
  ])('rejects %s', (_, body) => {
    expect(parse(CreateTodoBody, body).success).toBe(false);
  });

  it.each(['userId', 'todoId', 'completed', 'nextTodoId', 'createdAt'])(
    'rejects the unknown or server-owned field %s',
    (field) => {
      expect(parse(CreateTodoBody, { title: 'x', [field]: 'value' }).success).toBe(false);
    },
  );
});

describe('UpdateTodoBody', () => {
  it('accepts each field on its own', () => {
    for (const body of [
      { title: 'x' },
      { description: '' },
      { dueDate: '2024-02-29' },
      { dueDate: null },
      { completed: true },
      { completed: false },
      { notes: '' },
    ]) {
      expect(parse(UpdateTodoBody, body).success, JSON.stringify(body)).toBe(true);
    }
  });

  it('rejects an empty change', () => {
    expect(parse(UpdateTodoBody, {}).success).toBe(false);
  });

  it.each([
    ['completed as a string', { completed: 'true' }],
    ['completed as 1', { completed: 1 }],
    ['an empty title', { title: ' ' }],
    ['notes over 10000 characters', { notes: 'n'.repeat(10_001) }],
    ['an impossible date', { dueDate: '2023-02-29' }],
    ['an unknown field', { title: 'x', colour: 'red' }],
    ['the owner', { userId: 'someone-else' }],
  ])('rejects %s', (_, body) => {
    expect(parse(UpdateTodoBody, body).success).toBe(false);
  });
});

describe('SetNotesBody', () => {
  it('accepts notes of exactly 10000 characters, with line breaks and tabs', () => {
    expect(parse(SetNotesBody, { notes: `a\tb\n${'c'.repeat(9996)}` }).success).toBe(true);
  });

  it.each([
    ['10001 characters', { notes: 'n'.repeat(10_001) }],
    ['a missing notes field', {}],
    ['notes as null', { notes: null }],
    ['a control character', { notes: 'a\u0000b' }],
    ['an unknown field', { notes: 'x', title: 'y' }],
  ])('rejects %s', (_, body) => {
    expect(parse(SetNotesBody, body).success).toBe(false);
  });
});

describe('ListTodosQuery', () => {
  it.each(['1', '25', '100'])('accepts limit=%s as a number', (limit) => {
    const result = ListTodosQuery.safeParse({ limit });
    expect(result.success && result.data.limit).toBe(Number(limit));
  });

  it.each(['0', '101', '-1', '1.5', 'abc', '', '1e2', ' 5'])('rejects limit=%j', (limit) => {
    expect(parse(ListTodosQuery, { limit }).success).toBe(false);
  });

  it.each(['open', 'completed', 'all'])('accepts status=%s', (status) => {
    expect(parse(ListTodosQuery, { status }).success).toBe(true);
  });

  it.each(['done', 'OPEN', ''])('rejects status=%j', (status) => {
    expect(parse(ListTodosQuery, { status }).success).toBe(false);
  });

  it('rejects a search text of more than 200 characters', () => {
    expect(parse(ListTodosQuery, { q: 'q'.repeat(201) }).success).toBe(false);
  });

  it('rejects an unknown query parameter', () => {
    expect(parse(ListTodosQuery, { userId: 'someone-else' }).success).toBe(false);
  });

  it.each(['overdue', 'today', 'upcoming', 'none'])(
    'needs today with due=%s, and accepts it with it',
    (due) => {
      const without = ListTodosQuery.safeParse({ due });
      expect(without.success ? [] : without.error.issues.map((issue) => issue.path.join('.'))).toEqual([
        'today',
      ]);
      expect(parse(ListTodosQuery, { due, today: '2030-01-01' }).success).toBe(true);
    },
  );
});
