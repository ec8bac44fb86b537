import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { asUser, createTodoFor, type User } from '../support/api';
import { expectError } from '../support/assertions';
import {
  FILES_TABLE,
  MAX_FILES_PER_TODO,
  MAX_UPLOAD_BYTES,
  storedFiles,
  storedTodo,
} from '../support/emulators';

/**
 * The per-todo file limit and the per-user storage quota, counted in the same transaction as the
 * file record, under the concurrency a browser (or a script) can produce.
 */
const QUOTA = Number(process.env.STORAGE_QUOTA_BYTES);
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: process.env.AWS_REGION }),
);

const usageItem = async (userId: string) =>
  (
    await documents.send(
      new GetCommand({
        TableName: FILES_TABLE,
        Key: { todoId: `usage#${userId}`, fileId: 'usage' },
        ConsistentRead: true,
      }),
    )
  ).Item;

const upload = (user: User, todoId: string, size: number, name = 'f.txt') =>
  user.createUpload(todoId, { fileName: name, contentType: 'text/plain', size });

/** Moves a pending record's expiry into the past, as time would. */
const expire = (todoId: string, fileId: string) =>
  documents.send(
    new UpdateCommand({
      TableName: FILES_TABLE,
      Key: { todoId, fileId },
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 10 },
    }),
  );

describe('per-todo file limit', () => {
  it(`creates exactly ${MAX_FILES_PER_TODO} of 25 parallel uploads on one todo and refuses the rest with 409`, async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => upload(user, todo.todoId, 1, `p${i}.txt`)),
    );
    // Assert
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_FILES_PER_TODO);
    for (const refused of results.filter((r) => r.status !== 201))
      expectError(refused, 409, 'TOO_MANY_FILES');
    expect(await storedFiles(todo.todoId)).toHaveLength(MAX_FILES_PER_TODO);
    expect((await storedTodo(user.userId, todo.todoId))?.fileCount).toBe(MAX_FILES_PER_TODO);
  });

  it('releases a slot exactly once when the same file is deleted by parallel requests', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const first = await upload(user, todo.todoId, 100);
    await upload(user, todo.todoId, 50);
    const fileId = (first.body as { file: { fileId: string } }).file.fileId;
    // Act
    const deletes = await Promise.all(Array.from({ length: 5 }, () => user.deleteFile(todo.todoId, fileId)));
    // Assert
    expect(deletes.filter((d) => d.status === 204).length).toBeGreaterThanOrEqual(1);
    for (const d of deletes) expect([204, 404]).toContain(d.status);
    expect((await storedTodo(user.userId, todo.todoId))?.fileCount).toBe(1);
    expect((await usageItem(user.userId))?.bytes).toBe(50);
  });

  it('gives up an expired pending upload to make room, releasing its slot and bytes once', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const created = await Promise.all(
      Array.from({ length: MAX_FILES_PER_TODO }, (_, i) => upload(user, todo.todoId, 10, `e${i}.txt`)),
    );
    const stale = (created[0]!.body as { file: { fileId: string } }).file.fileId;
    await expire(todo.todoId, stale);
    // Act
    const fits = await upload(user, todo.todoId, 10, 'after-expiry.txt');
    // Assert
    expect(fits.status).toBe(201);
    const records = await storedFiles(todo.todoId);
    expect(records).toHaveLength(MAX_FILES_PER_TODO);
    expect(records.map((r) => r.fileId)).not.toContain(stale);
    expect((await storedTodo(user.userId, todo.todoId))?.fileCount).toBe(MAX_FILES_PER_TODO);
    expect((await usageItem(user.userId))?.bytes).toBe(10 * MAX_FILES_PER_TODO);
  });

  it('keeps the todo file counter through edits of the todo', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    await upload(user, todo.todoId, 1);
    // Act
    await user.updateTodo(todo.todoId, { title: 'Renamed', completed: true });
    await user.setTodoNotes(todo.todoId, { notes: 'more' });
    await user.completeTodo(todo.todoId);
    // Assert
    expect((await storedTodo(user.userId, todo.todoId))?.fileCount).toBe(1);
    expect((await user.getTodo(todo.todoId)).body).not.toHaveProperty('fileCount');
  });
});

describe('per-user storage quota', () => {
  it('admits parallel uploads across todos only up to the quota and answers the rest 413 QUOTA_EXCEEDED', async () => {
    // Arrange
    const user = asUser();
    const todos = await Promise.all(Array.from({ length: 10 }, () => createTodoFor(user)));
    const fitting = Math.floor(QUOTA / MAX_UPLOAD_BYTES);
    // Act
    const results = await Promise.all(todos.map((t) => upload(user, t.todoId, MAX_UPLOAD_BYTES)));
    // Assert
    expect(results.filter((r) => r.status === 201)).toHaveLength(fitting);
    for (const refused of results.filter((r) => r.status !== 201))
      expectError(refused, 413, 'QUOTA_EXCEEDED');
    const usage = await user.getUsage();
    expect(usage.status).toBe(200);
    expect(usage.body).toEqual({ usedBytes: fitting * MAX_UPLOAD_BYTES, quotaBytes: QUOTA });
  });

  it('frees the bytes of a deleted file for new uploads', async () => {
    // Arrange
    const user = asUser();
    const [a, b] = [await createTodoFor(user), await createTodoFor(user)];
    const fitting = Math.floor(QUOTA / MAX_UPLOAD_BYTES);
    const first = await upload(user, a.todoId, MAX_UPLOAD_BYTES);
    for (let i = 1; i < fitting; i++) await upload(user, b.todoId, MAX_UPLOAD_BYTES, `b${i}.txt`);
    const refused = await upload(user, b.todoId, QUOTA - fitting * MAX_UPLOAD_BYTES + 1);
    // Act
    await user.deleteFile(a.todoId, (first.body as { file: { fileId: string } }).file.fileId);
    const usageAfter = await user.getUsage();
    const fits = await upload(user, b.todoId, MAX_UPLOAD_BYTES);
    // Assert
    expectError(refused, 413, 'QUOTA_EXCEEDED');
    expect(usageAfter.body).toEqual({ usedBytes: (fitting - 1) * MAX_UPLOAD_BYTES, quotaBytes: QUOTA });
    expect(fits.status).toBe(201);
  });

  it('gives up expired pending uploads anywhere in the account before refusing for the quota', async () => {
    // Arrange
    const user = asUser();
    const [a, b] = [await createTodoFor(user), await createTodoFor(user)];
    const fitting = Math.floor(QUOTA / MAX_UPLOAD_BYTES);
    const held = await Promise.all(
      Array.from({ length: fitting }, (_, i) => upload(user, a.todoId, MAX_UPLOAD_BYTES, `a${i}.txt`)),
    );
    await expire(a.todoId, (held[0]!.body as { file: { fileId: string } }).file.fileId);
    // Act
    const fits = await upload(user, b.todoId, MAX_UPLOAD_BYTES);
    // Assert
    expect(fits.status).toBe(201);
    expect(await storedFiles(a.todoId)).toHaveLength(fitting - 1);
    expect((await storedTodo(user.userId, a.todoId))?.fileCount).toBe(fitting - 1);
    expect((await user.getUsage()).body).toEqual({
      usedBytes: fitting * MAX_UPLOAD_BYTES,
      quotaBytes: QUOTA,
    });
  });
});
