import { describe, expect, it } from 'vitest';
import { handler as exportAccount } from '../../src/functions/account/export-account';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { asUser, createTodoFor } from '../support/api';
import { expectError } from '../support/assertions';
import { s3EventFor } from '../support/emulators';
import { apiEvent, call } from '../support/events';

/** GET /account/export through its handler, against DynamoDB Local and s3rver. */
const exportAs = (userId: string, query?: Record<string, string>) =>
  call(
    exportAccount,
    apiEvent({
      userId,
      method: 'GET',
      path: '/account/export',
      routeKey: 'GET /account/export',
      ...(query ? { query } : {}),
    }),
  );

describe('GET /account/export', () => {
  it("answers every todo of the caller with its files and a download URL giving the exact bytes, and nobody else's", async () => {
    const ann = asUser();
    const bob = asUser();
    const plain = await createTodoFor(ann, {
      title: 'Plain',
      remindAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const withFile = await createTodoFor(ann, { title: 'With file' });
    await createTodoFor(bob, { title: "Bob's" });
    const ticket = (
      await ann.createUpload(withFile.todoId, { fileName: 'a.txt', contentType: 'text/plain', size: 5 })
    ).body;
    await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: 'hello' });
    await fileUploaded(await s3EventFor(`${ann.userId}/${withFile.todoId}/${ticket.file.fileId}`));
    const pending = (
      await ann.createUpload(withFile.todoId, { fileName: 'b.txt', contentType: 'text/plain', size: 3 })
    ).body;

    const result = await exportAs(ann.userId);

    expect(result.status).toBe(200);
    expect(result.body.nextCursor).toBeNull();
    expect(result.body.todos.map((t: { todoId: string }) => t.todoId).sort()).toEqual(
      [plain.todoId, withFile.todoId].sort(),
    );
    const exported = result.body.todos.find((t: { todoId: string }) => t.todoId === withFile.todoId);
    const { files, ...todo } = exported;
    expect(todo).toEqual((await ann.getTodo(withFile.todoId)).body);
    const available = files.find((f: { fileId: string }) => f.fileId === ticket.file.fileId);
    const stillPending = files.find((f: { fileId: string }) => f.fileId === pending.file.fileId);
    expect(available).toMatchObject({ fileName: 'a.txt', size: 5, status: 'available' });
    expect(await (await fetch(available.downloadUrl)).text()).toBe('hello');
    expect(stillPending).toMatchObject({ status: 'pending', downloadUrl: null });
    expect(result.body.todos.find((t: { todoId: string }) => t.todoId === plain.todoId).remindAt).toBe(
      plain.remindAt,
    );
  });

  it('answers an empty export for a user with nothing', async () => {
    const result = await exportAs(asUser().userId);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ todos: [], nextCursor: null });
  });

  it('refuses a cursor that is not a todo id with a 400 naming it', async () => {
    const result = await exportAs(asUser().userId, { cursor: 'not-an-id' });
    expectError(result, 400, 'VALIDATION_ERROR');
    expect(result.body.error.details[0].path).toBe('cursor');
  });
});
