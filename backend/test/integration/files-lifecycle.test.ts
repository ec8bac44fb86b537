import { GetObjectTaggingCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { newId } from '../../src/lib/ids';
import { asUser, createTodoFor, mapLimit, type User } from '../support/api';
import { expectError, FILE_FIELDS } from '../support/assertions';
import {
  BUCKET,
  MAX_FILES_PER_TODO,
  MAX_UPLOAD_BYTES,
  objectBytes,
  objectExists,
  objectKeys,
  putObjectDirectly,
  s3EventFor,
  storedFiles,
  URL_TTL_SECONDS,
} from '../support/emulators';

const UTF8_NAME = 'résumé 日本.txt';

const tagClient = new S3Client({
  endpoint: process.env.AWS_ENDPOINT_URL_S3,
  region: 'us-east-1',
  forcePathStyle: true,
});
const setTags = (key: string, TagSet: { Key: string; Value: string }[]) =>
  tagClient.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: key, Tagging: { TagSet } }));
const tagsOf = async (key: string) =>
  (await tagClient.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }))).TagSet ?? [];

interface Ticket {
  file: { fileId: string; todoId: string; fileName: string; size: number; status: string };
  upload: { url: string; method: string; headers: Record<string, string>; expiresAt: string };
}

async function createUpload(
  user: User,
  todoId: string,
  body: { fileName: string; contentType: string; size: number },
) {
  const result = await user.createUpload(todoId, body);
  if (result.status !== 201) throw new Error(`createUpload answered ${result.status}: ${result.rawBody}`);
  return result.body as Ticket;
}

/** PUT the bytes to the presigned URL exactly as a browser would: the returned method and headers. */
async function putThroughPresignedUrl(ticket: Ticket, bytes: Uint8Array) {
  return fetch(ticket.upload.url, {
    method: ticket.upload.method,
    headers: ticket.upload.headers,
    body: bytes,
  });
}

/** The key S3 stored the upload under, read from the presigned URL (path-style: /bucket/key). */
const keyOf = (url: string) => decodeURIComponent(new URL(url).pathname).replace(`/${BUCKET}/`, '');

/** Upload through the URL, then deliver s3rver's real ObjectCreated record(s) to file-uploaded. */
async function uploadAndNotify(ticket: Ticket, bytes: Uint8Array): Promise<S3Event> {
  const put = await putThroughPresignedUrl(ticket, bytes);
  if (!put.ok) throw new Error(`PUT to the presigned URL failed: ${put.status} ${await put.text()}`);
  const event = await s3EventFor(keyOf(ticket.upload.url));
  await fileUploaded(event);
  return event;
}

/** RFC 6266 filename* (UTF-8) from a Content-Disposition header. */
const utf8FileName = (disposition: string | null) => {
  const match = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition ?? '');
  return match ? decodeURIComponent(match[1]!) : undefined;
};

