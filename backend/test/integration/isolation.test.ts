import { beforeAll, describe, expect, it } from 'vitest';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { asUser, createTodoFor, type RequestOptions, type RouteName } from '../support/api';
import { expectError } from '../support/assertions';
import { objectBytes, objectKeys, s3EventFor, storedFiles, storedTodo } from '../support/emulators';

/**
 * Two users: B tries every route on A's todo and file ids and always gets 404, exactly like a
 * missing one, and A's data is unchanged afterwards.
 */
const alice = asUser();
const bob = asUser();
let todoId: string;
let fileId: string;
let objectKey: string;
const content = Buffer.from("Alice's private attachment");

let aliceTodoBefore: unknown;
let aliceFilesBefore: unknown;

beforeAll(async () => {
  const todo = await createTodoFor(alice, {
    title: 'Alice secret plan',
    description: 'For Alice only',
    dueDate: '2025-09-09',
  });
  todoId = todo.todoId;
  await alice.setTodoNotes(todoId, { notes: 'private notes' });
  const ticket = (
    await alice.createUpload(todoId, {
      fileName: 'plan.txt',
      contentType: 'text/plain',
      size: content.length,
    })
  ).body;
  fileId = ticket.file.fileId;
  objectKey = `${alice.userId}/${todoId}/${fileId}`;
  await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: content });
  await fileUploaded(await s3EventFor(objectKey));
  aliceTodoBefore = (await alice.getTodo(todoId)).body;
  aliceFilesBefore = await storedFiles(todoId);
  // Bob has data of his own, so his lists are not trivially empty.
  await createTodoFor(bob, { title: 'Bob groceries' });
});

const attempts: [string, RouteName, () => RequestOptions][] = [
  ['read the todo', 'getTodo', () => ({ todoId })],
  ['edit the todo', 'updateTodo', () => ({ todoId, body: { title: 'hacked', completed: true } })],
  ['clear its due date', 'updateTodo', () => ({ todoId, body: { dueDate: null } })],
  ['complete the todo', 'completeTodo', () => ({ todoId })],
  ['replace its notes', 'setTodoNotes', () => ({ todoId, body: { notes: 'hacked' } })],
  ['delete the todo', 'deleteTodo', () => ({ todoId })],
  ['list its files', 'listFiles', () => ({ todoId })],
  [
    'attach a file to it',
    'createUpload',
    () => ({ todoId, body: { fileName: 'x.txt', contentType: 'text/plain', size: 1 } }),
  ],
  ['read its file', 'getFile', () => ({ todoId, fileId })],
  ['delete its file', 'deleteFile', () => ({ todoId, fileId })],
];

describe("another user's todo and file", () => {
  it.each(attempts)('answers 404 when user B tries to %s', async (_, route, options) => {
    // Act
    const result = await bob.request(route, options());
    // Assert
    expectError(result, 404, 'NOT_FOUND');
    expect(result.rawBody).not.toContain(alice.userId);
    expect(result.rawBody).not.toContain('Alice');
  });

  it("answers 404 when user B pairs one of their own todo ids with A's file id", async () => {
    // Arrange
    const bobTodo = await createTodoFor(bob);
    // Act
    const read = await bob.getFile(bobTodo.todoId, fileId);
    const remove = await bob.deleteFile(bobTodo.todoId, fileId);
    // Assert
    expectError(read, 404, 'NOT_FOUND');
    expectError(remove, 404, 'NOT_FOUND');
  });

  it("answers the same 404 body for A's todo as for a todo that does not exist", async () => {
    // Arrange
    const deleted = await createTodoFor(bob);
    await bob.deleteTodo(deleted.todoId);
    // Act
    const foreign = await bob.getTodo(todoId);
    const missing = await bob.getTodo(deleted.todoId);
    // Assert
    expect(foreign.status).toBe(missing.status);
    expect(foreign.body).toEqual(missing.body);
  });

  it("never lists or finds A's todo for B, with or without a search", async () => {
    // Act
    const all = await bob.listTodos({ status: 'all', limit: '100' });
    const searched = await bob.listTodos({ q: 'secret plan' });
    const searchedDescription = await bob.listTodos({ q: 'alice only' });
    // Assert
    expect(all.body.items.map((t: { todoId: string }) => t.todoId)).not.toContain(todoId);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(searched.body.items).toEqual([]);
    expect(searchedDescription.body.items).toEqual([]);
  });

  it("leaves A's todo, file record and object exactly as they were after all of B's attempts", async () => {
    // Arrange: every attempt again, in one go, in case the test order changes
    for (const [, route, options] of attempts) await bob.request(route, options());
    // Act
    const todo = await alice.getTodo(todoId);
    const file = await alice.getFile(todoId, fileId);
    // Assert
    expect(todo.body).toEqual(aliceTodoBefore);
    expect(await storedTodo(alice.userId, todoId)).toBeDefined();
    expect(await storedFiles(todoId)).toEqual(aliceFilesBefore);
    expect(file.body).toMatchObject({ fileId, status: 'available', size: content.length });
    expect(await objectKeys(`${alice.userId}/${todoId}/`)).toEqual([objectKey]);
    expect((await objectBytes(objectKey)).equals(content)).toBe(true);
    expect(await objectKeys(`${bob.userId}/`)).toEqual([]);
  });
});
