import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { handler as todoDeleted } from '../../src/functions/todos/todo-deleted';
import { asUser, createTodoFor, type User } from '../support/api';
import { expectError } from '../support/assertions';
import { objectKeys, openTodosStream, s3EventFor, storedFiles } from '../support/emulators';
import { seedTodos, todoFields } from '../support/seed';

/** DELETE /todos?status=completed: bounded batches, exact counts, attachments cascading through the stream. */

let stream: Awaited<ReturnType<typeof openTodosStream>>;
beforeAll(async () => {
  stream = await openTodosStream();
});

async function attach(user: User, todoId: string) {
  const ticket = (await user.createUpload(todoId, { fileName: 'a.txt', contentType: 'text/plain', size: 1 }))
    .body;
  const put = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: 'a' });
  expect(put.status).toBe(200);
  await fileUploaded(await s3EventFor(`${user.userId}/${todoId}/${ticket.file.fileId}`));
}

describe('clear completed', () => {
  it.each([
    ['no status', undefined],
    ['status=open', { status: 'open' }],
    ['status=all', { status: 'all' }],
  ])('answers 400 with %s, deleting nothing', async (_, query) => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    await user.completeTodo(todo.todoId);
    // Act
    const result = await user.clearCompleted(query);
    // Assert
    expectError(result, 400, 'VALIDATION_ERROR');
    expect((await user.getTodo(todo.todoId)).status).toBe(200);
  });

  it('deletes every completed todo in bounded calls, keeps open ones, and keeps counts exact', async () => {
    // Arrange
    const user = asUser();
    const other = asUser();
    const theirs = await createTodoFor(other, { title: 'not mine' });
    await other.completeTodo(theirs.todoId);
    const todos = Array.from({ length: 260 }, (_, i) =>
      todoFields({
        title: `t${i}`,
        completed: i % 5 !== 0,
        completedAt: i % 5 !== 0 ? new Date().toISOString() : null,
      }),
    );
    await seedTodos(user.userId, todos);
    const completed = todos.filter((t) => t.completed);
    // Act
    const calls: { deleted: number; more: boolean }[] = [];
    let more = true;
    while (more && calls.length < 10) {
      const result = await user.clearCompleted({ status: 'completed' });
      expect(result.status).toBe(200);
      calls.push(result.body);
      more = result.body.more;
    }
    // Assert
    expect(calls.length).toBeGreaterThan(2); // 208 completed, at most 100 per call
    expect(calls.every((c) => c.deleted <= 100)).toBe(true);
    expect(calls.reduce((sum, c) => sum + c.deleted, 0)).toBe(completed.length);
    const left = await user.listTodos({ limit: '100' });
    expect(left.body.nextCursor).toBeNull();
    expect(left.body.items).toHaveLength(todos.length - completed.length);
    expect(left.body.items.every((t: { completed: boolean }) => !t.completed)).toBe(true);
    expect(left.body.counts).toEqual({ open: todos.length - completed.length, completed: 0 });
    expect((await other.getTodo(theirs.todoId)).status).toBe(200);
  });

  it("removes completed todos' attachments through the stream, as one delete does", async () => {
    // Arrange
    const user = asUser();
    const done = await createTodoFor(user, { title: 'done' });
    const open = await createTodoFor(user, { title: 'open' });
    await attach(user, done.todoId);
    await attach(user, open.todoId);
    await user.completeTodo(done.todoId);
    await stream.drain();
    // Act
    const result = await user.clearCompleted({ status: 'completed' });
    const isRemoval = (r: DynamoDBRecord) =>
      r.eventName === 'REMOVE' && r.dynamodb?.Keys?.todoId?.S === done.todoId;
    const records = (await stream.next(isRemoval)).filter((r) => r.eventName === 'REMOVE');
    await todoDeleted({ Records: records });
    // Assert
    expect(result.body).toEqual({ deleted: 1, more: false });
    expect(await storedFiles(done.todoId)).toEqual([]);
    expect(await objectKeys(`${user.userId}/${done.todoId}/`)).toEqual([]);
    expect(await storedFiles(open.todoId)).toHaveLength(1);
  });
});