describe('files lifecycle against DynamoDB Local and s3rver', () => {
  it('creates an upload (201) with the pending file and a presigned PUT that signs type, length, create-once and the pending tag', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const before = Date.now();
    // Act
    const result = await user.createUpload(todo.todoId, {
      fileName: UTF8_NAME,
      contentType: 'text/plain',
      size: 11,
    });
    // Assert
    expect(result.status).toBe(201);
    expect(Object.keys(result.body).sort()).toEqual(['file', 'upload']);
    expect(Object.keys(result.body.file).sort()).toEqual(FILE_FIELDS);
    expect(result.body.file).toMatchObject({
      todoId: todo.todoId,
      fileName: UTF8_NAME,
      contentType: 'text/plain',
      size: 11,
      status: 'pending',
      uploadedAt: null,
    });
    expect(Object.keys(result.body.upload).sort()).toEqual(['expiresAt', 'headers', 'method', 'url']);
    expect(result.body.upload.method).toBe('PUT');
    expect(result.body.upload.headers).toEqual({
      'Content-Type': 'text/plain',
      'If-None-Match': '*',
      'x-amz-tagging': 'pending=true',
    });
    const url = new URL(result.body.upload.url);
    const signed = url.searchParams.get('X-Amz-SignedHeaders')?.split(';') ?? [];
    expect(signed).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'if-none-match', 'x-amz-tagging']),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(URL_TTL_SECONDS));
    const expiresAt = Date.parse(result.body.upload.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + URL_TTL_SECONDS * 1000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + URL_TTL_SECONDS * 1000 + 1000);
  });

  it('keys the object by user, todo and file id, never by the file name', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'Quarterly plan.txt',
      contentType: 'text/plain',
      size: 1,
    });
    // Assert
    expect(keyOf(ticket.upload.url)).toBe(`${user.userId}/${todo.todoId}/${ticket.file.fileId}`);
    expect(ticket.upload.url).not.toContain('Quarterly');
  });

  it('lists a pending upload, and shows it without a download URL until the bytes arrive', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'notes.txt',
      contentType: 'text/plain',
      size: 5,
    });
    // Act
    const list = await user.listFiles(todo.todoId);
    const file = await user.getFile(todo.todoId, ticket.file.fileId);
    // Assert
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [ticket.file], nextCursor: null });
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ ...ticket.file, status: 'pending', downloadUrl: null });
  });

  it('gives a pending record an expiry past its URL and indexes it by owner, and drops both on upload', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'a.txt',
      contentType: 'text/plain',
      size: 3,
    });
    // Act
    const [pending] = await storedFiles(todo.todoId);
    await uploadAndNotify(ticket, Buffer.from('abc'));
    const [available] = await storedFiles(todo.todoId);
    // Assert
    expect(pending?.expiresAt).toBeGreaterThan(Date.now() / 1000 + URL_TTL_SECONDS);
    expect(Number.isInteger(pending?.expiresAt)).toBe(true);
    expect(pending?.pendingOwner).toBe(user.userId);
    expect(available?.status).toBe('available');
    expect(available).not.toHaveProperty('expiresAt');
    expect(available).not.toHaveProperty('pendingOwner');
  });

  it('uploads through the presigned URL, becomes available with its real size, and downloads with the UTF-8 name', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const bytes = Buffer.from('Bonjour, 日本! ✓\n', 'utf8');
    const ticket = await createUpload(user, todo.todoId, {
      fileName: UTF8_NAME,
      contentType: 'text/plain',
      size: bytes.length,
    });
    // Act
    const put = await putThroughPresignedUrl(ticket, bytes);
    const event = await s3EventFor(keyOf(ticket.upload.url));
    await fileUploaded(event);
    const file = await user.getFile(todo.todoId, ticket.file.fileId);
    const download = await fetch(file.body.downloadUrl);
    const downloaded = Buffer.from(await download.arrayBuffer());
    // Assert
    expect(put.status).toBe(200);
    expect(event.Records[0]?.s3.object.size).toBe(bytes.length);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ fileId: ticket.file.fileId, status: 'available', size: bytes.length });
    expect(Date.parse(file.body.uploadedAt)).not.toBeNaN();
    expect(download.status).toBe(200);
    expect(downloaded.equals(bytes)).toBe(true);
    const disposition = download.headers.get('content-disposition');
    expect(disposition?.startsWith('attachment')).toBe(true);
    expect(utf8FileName(disposition)).toBe(UTF8_NAME);
    expect(download.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('deletes a file with 204: the record and the object are gone, and it answers 404 afterwards', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'bye.txt',
      contentType: 'text/plain',
      size: 3,
    });
    await uploadAndNotify(ticket, Buffer.from('bye'));
    const key = keyOf(ticket.upload.url);
    expect(await objectExists(key)).toBe(true);
    // Act
    const deleted = await user.deleteFile(todo.todoId, ticket.file.fileId);
    // Assert
    expect(deleted.status).toBe(204);
    expect(deleted.rawBody).toBeUndefined();
    expect(await objectExists(key)).toBe(false);
    expect(await storedFiles(todo.todoId)).toEqual([]);
    expectError(await user.getFile(todo.todoId, ticket.file.fileId), 404, 'NOT_FOUND');
    expectError(await user.deleteFile(todo.todoId, ticket.file.fileId), 404, 'NOT_FOUND');
    expect((await user.listFiles(todo.todoId)).body.items).toEqual([]);
  });

  it("lists a todo's files newest first", async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const first = await createUpload(user, todo.todoId, {
      fileName: '1.txt',
      contentType: 'text/plain',
      size: 1,
    });
    const second = await createUpload(user, todo.todoId, {
      fileName: '2.txt',
      contentType: 'text/plain',
      size: 1,
    });
    // Act
    const list = await user.listFiles(todo.todoId);
    // Assert
    expect(list.body.items.map((f: { fileId: string }) => f.fileId)).toEqual([
      second.file.fileId,
      first.file.fileId,
    ]);
  });
});

