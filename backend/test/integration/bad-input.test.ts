import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, createTodoFor, type RequestOptions, type RouteName } from '../support/api';
import { expectDetailFor, expectError } from '../support/assertions';
import { storedFiles, storedTodo } from '../support/emulators';

/**
 * What a client can send wrong answers 400 with `{error: {code, message, details?}}` (or 415 for
 * a non-JSON body), changes nothing, and is never a 500.
 */
const user = asUser();
let todoId: string;
let before: unknown;

beforeAll(async () => {
  todoId = (
    await createTodoFor(user, { title: 'Original', description: 'Original text', dueDate: '2025-01-15' })
  ).todoId;
  before = await storedTodo(user.userId, todoId);
});

type Case = [string, RouteName, () => RequestOptions, string];
const long = (n: number) => 'x'.repeat(n);
const upload = { fileName: 'a.txt', contentType: 'text/plain', size: 1 };

const malformed: Case[] = [
  ['POST /todos', 'createTodo', () => ({ rawBody: '{"title": "x",' }), 'MALFORMED_JSON'],
  ['PATCH /todos/{id}', 'updateTodo', () => ({ todoId, rawBody: "{title: 'x'}" }), 'MALFORMED_JSON'],
  ['PUT /todos/{id}/notes', 'setTodoNotes', () => ({ todoId, rawBody: '{"notes": "x"' }), 'MALFORMED_JSON'],
  ['POST /todos/{id}/files', 'createUpload', () => ({ todoId, rawBody: 'fileName=a.txt' }), 'MALFORMED_JSON'],
];

const invalid: [string, RouteName, () => RequestOptions, string][] = [
  // wrong types
  ['a numeric title', 'createTodo', () => ({ body: { title: 42 } }), 'title'],
  ['a boolean description', 'createTodo', () => ({ body: { title: 'x', description: true } }), 'description'],
  ['completed as a string', 'updateTodo', () => ({ todoId, body: { completed: 'yes' } }), 'completed'],
  ['notes as an array', 'setTodoNotes', () => ({ todoId, body: { notes: ['a'] } }), 'notes'],
  ['size as a string', 'createUpload', () => ({ todoId, body: { ...upload, size: '1' } }), 'size'],
  ['a negative size', 'createUpload', () => ({ todoId, body: { ...upload, size: -1 } }), 'size'],
  ['a fractional size', 'createUpload', () => ({ todoId, body: { ...upload, size: 1.5 } }), 'size'],
  // unknown fields
  ['an unknown field on create', 'createTodo', () => ({ body: { title: 'x', priority: 1 } }), ''],
  ['a userId on create', 'createTodo', () => ({ body: { title: 'x', userId: 'someone-else' } }), ''],
  ['an unknown field on patch', 'updateTodo', () => ({ todoId, body: { title: 'x', owner: 'me' } }), ''],
  ['an unknown field on notes', 'setTodoNotes', () => ({ todoId, body: { notes: 'x', title: 'y' } }), ''],
  ['an objectKey on upload', 'createUpload', () => ({ todoId, body: { ...upload, objectKey: 'a/b/c' } }), ''],
  // over-long or empty fields
  ['a 201-character title', 'createTodo', () => ({ body: { title: long(201) } }), 'title'],
  ['a blank title', 'createTodo', () => ({ body: { title: '   ' } }), 'title'],
  [
    'a 2001-character description',
    'updateTodo',
    () => ({ todoId, body: { description: long(2001) } }),
    'description',
  ],
  ['10001 characters of notes', 'setTodoNotes', () => ({ todoId, body: { notes: long(10_001) } }), 'notes'],
  [
    'a 256-character file name',
    'createUpload',
    () => ({ todoId, body: { ...upload, fileName: long(256) } }),
    'fileName',
  ],
  [
    'a file name with a slash',
    'createUpload',
    () => ({ todoId, body: { ...upload, fileName: 'a/b.txt' } }),
    'fileName',
  ],
  [
    'a file name with a backslash',
    'createUpload',
    () => ({ todoId, body: { ...upload, fileName: 'a\\b.txt' } }),
    'fileName',
  ],
  ['a title with a lone surrogate', 'createTodo', () => ({ body: { title: 'a\ud800b' } }), 'title'],
  ['notes with a lone surrogate', 'setTodoNotes', () => ({ todoId, body: { notes: '\udc00' } }), 'notes'],
  [
    'a file name with a lone surrogate',
    'createUpload',
    () => ({ todoId, body: { ...upload, fileName: 'a\ud800.txt' } }),
    'fileName',
  ],
  ['an empty cursor', 'listTodos', () => ({ query: { cursor: '' } }), 'cursor'],
  [
    'a file name with a control character',
    'createUpload',
    () => ({ todoId, body: { ...upload, fileName: 'a\u0001.txt' } }),
    'fileName',
  ],
  ['an empty patch', 'updateTodo', () => ({ todoId, body: {} }), ''],
  // impossible dates
  [
    'the due date 2025-02-30',
    'createTodo',
    () => ({ body: { title: 'x', dueDate: '2025-02-30' } }),
    'dueDate',
  ],
  ['the due date 2023-02-29', 'updateTodo', () => ({ todoId, body: { dueDate: '2023-02-29' } }), 'dueDate'],
  ['the due date 2025-13-01', 'updateTodo', () => ({ todoId, body: { dueDate: '2025-13-01' } }), 'dueDate'],
  [
    'a due date with a time',
    'createTodo',
    () => ({ body: { title: 'x', dueDate: '2025-01-01T10:00:00Z' } }),
    'dueDate',
  ],
  // query strings
  ['limit=0', 'listTodos', () => ({ query: { limit: '0' } }), 'limit'],
  ['limit=101', 'listTodos', () => ({ query: { limit: '101' } }), 'limit'],
  ['limit=ten', 'listTodos', () => ({ query: { limit: 'ten' } }), 'limit'],
  ['status=done', 'listTodos', () => ({ query: { status: 'done' } }), 'status'],
  ['a 201-character search', 'listTodos', () => ({ query: { q: long(201) } }), 'q'],
];

