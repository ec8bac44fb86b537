import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DynamoDBStreamEvent, S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileRecord } from '../../src/files/model';
import { handler as createUpload } from '../../src/functions/files/create-upload';
import { handler as deleteFile } from '../../src/functions/files/delete-file';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { handler as getFile } from '../../src/functions/files/get-file';
import { handler as listFiles } from '../../src/functions/files/list-files';
import { handler as todoDeleted } from '../../src/functions/todos/todo-deleted';
import { newId } from '../../src/lib/ids';
import { expectError, expectNoInternals } from '../support/assertions';
import { type ApiEventOptions, apiEvent, call, type HttpHandler } from '../support/events';
import { captureStdout } from '../support/stdout';

// Presigning never calls `send`, so S3 client mocks cannot make it fail: wrap the real presigner.
vi.mock('@aws-sdk/s3-request-presigner', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@aws-sdk/s3-request-presigner')>();
  return { ...actual, getSignedUrl: vi.fn(actual.getSignedUrl) };
});

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const FILES_TABLE = process.env.FILES_TABLE!;
const TODOS_TABLE = process.env.TODOS_TABLE!;
const BUCKET = process.env.ATTACHMENTS_BUCKET!;
const MAX_UPLOAD_BYTES = Number(process.env.MAX_UPLOAD_BYTES);
const MAX_FILES = Number(process.env.MAX_FILES_PER_TODO);
const USER = 'user-1111';
const TODO_ID = newId();
const FILE_ID = newId();

let stdout: ReturnType<typeof captureStdout>;
beforeEach(() => {
  ddb.reset();
  s3.reset();
  vi.mocked(getSignedUrl).mockClear();
  stdout = captureStdout();
});
afterEach(() => stdout.restore());

function fileRecord(overrides: Partial<FileRecord> = {}): FileRecord {
  const fileId = overrides.fileId ?? FILE_ID;
  return {
    fileId,
    todoId: TODO_ID,
    userId: USER,
    fileName: 'report.pdf',
    contentType: 'application/pdf',
    size: 1234,
    status: 'available',
    createdAt: '2025-01-01T00:00:00.000Z',
    uploadedAt: '2025-01-01T00:00:01.000Z',
    objectKey: `${USER}/${TODO_ID}/${fileId}`,
    ...overrides,
  };
}

const uploadBody = { fileName: 'report.pdf', contentType: 'application/pdf', size: 1234 };
interface Route {
  name: string;
  handler: HttpHandler;
  event: ApiEventOptions;
}
const routes: Route[] = [
  { name: 'listFiles', handler: listFiles, event: { method: 'GET', pathParameters: { todoId: TODO_ID } } },
  {
    name: 'createUpload',
    handler: createUpload,
    event: { method: 'POST', pathParameters: { todoId: TODO_ID }, body: uploadBody },
  },
  {
    name: 'getFile',
    handler: getFile,
    event: { method: 'GET', pathParameters: { todoId: TODO_ID, fileId: FILE_ID } },
  },
  {
    name: 'deleteFile',
    handler: deleteFile,
    event: { method: 'DELETE', pathParameters: { todoId: TODO_ID, fileId: FILE_ID } },
  },
];
const route = (name: string) => routes.find((r) => r.name === name)!;
const invoke = (r: Route, overrides: ApiEventOptions = {}) =>
  call(r.handler, apiEvent({ userId: USER, ...r.event, ...overrides }));

function s3Error(name: string, status: number, message: string) {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message,
  });
}

/** DynamoDB cancels a transaction because the condition on item `failedAt` did not hold. */
const cancelledAt = (failedAt: number, items = 3) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: items }, (_, i) => ({
      Code: i === failedAt ? 'ConditionalCheckFailed' : 'None',
    })),
  });
const transactItems = () =>
  ddb.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems ?? []);

/** DynamoDB answers as if the caller owns the todo and it has `records` attached. */
function ownedTodoWith(records: FileRecord[]) {
  ddb.on(GetCommand, { TableName: TODOS_TABLE }).resolves({ Item: { todoId: TODO_ID } });
  ddb.on(QueryCommand, { TableName: FILES_TABLE }).resolves({ Items: records });
  ddb.on(PutCommand).resolves({});
}