describe('files of a deleted todo', () => {
  it('answers 404 for its files at once, before the stream has removed them', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'a.txt',
      contentType: 'text/plain',
      size: 2,
    });
    await uploadAndNotify(ticket, new TextEncoder().encode('hi'));
    // Act
    expect((await user.deleteTodo(todo.todoId)).status).toBe(204);
    // Assert
    expectError(await user.getFile(todo.todoId, ticket.file.fileId), 404, 'NOT_FOUND');
    expectError(await user.deleteFile(todo.todoId, ticket.file.fileId), 404, 'NOT_FOUND');
    expectError(await user.listFiles(todo.todoId), 404, 'NOT_FOUND');
    expectError(
      await user.createUpload(todo.todoId, { fileName: 'b.txt', contentType: 'text/plain', size: 1 }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('content types', () => {
  it('accepts a media type with parameters and signs it as given', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'notes.txt',
      contentType: 'text/plain; charset=utf-8',
      size: 2,
    });
    const put = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: 'ok' });
    // Assert
    expect(ticket.upload.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(put.status).toBe(200);
  });
});

describe('upload limits', () => {
  it('answers 413 for a file one byte over the limit, and records nothing', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const result = await user.createUpload(todo.todoId, {
      fileName: 'big.bin',
      contentType: 'application/octet-stream',
      size: MAX_UPLOAD_BYTES + 1,
    });
    // Assert
    expectError(result, 413, 'PAYLOAD_TOO_LARGE');
    expect(await storedFiles(todo.todoId)).toEqual([]);
  });

  it('accepts a file of exactly the limit', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const result = await user.createUpload(todo.todoId, {
      fileName: 'max.bin',
      contentType: 'application/octet-stream',
      size: MAX_UPLOAD_BYTES,
    });
    // Assert
    expect(result.status).toBe(201);
  });

  it(`answers 409 for file number ${MAX_FILES_PER_TODO + 1} of one todo, and frees a slot when a file is deleted`, async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const tickets = await mapLimit(Array.from({ length: MAX_FILES_PER_TODO }), 5, (_, i) =>
      createUpload(user, todo.todoId, { fileName: `f${i}.txt`, contentType: 'text/plain', size: 1 }),
    );
    // Act
    const overLimit = await user.createUpload(todo.todoId, {
      fileName: 'one-too-many.txt',
      contentType: 'text/plain',
      size: 1,
    });
    await user.deleteFile(todo.todoId, tickets[0]!.file.fileId);
    const afterDelete = await user.createUpload(todo.todoId, {
      fileName: 'fits-again.txt',
      contentType: 'text/plain',
      size: 1,
    });
    // Assert
    expectError(overLimit, 409, 'TOO_MANY_FILES');
    expect(afterDelete.status).toBe(201);
    expect(await storedFiles(todo.todoId)).toHaveLength(MAX_FILES_PER_TODO);
  });
});

