import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { SharpConstructor } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createStreamReaderState,
  readNewRecords,
  toLambdaRecord,
} from '../../../local/event-sources/dynamodb-stream-reader';
import { parseFilterCriteria, passesFilters } from '../../../local/event-sources/event-filter';
import { loadTemplate } from '../../../local/template';
import { fileEventDepsFromEnv } from '../../src/files/deps-from-env';
import { onTodoDeleted } from '../../src/files/file-events';
import { handler as fileThumbnails } from '../../src/functions/files/file-thumbnails';
import { handler as fileUploaded } from '../../src/functions/files/file-uploaded';
import { asUser, createTodoFor, type User } from '../support/api';
import { FILES_TABLE, objectExists, objectKeys, s3EventFor, storedFiles } from '../support/emulators';

/**
 * Image uploads get a WebP thumbnail through the real FilesTable stream of DynamoDB Local and
 * s3rver: upload → fileUploaded → stream records, filtered as the template filters them →
 * fileThumbnails → GET answers a thumbnailUrl that serves image/webp.
 */
const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;
const region = process.env.AWS_REGION!;
const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
const streams = new DynamoDBStreamsClient({ endpoint, region });

const template = loadTemplate(fileURLToPath(new URL('../../../template.yaml', import.meta.url)));
const streamProps = Object.values(
  (template.Resources.FileThumbnailsFunction?.Properties?.Events ?? {}) as Record<
    string,
    { Type: string; Properties: { FilterCriteria?: unknown } }
  >,
).find((e) => e.Type === 'DynamoDB')!.Properties;
const filters = parseFilterCriteria(streamProps.FilterCriteria);

let arn: string;
const state = createStreamReaderState('LATEST');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every FilesTable stream record written since the last call, in Lambda's shape. */
async function newRecords(): Promise<DynamoDBRecord[]> {
  return (await readNewRecords(streams, arn, state)).map((r) => toLambdaRecord(r, arn, region));
}

/** Stream records up to the first one matching `until`. */
async function readUntil(until: (r: DynamoDBRecord) => boolean): Promise<DynamoDBRecord[]> {
  const records: DynamoDBRecord[] = [];
  const deadline = Date.now() + 5_000;
  while (!records.some(until)) {
    if (Date.now() > deadline) throw new Error('Expected stream record did not arrive');
    records.push(...(await newRecords()));
    await sleep(25);
  }
  return records;
}
const about = (fileId: string, eventName: string) => (r: DynamoDBRecord) =>
  r.dynamodb?.Keys?.fileId?.S === fileId && r.eventName === eventName;

/** Waits for the file's MODIFY (or REMOVE), then delivers what passes the template's filter, as Lambda would. */
async function deliverStream(
  fileId: string,
  eventName: 'MODIFY' | 'REMOVE' = 'MODIFY',
): Promise<{ delivered: DynamoDBRecord[]; result: unknown }> {
  const records = await readUntil(about(fileId, eventName));
  const delivered = records.filter((r) => passesFilters(filters, r));
  const result = delivered.length > 0 ? await fileThumbnails({ Records: delivered }) : undefined;
  return { delivered, result };
}

async function upload(user: User, todoId: string, fileName: string, contentType: string, bytes: Buffer) {
  const ticket = (await user.createUpload(todoId, { fileName, contentType, size: bytes.length })).body;
  const put = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: bytes });
  expect(put.status).toBe(200);
  const key = `${user.userId}/${todoId}/${ticket.file.fileId}`;
  await fileUploaded(await s3EventFor(key));
  return { fileId: ticket.file.fileId as string, key };
}

function gradient(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function fetchThumbnail(url: string) {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes, meta: await sharp(bytes).metadata() };
}

beforeAll(async () => {
  const dynamodb = new DynamoDBClient({ endpoint, region });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: FILES_TABLE }));
  dynamodb.destroy();
  arn = Table!.LatestStreamArn!;
  await newRecords();
});

