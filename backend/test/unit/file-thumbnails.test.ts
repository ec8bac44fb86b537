import { createRequire } from 'node:module';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { SharpConstructor } from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/files/file-thumbnails';
import { captureStdout } from '../support/stdout';

/** Error paths of the thumbnail function, with the SDK mocked: it never throws, and retries only what may pass. */
const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;
const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBDocumentClient);
let stdout: ReturnType<typeof captureStdout>;
beforeEach(() => {
  s3.reset();
  ddb.reset();
  stdout = captureStdout();
});
afterEach(() => stdout.restore());

const file = {
  userId: 'u1',
  todoId: 't1',
  fileId: 'f1',
  objectKey: 'u1/t1/f1',
  contentType: 'image/png',
  size: 100,
};
const image = (fields: Record<string, unknown>) =>
  marshall(fields) as unknown as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
const becameAvailable = (seq: string, overrides: Record<string, unknown> = {}): DynamoDBRecord => ({
  eventName: 'MODIFY',
  dynamodb: {
    SequenceNumber: seq,
    OldImage: image({ ...file, ...overrides, status: 'pending' }),
    NewImage: image({ ...file, ...overrides, status: 'available' }),
  },
});
// The one method of the SDK's streaming body the function uses.
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes });

describe('fileThumbnails handler', () => {
  it('reports the record as failed (to be retried) when S3 fails, and does not throw', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    const result = await handler({ Records: [becameAvailable('1'), becameAvailable('2')] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
  });

  it('ends quietly when the upload is gone (deleted meanwhile): no failure, nothing written', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('gone'), { name: 'NoSuchKey' }));
    const result = await handler({ Records: [becameAvailable('1')] });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('deletes the thumbnail it just wrote when the record went meanwhile', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    s3.on(GetObjectCommand).resolves({ Body: body(png), ContentLength: png.length } as never);
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    ddb
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('no'), { name: 'ConditionalCheckFailedException' }));
    const result = await handler({ Records: [becameAvailable('1', { size: png.length })] });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: 'thumbnails/u1/t1/f1.webp',
      ContentType: 'image/webp',
    });
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input.Key).toBe('thumbnails/u1/t1/f1.webp');
  });

  it('never reads an image above 50 MiB, nor a non-image, nor a change that is not pending → available', async () => {
    const notPendingBefore: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        OldImage: image({ ...file, status: 'available' }),
        NewImage: image({ ...file, status: 'available' }),
      },
    };
    const result = await handler({
      Records: [
        becameAvailable('1', { size: 51 * 1024 * 1024 }),
        becameAvailable('2', { contentType: 'text/html' }),
        notPendingBefore,
      ],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});