describe('file-uploaded with real s3rver events', () => {
  it('deletes an object whose key matches no pending record instead of adopting it', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const strayKey = `${user.userId}/${todo.todoId}/${newId()}`;
    await putObjectDirectly(strayKey, 'not asked for');
    const event = await s3EventFor(strayKey);
    // Act
    await fileUploaded(event);
    // Assert
    expect(await objectExists(strayKey)).toBe(false);
    expect(await storedFiles(todo.todoId)).toEqual([]);
    expect((await user.listFiles(todo.todoId)).body.items).toEqual([]);
  });

  it("deletes an object put at another user's pending key instead of marking that file available", async () => {
    // Arrange
    const owner = asUser();
    const todo = await createTodoFor(owner);
    const ticket = await createUpload(owner, todo.todoId, {
      fileName: 'x.txt',
      contentType: 'text/plain',
      size: 1,
    });
    const forgedKey = `${asUser().userId}/${todo.todoId}/${ticket.file.fileId}`;
    await putObjectDirectly(forgedKey, 'x');
    // Act
    await fileUploaded(await s3EventFor(forgedKey));
    // Assert
    expect(await objectExists(forgedKey)).toBe(false);
    expect((await owner.getFile(todo.todoId, ticket.file.fileId)).body.status).toBe('pending');
  });

  it('deletes an object whose size differs from the declared size and leaves the file pending', async () => {
    // Arrange: s3rver does not enforce the signed Content-Length, so put the wrong size directly.
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'x.txt',
      contentType: 'text/plain',
      size: 3,
    });
    const key = keyOf(ticket.upload.url);
    await putObjectDirectly(key, 'more bytes than declared');
    // Act
    await fileUploaded(await s3EventFor(key));
    // Assert
    expect(await objectExists(key)).toBe(false);
    expect((await user.getFile(todo.todoId, ticket.file.fileId)).body.status).toBe('pending');
  });

  it('deletes a stray object whose key is not shaped like a file key', async () => {
    // Arrange
    const key = `stray-${newId()}.txt`;
    await putObjectDirectly(key, 'stray');
    // Act
    await fileUploaded(await s3EventFor(key));
    // Assert
    expect(await objectExists(key)).toBe(false);
  });

  it('removes the pending tag of an accepted upload, so the lifecycle rule never expires it', async () => {
    // Arrange: s3rver ignores x-amz-tagging on PUT (the local S3 layer applies it); set it directly.
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 't.txt',
      contentType: 'text/plain',
      size: 3,
    });
    const key = keyOf(ticket.upload.url);
    expect((await putThroughPresignedUrl(ticket, Buffer.from('abc'))).ok).toBe(true);
    await setTags(key, [{ Key: 'pending', Value: 'true' }]);
    // Act
    await fileUploaded(await s3EventFor(key));
    // Assert
    expect(await tagsOf(key)).toEqual([]);
    expect((await user.getFile(todo.todoId, ticket.file.fileId)).body.status).toBe('available');
  });

  it('treats a redelivered ObjectCreated event as harmless: no error, the file and object unchanged', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const bytes = Buffer.from('redelivered');
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'r.txt',
      contentType: 'text/plain',
      size: bytes.length,
    });
    const event = await uploadAndNotify(ticket, bytes);
    const before = (await user.getFile(todo.todoId, ticket.file.fileId)).body;
    const storedBefore = await storedFiles(todo.todoId);
    // Act
    await fileUploaded(event);
    await fileUploaded(event);
    // Assert
    const after = (await user.getFile(todo.todoId, ticket.file.fileId)).body;
    expect({ ...after, downloadUrl: null, downloadExpiresAt: null }).toEqual({
      ...before,
      downloadUrl: null,
      downloadExpiresAt: null,
    });
    expect(await storedFiles(todo.todoId)).toEqual(storedBefore);
    expect((await objectBytes(keyOf(ticket.upload.url))).equals(bytes)).toBe(true);
    expect(await objectKeys(`${user.userId}/${todo.todoId}/`)).toEqual([keyOf(ticket.upload.url)]);
  });

  it('treats an event for a file deleted meanwhile as harmless, leaving nothing behind', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const ticket = await createUpload(user, todo.todoId, {
      fileName: 'gone.txt',
      contentType: 'text/plain',
      size: 4,
    });
    const event = await uploadAndNotify(ticket, Buffer.from('gone'));
    await user.deleteFile(todo.todoId, ticket.file.fileId);
    // Act
    const redelivery = fileUploaded(event);
    // Assert
    await expect(redelivery).resolves.toBeUndefined();
    expect(await storedFiles(todo.todoId)).toEqual([]);
    expect(await objectKeys(`${user.userId}/${todo.todoId}/`)).toEqual([]);
  });
});