describe('thumbnails through the real FilesTable stream', () => {
  it.each([
    ['PNG', 'image/png', () => gradient(1000, 500).png().toBuffer()],
    ['JPEG', 'image/jpeg', () => gradient(1000, 500).jpeg().toBuffer()],
  ])(
    'a %s upload gets a 320 px WebP thumbnail, served as image/webp from its thumbnailUrl',
    async (_, type, make) => {
      // Arrange
      const user = asUser();
      const todo = await createTodoFor(user);
      const { fileId } = await upload(user, todo.todoId, 'photo', type, await make());
      // Act
      const { result } = await deliverStream(fileId);
      const file = (await user.getFile(todo.todoId, fileId)).body;
      const listed = (await user.listFiles(todo.todoId)).body.items[0];
      // Assert
      expect(result).toEqual({ batchItemFailures: [] });
      expect(file.thumbnailUrl).toEqual(expect.any(String));
      expect(listed.thumbnailUrl).toEqual(expect.any(String));
      const thumbnail = await fetchThumbnail(file.thumbnailUrl);
      expect(thumbnail.response.status).toBe(200);
      expect(thumbnail.response.headers.get('content-type')).toBe('image/webp');
      expect(thumbnail.meta).toMatchObject({ format: 'webp', width: 320, height: 160 });
      expect((await fetchThumbnail(listed.thumbnailUrl)).meta.format).toBe('webp');
      // The original still downloads as an attachment, unchanged.
      const download = await fetch(file.downloadUrl);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    },
  );

  it.each([
    [
      'corrupt bytes labelled image/png',
      async () => Buffer.from('not a png at all, <script>alert(1)</script>'),
    ],
    [
      'a 64 MP PNG (above the pixel limit)',
      () =>
        sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#777' } })
          .png()
          .toBuffer(),
    ],
  ])(
    '%s gets no thumbnail, no failure, and stays downloadable',
    async (_, make) => {
      // Arrange
      const user = asUser();
      const todo = await createTodoFor(user);
      const bytes = await make();
      const { fileId } = await upload(user, todo.todoId, 'bad.png', 'image/png', bytes);
      // Act
      const { delivered, result } = await deliverStream(fileId);
      const file = (await user.getFile(todo.todoId, fileId)).body;
      // Assert
      expect(delivered).toHaveLength(1);
      expect(result).toEqual({ batchItemFailures: [] });
      expect(file.thumbnailUrl).toBeNull();
      expect((await storedFiles(todo.todoId))[0]?.thumbnailKey).toBeUndefined();
      expect(await objectKeys(`thumbnails/${user.userId}/`)).toEqual([]);
      const download = await fetch(file.downloadUrl);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    },
    30_000,
  );

  it('does not invoke the function for a non-image upload (the template filter drops it)', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    // Act
    const { fileId } = await upload(user, todo.todoId, 'notes.txt', 'text/plain', Buffer.from('hello'));
    const { delivered } = await deliverStream(fileId);
    // Assert
    expect(delivered).toEqual([]);
    expect((await user.getFile(todo.todoId, fileId)).body.thumbnailUrl).toBeNull();
  });

  it('keeps the thumbnail when its own ObjectCreated event reaches fileUploaded, and makes no second one', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const { fileId, key } = await upload(
      user,
      todo.todoId,
      'a.png',
      'image/png',
      await gradient(400, 400).png().toBuffer(),
    );
    await deliverStream(fileId);
    // Act
    await fileUploaded(await s3EventFor(`thumbnails/${key}.webp`));
    const later = await readUntil((r) => about(fileId, 'MODIFY')(r) && !!r.dynamodb?.NewImage?.thumbnailKey);
    // Assert
    expect(await objectExists(`thumbnails/${key}.webp`)).toBe(true);
    expect(later.filter((r) => passesFilters(filters, r))).toEqual([]);
  });

  it('deleting the file deletes its thumbnail', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const { fileId, key } = await upload(
      user,
      todo.todoId,
      'a.gif',
      'image/gif',
      await gradient(64, 64).gif().toBuffer(),
    );
    await deliverStream(fileId);
    expect(await objectExists(`thumbnails/${key}.webp`)).toBe(true);
    // Act
    expect((await user.deleteFile(todo.todoId, fileId)).status).toBe(204);
    // Assert
    expect(await objectExists(`thumbnails/${key}.webp`)).toBe(false);
  });

  it('removes thumbnails when the records go another way (a deleted todo), through the REMOVE record', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user);
    const { fileId, key } = await upload(
      user,
      todo.todoId,
      'b.webp',
      'image/webp',
      await gradient(500, 300).webp().toBuffer(),
    );
    await deliverStream(fileId);
    expect(await objectExists(`thumbnails/${key}.webp`)).toBe(true);
    // Act
    await onTodoDeleted(fileEventDepsFromEnv(), user.userId, todo.todoId);
    const { delivered, result } = await deliverStream(fileId, 'REMOVE');
    // Assert
    expect(delivered.map((r) => r.eventName)).toEqual(['REMOVE']);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await objectExists(`thumbnails/${key}.webp`)).toBe(false);
  });
});