describe('bad input answers 400 and changes nothing', () => {
  it.each(malformed)('%s with malformed JSON answers 400 MALFORMED_JSON', async (_, route, options, code) => {
    // Act
    const result = await user.request(route, options());
    // Assert
    expectError(result, 400, code);
  });

  it.each(invalid)(
    'answers 400 VALIDATION_ERROR for %s, naming the field',
    async (_, route, options, field) => {
      // Act
      const result = await user.request(route, options());
      // Assert
      expectError(result, 400, 'VALIDATION_ERROR');
      if (field) expectDetailFor(result, field);
      else expect(result.body.error.details?.length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['POST /todos', 'createTodo', () => ({ body: { title: 'x' }, contentType: 'text/plain' })],
    [
      'PATCH /todos/{id}',
      'updateTodo',
      () => ({ todoId, body: { title: 'x' }, contentType: 'application/x-www-form-urlencoded' }),
    ],
    ['PUT /todos/{id}/notes', 'setTodoNotes', () => ({ todoId, body: { notes: 'x' }, contentType: null })],
    [
      'POST /todos/{id}/files',
      'createUpload',
      () => ({ todoId, body: upload, contentType: 'multipart/form-data' }),
    ],
  ] satisfies [string, RouteName, () => RequestOptions][])(
    '%s with a non-JSON body answers 415',
    async (_, route, options) => {
      // Act
      const result = await user.request(route, options());
      // Assert
      expectError(result, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('left the todo and its files untouched after every rejected request', async () => {
    // Arrange: replay every rejected write
    for (const [, route, options] of [...malformed, ...invalid]) await user.request(route, options());
    // Act
    const stored = await storedTodo(user.userId, todoId);
    // Assert
    expect(stored).toEqual(before);
    expect(await storedFiles(todoId)).toEqual([]);
    expect((await user.listTodos()).body.items).toHaveLength(1);
  });
});

describe('cursors', () => {
  it('answers 400 INVALID_CURSOR for a tampered cursor', async () => {
    // Arrange
    const pager = asUser();
    for (const title of ['a', 'b', 'c']) await createTodoFor(pager, { title });
    const cursor: string = (await pager.listTodos({ limit: '1' })).body.nextCursor;
    const [payload, signature] = cursor.split('.');
    const tampered = [
      `${payload}x.${signature}`,
      `${payload}.${signature!.slice(0, -2)}`,
      `${payload!.slice(1)}.${signature}`,
      cursor.split('').reverse().join(''),
      'not-a-cursor',
    ];
    // Act
    const results = await Promise.all(tampered.map((c) => pager.listTodos({ cursor: c, limit: '1' })));
    // Assert
    for (const result of results) expectError(result, 400, 'INVALID_CURSOR');
  });

  it("answers 400 INVALID_CURSOR for another user's cursor", async () => {
    // Arrange
    const owner = asUser();
    const thief = asUser();
    for (const title of ['a', 'b']) await createTodoFor(owner, { title });
    await createTodoFor(thief, { title: 'mine' });
    const cursor: string = (await owner.listTodos({ limit: '1' })).body.nextCursor;
    // Act
    const result = await thief.listTodos({ cursor, limit: '1' });
    // Assert
    expect(typeof cursor).toBe('string');
    expectError(result, 400, 'INVALID_CURSOR');
  });
});

describe('ids that name nothing', () => {
  it.each(['not-an-id', '..', '01J0000000000000000000000!', long(300), '%2e%2e%2f'])(
    'answers 404, never 400 or 500, for the todo id %j',
    async (badId) => {
      // Act
      const results = await Promise.all([
        user.getTodo(badId),
        user.updateTodo(badId, { title: 'x' }),
        user.completeTodo(badId),
        user.deleteTodo(badId),
        user.listFiles(badId),
        user.getFile(badId, badId),
      ]);
      // Assert
      for (const result of results) expectError(result, 404, 'NOT_FOUND');
    },
  );
});