describe('files handlers when DynamoDB throttles', () => {
  it.each(routes)('$name answers 503 with Retry-After and no internals', async (r) => {
    // Arrange
    const error = new ProvisionedThroughputExceededException({
      message: `Throughput exceeded for table ${FILES_TABLE}`,
      $metadata: {},
    });
    ddb.onAnyCommand().rejects(error);
    // Act
    const result = await invoke(r);
    // Assert
    expectError(result, 503, 'SERVICE_UNAVAILABLE');
    expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
    expectNoInternals(result, [
      FILES_TABLE,
      TODOS_TABLE,
      'ProvisionedThroughputExceeded',
      'Throughput exceeded',
    ]);
  });
});

describe('files handlers when S3 fails', () => {
  it('createUpload answers a generic 500 when presigning fails, leaking nothing', async () => {
    // Arrange
    ownedTodoWith([]);
    vi.mocked(getSignedUrl).mockRejectedValueOnce(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    // Act
    const result = await invoke(route('createUpload'));
    // Assert
    expectError(result, 500, 'INTERNAL_ERROR');
    expectNoInternals(result, ['CredentialsProviderError', 'credentials', BUCKET, FILES_TABLE]);
  });

  it('getFile answers a generic 500 when presigning the download fails', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: fileRecord() });
    vi.mocked(getSignedUrl).mockRejectedValueOnce(new Error(`Invalid bucket ${BUCKET}`));
    // Act
    const result = await invoke(route('getFile'));
    // Assert
    expectError(result, 500, 'INTERNAL_ERROR');
    expectNoInternals(result, ['Invalid bucket', BUCKET]);
  });

  it('deleteFile answers a generic 500 when S3 denies the delete, and keeps the record so a retry can finish', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: fileRecord() });
    s3.on(DeleteObjectCommand).rejects(s3Error('AccessDenied', 403, `Access Denied to ${BUCKET}`));
    // Act
    const result = await invoke(route('deleteFile'));
    // Assert
    expectError(result, 500, 'INTERNAL_ERROR');
    expectNoInternals(result, ['AccessDenied', 'Access Denied', BUCKET]);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('deleteFile answers 503 with Retry-After when S3 asks to slow down', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: fileRecord() });
    s3.on(DeleteObjectCommand).rejects(s3Error('SlowDown', 503, 'Please reduce your request rate.'));
    // Act
    const result = await invoke(route('deleteFile'));
    // Assert
    expectError(result, 503, 'SERVICE_UNAVAILABLE');
    expect(result.headers['retry-after']).toMatch(/^\d+$/);
    expectNoInternals(result, ['SlowDown', 'reduce your request rate']);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('deleteFile removes the object it owns, then the record with its slot and bytes, and answers 204', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: fileRecord() });
    ddb.on(TransactWriteCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    // Act
    const result = await invoke(route('deleteFile'));
    // Assert
    expect(result.status).toBe(204);
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: `${USER}/${TODO_ID}/${FILE_ID}`,
    });
    const [remove, usage, todo] = transactItems();
    expect(remove?.Delete?.Key).toEqual({ todoId: TODO_ID, fileId: FILE_ID });
    expect(remove?.Delete?.ConditionExpression).toContain('userId = :userId');
    expect(usage?.Update?.ExpressionAttributeValues).toEqual({ ':minus': -1234 });
    expect(todo?.Update?.Key).toEqual({ userId: USER, todoId: TODO_ID });
  });
});

