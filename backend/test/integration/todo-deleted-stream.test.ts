import { fileURLToPath } from 'node:url';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../local/template';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { handler as todoDeleted } from '../../src/functions/todos/todo-deleted';
import { asUser, createTodoFor, type User } from '../support/api';
import { objectKeys, openTodosStream, s3EventFor, storedFiles } from '../support/emulators';

/**
 * Deleting a todo removes its files through the real TodosTable stream of DynamoDB Local: the
 * REMOVE record is read with local/event-sources/dynamodb-stream-reader.ts and delivered to todo-deleted as Lambda would.
 */

// The event source mapping's filter, taken from the template (DESIGN: stream REMOVE → todoDeleted).
const template = loadTemplate(fileURLToPath(new URL('../../../template.yaml', import.meta.url)));
const streamEvent = Object.values(
  (template.Resources.TodoDeletedFunction?.Properties?.Events ?? {}) as Record<
    string,
    { Type: string; Properties: { FilterCriteria?: { Filters: { Pattern: string }[] } } }
  >,
).find((e) => e.Type === 'DynamoDB')!;
const allowedEventNames = streamEvent.Properties.FilterCriteria!.Filters.flatMap(
  (f) => (JSON.parse(f.Pattern) as { eventName: string[] }).eventName,
);
const passesFilter = (record: DynamoDBRecord) => allowedEventNames.includes(record.eventName ?? '');

const removalOf = (todoId: string) => (record: DynamoDBRecord) =>
  record.eventName === 'REMOVE' && record.dynamodb?.Keys?.todoId?.S === todoId;

async function uploadedFile(user: User, todoId: string, name: string, content: string) {
  const ticket = (
    await user.createUpload(todoId, {
      fileName: name,
      contentType: 'text/plain',
      size: Buffer.byteLength(content),
    })
  ).body;
  const put = await fetch(ticket.upload.url, {
    method: 'PUT',
    headers: ticket.upload.headers,
    body: content,
  });
  expect(put.status).toBe(200);
  const key = `${user.userId}/${todoId}/${ticket.file.fileId}`;
  await fileUploaded(await s3EventFor(key));
  return ticket.file as { fileId: string };
}

let stream: Awaited<ReturnType<typeof openTodosStream>>;
beforeAll(async () => {
  stream = await openTodosStream();
});

describe('todo-deleted with the real DynamoDB Local stream', () => {
  it('receives a REMOVE record with the old image when a todo is deleted', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Short-lived' });
    await stream.drain();
    // Act
    await user.deleteTodo(todo.todoId);
    const records = (await stream.next(removalOf(todo.todoId))).filter(removalOf(todo.todoId));
    // Assert
    expect(records).toHaveLength(1);
    expect(records[0]?.dynamodb?.Keys).toEqual({ userId: { S: user.userId }, todoId: { S: todo.todoId } });
    expect(records[0]?.dynamodb?.OldImage?.title).toEqual({ S: 'Short-lived' });
    expect(records[0]?.eventSourceARN).toBe(stream.arn);
  });

  it("leaves no file records and no objects of a deleted todo, and touches no other todo's files", async () => {
    // Arrange
    const user = asUser();
    const doomed = await createTodoFor(user, { title: 'Doomed' });
    const kept = await createTodoFor(user, { title: 'Kept' });
    await uploadedFile(user, doomed.todoId, 'one.txt', 'one');
    await uploadedFile(user, doomed.todoId, 'two.txt', 'two');
    await user.createUpload(doomed.todoId, {
      fileName: 'never-uploaded.txt',
      contentType: 'text/plain',
      size: 9,
    });
    const keptFile = await uploadedFile(user, kept.todoId, 'keep.txt', 'keep');
    expect(await storedFiles(doomed.todoId)).toHaveLength(3);
    expect(await objectKeys(`${user.userId}/${doomed.todoId}/`)).toHaveLength(2);
    await stream.drain();
    // Act
    expect((await user.deleteTodo(doomed.todoId)).status).toBe(204);
    const batch = (await stream.next(removalOf(doomed.todoId))).filter(passesFilter);
    const result = await todoDeleted({ Records: batch } satisfies DynamoDBStreamEvent);
    // Assert
    expect(batch.some(removalOf(doomed.todoId))).toBe(true);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await storedFiles(doomed.todoId)).toEqual([]);
    expect(await objectKeys(`${user.userId}/${doomed.todoId}/`)).toEqual([]);
    expect((await storedFiles(kept.todoId)).map((f) => f.fileId)).toEqual([keptFile.fileId]);
    expect(await objectKeys(`${user.userId}/${kept.todoId}/`)).toEqual([
      `${user.userId}/${kept.todoId}/${keptFile.fileId}`,
    ]);
    expect((await user.getFile(kept.todoId, keptFile.fileId)).body.status).toBe('available');
    // Only the kept file's bytes still count against the owner's quota.
    expect((await user.getUsage()).body).toMatchObject({ usedBytes: 'keep'.length });
  });

  it('treats the same REMOVE record delivered again as harmless: no failure, nothing changes', async () => {
    // Arrange
    const user = asUser();
    const doomed = await createTodoFor(user);
    const other = await createTodoFor(user);
    await uploadedFile(user, doomed.todoId, 'a.txt', 'a');
    const otherFile = await uploadedFile(user, other.todoId, 'b.txt', 'b');
    await stream.drain();
    await user.deleteTodo(doomed.todoId);
    const batch = (await stream.next(removalOf(doomed.todoId))).filter(passesFilter);
    await todoDeleted({ Records: batch });
    const othersBefore = await storedFiles(other.todoId);
    // Act
    const first = await todoDeleted({ Records: batch });
    const second = await todoDeleted({ Records: batch });
    // Assert
    expect(first).toEqual({ batchItemFailures: [] });
    expect(second).toEqual({ batchItemFailures: [] });
    expect(await storedFiles(doomed.todoId)).toEqual([]);
    expect(await objectKeys(`${user.userId}/${doomed.todoId}/`)).toEqual([]);
    expect(await storedFiles(other.todoId)).toEqual(othersBefore);
    expect(await objectKeys(`${user.userId}/${other.todoId}/`)).toEqual([
      `${user.userId}/${other.todoId}/${otherFile.fileId}`,
    ]);
  });

  it('writes no REMOVE record when another user tries to delete the todo', async () => {
    // Arrange
    const owner = asUser();
    const todo = await createTodoFor(owner);
    await uploadedFile(owner, todo.todoId, 'mine.txt', 'mine');
    await stream.drain();
    // Act
    const attempt = await asUser().deleteTodo(todo.todoId);
    await owner.updateTodo(todo.todoId, { title: 'still here' }); // a marker written after the attempt
    const records = await stream.next(
      (r) => r.eventName === 'MODIFY' && r.dynamodb?.Keys?.todoId?.S === todo.todoId,
    );
    // Assert
    expect(attempt.status).toBe(404);
    expect(records.filter(removalOf(todo.todoId))).toEqual([]);
    expect(await objectKeys(`${owner.userId}/${todo.todoId}/`)).toHaveLength(1);
  });
});
