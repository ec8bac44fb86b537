import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { createCursorCodec } from './cursor';

const codec = createCursorCodec('cursor-secret');
const USER = 'user-a';

function expectInvalid(decode: () => unknown) {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe('INVALID_CURSOR');
  expect((thrown as AppError).details?.map((detail) => detail.path)).toEqual(['cursor']);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('cursor codec', () => {
  it('decodes what it encoded for the same user', () => {
    // Arrange
    const todoId = newId();
    // Act
    const decoded = codec.decode(USER, codec.encode(USER, { todoId }));
    // Assert
    expect(decoded).toEqual({ todoId });
  });

  it('is opaque: the cursor shows neither the user id nor the todo id in clear', () => {
    // Arrange
    const todoId = newId();
    // Act
    const cursor = codec.encode(USER, { todoId });
    // Assert
    expect(cursor).not.toContain(USER);
    expect(cursor).not.toContain(todoId);
    expect(cursor).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("refuses another user's cursor", () => {
    // Arrange
    const cursor = codec.encode('user-b', { todoId: newId() });
    // Act + Assert
    expectInvalid(() => codec.decode(USER, cursor));
  });

  it('refuses a cursor whose payload was altered, even when it still names a valid id', () => {
    // Arrange
    const cursor = codec.encode(USER, { todoId: newId() });
    const [, signature] = cursor.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ todoId: newId() }), 'utf8').toString('base64url');
    // Act + Assert
    expectInvalid(() => codec.decode(USER, `${otherPayload}.${signature}`));
  });

  it('refuses a cursor with any single character changed to any other', () => {
    // Arrange
    const cursor = codec.encode(USER, { todoId: newId() });
    // Act + Assert
    for (let i = 0; i < cursor.length; i += 1) {
      for (const replacement of `${BASE64URL}.`) {
        if (replacement === cursor[i]) continue;
        const altered = `${cursor.slice(0, i)}${replacement}${cursor.slice(i + 1)}`;
        expectInvalid(() => codec.decode(USER, altered));
      }
    }
  });

  it('refuses a cursor signed with another secret', () => {
    // Arrange
    const cursor = createCursorCodec('another-secret').encode(USER, { todoId: newId() });
    // Act + Assert
    expectInvalid(() => codec.decode(USER, cursor));
  });

  it.each(['', '.', 'abc', 'abc.', '.abc', 'a.b.c', '%%%.%%%', 'null'])(
    'refuses the malformed cursor %j',
    (cursor) => {
      expectInvalid(() => codec.decode(USER, cursor));
    },
  );

  it('refuses a correctly signed cursor whose payload is not a todo id', () => {
    // Arrange
    const cursor = codec.encode(USER, { todoId: 'not-a-todo-id' });
    // Act + Assert
    expectInvalid(() => codec.decode(USER, cursor));
  });

  it('refuses a cursor issued for another listing (sort or filters)', () => {
    // Arrange
    const cursor = codec.encode(USER, { todoId: newId() }, 'sort=due');
    // Act + Assert
    expectInvalid(() => codec.decode(USER, cursor, 'sort=created'));
  });

  it('carries an index position and refuses one that does not end with its todo id', () => {
    // Arrange
    const todoId = newId();
    const good = { todoId, dueSort: `2026-01-02#${todoId}` };
    const bad = { todoId, dueSort: `2026-01-02#${newId()}` };
    // Act + Assert
    expect(codec.decode(USER, codec.encode(USER, good))).toEqual(good);
    expectInvalid(() => codec.decode(USER, codec.encode(USER, bad)));
  });
});