describe("files handlers and other users' files", () => {
  it.each(['getFile', 'deleteFile'])(
    "%s answers 404 for another user's file record and touches no object",
    async (name) => {
      // Arrange
      ddb.on(GetCommand).resolves({ Item: fileRecord({ userId: 'someone-else' }) });
      // Act
      const result = await invoke(route(name));
      // Assert
      expectError(result, 404, 'NOT_FOUND');
      expect(s3.calls()).toHaveLength(0);
      expect(getSignedUrl).not.toHaveBeenCalled();
      expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    },
  );

  it.each(['listFiles', 'createUpload'])('%s answers 404 when the caller has no such todo', async (name) => {
    // Arrange
    ddb.on(GetCommand).resolves({});
    // Act
    const result = await invoke(route(name));
    // Assert
    expectError(result, 404, 'NOT_FOUND');
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ userId: USER, todoId: TODO_ID });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it.each(routes)('$name answers 401 without a sub claim, touching neither DynamoDB nor S3', async (r) => {
    // Act
    const result = await invoke(r, { userId: null });
    // Assert
    expectError(result, 401, 'UNAUTHORIZED');
    expect(ddb.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('createUpload limits', () => {
  it('answers 413 for a file over the size limit, writing nothing', async () => {
    // Arrange
    ownedTodoWith([]);
    // Act
    const result = await invoke(route('createUpload'), {
      body: { ...uploadBody, size: MAX_UPLOAD_BYTES + 1 },
    });
    // Assert
    expectError(result, 413, 'PAYLOAD_TOO_LARGE');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('accepts a file of exactly the size limit', async () => {
    // Arrange
    ownedTodoWith([]);
    // Act
    const result = await invoke(route('createUpload'), { body: { ...uploadBody, size: MAX_UPLOAD_BYTES } });
    // Assert
    expect(result.status).toBe(201);
  });

  it('answers 409 when the todo counter is at the limit and nothing expired frees a slot, presigning nothing', async () => {
    // Arrange
    ownedTodoWith(Array.from({ length: MAX_FILES }, () => fileRecord({ fileId: newId() })));
    ddb.on(TransactWriteCommand).rejects(cancelledAt(0));
    // Act
    const result = await invoke(route('createUpload'));
    // Assert
    expectError(result, 409, 'TOO_MANY_FILES');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(getSignedUrl).not.toHaveBeenCalled();
  });

  it('answers 413 QUOTA_EXCEEDED when the usage condition fails and nothing expired frees bytes', async () => {
    // Arrange
    ownedTodoWith([]);
    ddb.on(TransactWriteCommand).rejects(cancelledAt(1));
    // Act
    const result = await invoke(route('createUpload'));
    // Assert
    expectError(result, 413, 'QUOTA_EXCEEDED');
    expect(getSignedUrl).not.toHaveBeenCalled();
  });

  it('releases pending uploads whose time has run out, then creates the upload', async () => {
    // Arrange
    const expired = Math.floor(Date.now() / 1000) - 10;
    const stale = fileRecord({ fileId: newId(), status: 'pending', uploadedAt: null, expiresAt: expired });
    ownedTodoWith([stale]);
    ddb.on(TransactWriteCommand).rejectsOnce(cancelledAt(0)).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    // Act
    const result = await invoke(route('createUpload'));
    // Assert
    expect(result.status).toBe(201);
    const released = transactItems().find((item) => item.Delete)?.Delete;
    expect(released?.Key).toEqual({ todoId: TODO_ID, fileId: stale.fileId });
    expect(released?.ConditionExpression).toContain('expiresAt < :now');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('stores a pending record under a server-chosen key without the file name, with the todo counter and usage in one transaction', async () => {
    // Arrange
    ownedTodoWith([]);
    const before = Math.floor(Date.now() / 1000);
    // Act
    const result = await invoke(route('createUpload'), {
      body: { fileName: 'quarterly plan.txt', contentType: 'text/plain', size: 5 },
    });
    // Assert
    expect(result.status).toBe(201);
    const [todo, usage, put] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(todo!.Update).toMatchObject({
      TableName: TODOS_TABLE,
      Key: { userId: USER, todoId: TODO_ID },
      ConditionExpression:
        'attribute_exists(todoId) AND (attribute_not_exists(fileCount) OR fileCount < :max)',
    });
    expect(todo!.Update!.ExpressionAttributeValues).toMatchObject({ ':max': MAX_FILES });
    expect(usage!.Update).toMatchObject({
      Key: { todoId: `usage#${USER}`, fileId: 'usage' },
      ConditionExpression: 'attribute_not_exists(#bytes) OR #bytes <= :room',
    });
    const item = put!.Put!.Item as FileRecord;
    expect(item.objectKey).toBe(`${USER}/${TODO_ID}/${result.body.file.fileId}`);
    expect(item.objectKey).not.toContain('quarterly');
    expect(item.status).toBe('pending');
    expect(item.userId).toBe(USER);
    expect(item.expiresAt).toBeGreaterThan(before + Number(process.env.URL_TTL_SECONDS));
    expect(result.body.upload.method).toBe('PUT');
    expect(new URL(result.body.upload.url).pathname).toBe(`/${BUCKET}/${item.objectKey}`);
  });
});

describe('file-uploaded (S3 ObjectCreated)', () => {
  const s3Record = (key: string, size = 10, eventName = 'ObjectCreated:Put') => ({
    eventName,
    s3: { bucket: { name: BUCKET }, object: { key, size } },
  });
  const s3Event = (...records: ReturnType<typeof s3Record>[]) => ({ Records: records }) as unknown as S3Event;

  it('throws when DynamoDB fails, so Lambda retries, after still handling the other records', async () => {
    // Arrange
    const other = newId();
    ddb
      .on(UpdateCommand)
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }))
      .resolves({});
    // Act
    const outcome = fileUploaded(
      s3Event(s3Record(`${USER}/${TODO_ID}/${FILE_ID}`), s3Record(`${USER}/${TODO_ID}/${other}`)),
    );
    // Assert
    await expect(outcome).rejects.toThrow();
    const keys = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual([
      { todoId: TODO_ID, fileId: FILE_ID },
      { todoId: TODO_ID, fileId: other },
    ]);
  });

  it('deletes an object whose key has no pending record, decoding the key as S3 encodes it', async () => {
    // Arrange
    s3.on(DeleteObjectCommand).resolves({});
    // Act
    await fileUploaded(s3Event(s3Record('stray+upload%C3%A9.txt')));
    // Assert
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'stray uploadé.txt',
    });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('throws when deleting a stray object fails, so Lambda retries', async () => {
    // Arrange
    s3.on(DeleteObjectCommand).rejects(s3Error('InternalError', 500, 'We encountered an internal error'));
    // Act
    const outcome = fileUploaded(s3Event(s3Record('not-a-file-key')));
    // Assert
    await expect(outcome).rejects.toThrow();
  });

  it('ignores events other than ObjectCreated', async () => {
    // Act
    await fileUploaded(s3Event(s3Record(`${USER}/${TODO_ID}/${FILE_ID}`, 0, 'ObjectRemoved:Delete')));
    // Assert
    expect(ddb.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('todo-deleted (TodosTable stream)', () => {
  const removeRecord = (todoId: string, sequence: string) => ({
    eventName: 'REMOVE',
    dynamodb: { Keys: { userId: { S: USER }, todoId: { S: todoId } }, SequenceNumber: sequence },
  });
  const streamEvent = (...records: object[]) => ({ Records: records }) as unknown as DynamoDBStreamEvent;

  it('reports the record whose object could not be deleted, keeps its file record and stops there', async () => {
    // Arrange
    const [first, failing, later] = [newId(), newId(), newId()];
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':todoId': first, ':userId': USER } }).resolves({
      Items: [fileRecord({ todoId: first, objectKey: `${USER}/${first}/a` })],
    });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':todoId': failing, ':userId': USER } }).resolves({
      Items: [fileRecord({ todoId: failing, objectKey: `${USER}/${failing}/b` })],
    });
    ddb.on(TransactWriteCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    s3.on(DeleteObjectCommand, { Key: `${USER}/${failing}/b` }).rejects(s3Error('SlowDown', 503, 'slow'));
    // Act
    const result = await todoDeleted(
      streamEvent(removeRecord(first, '100'), removeRecord(failing, '200'), removeRecord(later, '300')),
    );
    // Assert
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    const deletedRecords = transactItems()
      .filter((item) => item.Delete)
      .map((item) => item.Delete?.Key?.todoId);
    expect(deletedRecords).toEqual([first]);
    const queried = ddb
      .commandCalls(QueryCommand)
      .map((c) => c.args[0].input.ExpressionAttributeValues?.[':todoId']);
    expect(queried).not.toContain(later);
  });

  it('reports a failure when DynamoDB throttles the file query', async () => {
    // Arrange
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'x', $metadata: {} }));
    // Act
    const result = await todoDeleted(streamEvent(removeRecord(TODO_ID, '7')));
    // Assert
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
  });

  it('ignores INSERT and MODIFY records', async () => {
    // Act
    const result = await todoDeleted(
      streamEvent(
        { ...removeRecord(TODO_ID, '1'), eventName: 'INSERT' },
        { ...removeRecord(TODO_ID, '2'), eventName: 'MODIFY' },
      ),
    );
    // Assert
    expect(result.batchItemFailures).toEqual([]);
    expect(ddb.calls()).toHaveLength(0);
  });
});
