import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  NoSuchUpload,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FileRecord } from '../../src/files/model';
import { handler as completeUpload } from '../../src/functions/files/complete-upload';
import { handler as createUpload } from '../../src/functions/files/create-upload';
import { handler as presignParts } from '../../src/functions/files/presign-parts';
import { newId } from '../../src/lib/ids';
import { expectError } from '../support/assertions';
import { apiEvent, call } from '../support/events';

/** Multipart routes against mocked DynamoDB and S3: the checks made before S3 is asked to complete. */
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const MiB = 1024 * 1024;
const USER = 'user-mp';
const TODO_ID = newId();
const FILE_ID = newId();
const THRESHOLD = Number(process.env.MULTIPART_THRESHOLD_BYTES);

const pending = (overrides: Partial<FileRecord> = {}): FileRecord => ({
  fileId: FILE_ID,
  todoId: TODO_ID,
  userId: USER,
  fileName: 'big.bin',
  contentType: 'application/octet-stream',
  size: 20 * MiB,
  status: 'pending',
  createdAt: '2025-01-01T00:00:00.000Z',
  uploadedAt: null,
  objectKey: `${USER}/${TODO_ID}/${FILE_ID}`,
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  uploadId: 'upload-1',
  partSize: 8 * MiB,
  partCount: 3,
  ...overrides,
});

const ids = { todoId: TODO_ID, fileId: FILE_ID };
const complete = (parts: { partNumber: number; etag: string }[]) =>
  call(completeUpload, apiEvent({ userId: USER, method: 'POST', pathParameters: ids, body: { parts } }));
const sentParts = [1, 2, 3].map((n) => ({ partNumber: n, etag: `"e${n}"` }));
const stored = (sizes: number[]) => ({
  Parts: sizes.map((Size, i) => ({ PartNumber: i + 1, Size, ETag: `"e${i + 1}"` })),
});

beforeEach(() => {
  ddb.reset();
  s3.reset();
  ddb.on(GetCommand, { TableName: process.env.TODOS_TABLE }).resolves({ Item: { todoId: TODO_ID } });
  ddb.on(GetCommand, { TableName: process.env.FILES_TABLE }).resolves({ Item: pending() });
  s3.on(CompleteMultipartUploadCommand).resolves({});
});

describe('createUpload above the multipart threshold', () => {
  it('starts a tagged multipart upload and answers the part layout, with no URL', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    // Act
    const result = await call(
      createUpload,
      apiEvent({
        userId: USER,
        method: 'POST',
        pathParameters: { todoId: TODO_ID },
        body: { fileName: 'big.bin', contentType: 'application/octet-stream', size: THRESHOLD + 1 },
      }),
    );
    // Assert
    expect(result.status).toBe(201);
    expect(result.body.upload).toMatchObject({ method: 'MULTIPART', partSize: 8 * MiB, partCount: 2 });
    expect(result.body.upload).not.toHaveProperty('url');
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input.Tagging).toBe('pending=true');
    const put = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]!.Put!;
    expect(put.Item).toMatchObject({ uploadId: 'u-1', partCount: 2 });
  });

  it('aborts the multipart upload it started when the quota refuses the file', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-2' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    // Act
    const result = await call(
      createUpload,
      apiEvent({
        userId: USER,
        method: 'POST',
        pathParameters: { todoId: TODO_ID },
        body: { fileName: 'big.bin', contentType: 'application/octet-stream', size: THRESHOLD + 1 },
      }),
    );
    // Assert
    expectError(result, 413, 'QUOTA_EXCEEDED');
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input.UploadId).toBe('u-2');
  });
});

describe('presignParts', () => {
  it('signs each part’s own length into its URL, the last part holding the rest', async () => {
    // Act
    const result = await call(
      presignParts,
      apiEvent({ userId: USER, method: 'POST', pathParameters: ids, body: { partNumbers: [1, 3] } }),
    );
    // Assert
    expect(result.status).toBe(200);
    const parts = result.body.parts as { partNumber: number; size: number; url: string }[];
    expect(parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, 8 * MiB],
      [3, 4 * MiB],
    ]);
    const signed = new URL(parts[1]!.url).searchParams.get('X-Amz-SignedHeaders')?.split(';');
    expect(signed).toContain('content-length');
  });

  it.each([
    ['a part beyond the layout', { partNumbers: [4] }],
    ['more than 100 parts', { partNumbers: Array.from({ length: 101 }, (_, i) => i + 1) }],
    ['repeated part numbers', { partNumbers: [1, 1] }],
    ['no parts', { partNumbers: [] }],
  ])('answers 400 for %s', async (_, body) => {
    const result = await call(
      presignParts,
      apiEvent({ userId: USER, method: 'POST', pathParameters: ids, body }),
    );
    expectError(result, 400, 'VALIDATION_ERROR');
  });

  it('answers 409 for a file that is not a multipart upload in progress', async () => {
    // Arrange
    ddb
      .on(GetCommand, { TableName: process.env.FILES_TABLE })
      .resolves({ Item: pending({ status: 'available' }) });
    // Act
    const result = await call(
      presignParts,
      apiEvent({ userId: USER, method: 'POST', pathParameters: ids, body: { partNumbers: [1] } }),
    );
    // Assert
    expectError(result, 409, 'CONFLICT');
  });
});

describe('completeUpload', () => {
  it('completes when every part is stored with its ETag and agreed length', async () => {
    // Arrange
    s3.on(ListPartsCommand).resolves(stored([8 * MiB, 8 * MiB, 4 * MiB]));
    // Act
    const result = await complete(sentParts);
    // Assert
    expect(result.status).toBe(200);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload?.Parts).toEqual([
      { PartNumber: 1, ETag: '"e1"' },
      { PartNumber: 2, ETag: '"e2"' },
      { PartNumber: 3, ETag: '"e3"' },
    ]);
  });

  it.each([
    ['a part of another size', [8 * MiB, 8 * MiB, 4 * MiB + 1]],
    ['a missing part', [8 * MiB, 8 * MiB]],
  ])('answers 409 UPLOAD_INCOMPLETE for %s and does not complete', async (_, sizes) => {
    // Arrange
    s3.on(ListPartsCommand).resolves(stored(sizes));
    // Act
    const result = await complete(sentParts);
    // Assert
    expectError(result, 409, 'UPLOAD_INCOMPLETE');
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('answers 409 UPLOAD_INCOMPLETE for an ETag that is not the stored one', async () => {
    // Arrange
    s3.on(ListPartsCommand).resolves(stored([8 * MiB, 8 * MiB, 4 * MiB]));
    // Act
    const result = await complete([...sentParts.slice(0, 2), { partNumber: 3, etag: '"other"' }]);
    // Assert
    expectError(result, 409, 'UPLOAD_INCOMPLETE');
  });

  it('answers 400 when the parts sent are not exactly 1 to partCount', async () => {
    const result = await complete(sentParts.slice(0, 2));
    expectError(result, 400, 'VALIDATION_ERROR');
    expect(s3.commandCalls(ListPartsCommand)).toHaveLength(0);
  });

  it('answers 200 with the file, completing nothing, when S3 already completed it (a repeated call)', async () => {
    // Arrange
    s3.on(ListPartsCommand).rejects(new NoSuchUpload({ message: 'gone', $metadata: {} }));
    // Act
    const result = await complete(sentParts);
    // Assert
    expect(result.status).toBe(200);
    expect(result.body.fileId).toBe(FILE_ID);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
