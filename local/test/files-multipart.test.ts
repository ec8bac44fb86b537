import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectTaggingCommand, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import type { SharpConstructor } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { signUpAndSignIn, type Tokens } from './support/cognito';
import { call, until } from './support/http';

/**
 * Large attachments through the whole local stack, as the web app sends them: multipart upload
 * with presigned parts straight to the S3 layer, resume from the parts S3 holds, completion,
 * and the file's quota and lifecycle; and the create-once rule of a one-shot PUT.
 */
const MiB = 1024 * 1024;
const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;
const log = createMemoryLogger('debug');
let dataDir: string;
let stack: LocalStack;
let user: Tokens;

const todosUrl = () => `${stack.todosApiUrl}/todos`;
const filesUrl = (todoId: string, path = '') => `${stack.filesApiUrl}/todos/${todoId}/files${path}`;
const admin = () =>
  new S3Client({
    endpoint: stack.s3Endpoint,
    region: stack.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

interface Multipart {
  file: { fileId: string; status: string; size: number };
  upload: { method: string; partSize: number; partCount: number; expiresAt: string };
}
interface PartUrl {
  partNumber: number;
  url: string;
  method: string;
  size: number;
  headers: Record<string, string>;
}

async function newTodo(): Promise<string> {
  const reply = await call(todosUrl(), { method: 'POST', token: user.accessToken, body: { title: 'big' } });
  return (reply.json as { todoId: string }).todoId;
}

async function startMultipart(
  todoId: string,
  size: number,
  { fileName = 'video.bin', contentType = 'application/octet-stream' } = {},
) {
  const reply = await call(filesUrl(todoId), {
    method: 'POST',
    token: user.accessToken,
    body: { fileName, contentType, size },
  });
  expect(reply.status).toBe(201);
  return reply.json as Multipart;
}

async function partUrls(todoId: string, fileId: string, partNumbers: number[]) {
  const reply = await call(filesUrl(todoId, `/${fileId}/parts`), {
    method: 'POST',
    token: user.accessToken,
    body: { partNumbers },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { parts: PartUrl[] }).parts;
}

/** PUT one part as a browser would, from the web app's origin; the ETag it can read. */
async function sendPart(part: PartUrl, bytes: Buffer) {
  const response = await fetch(part.url, {
    method: part.method,
    headers: { ...part.headers, origin: stack.webUrl! },
    body: bytes.subarray((part.partNumber - 1) * 8 * MiB, (part.partNumber - 1) * 8 * MiB + part.size),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
  return { partNumber: part.partNumber, etag: response.headers.get('etag')! };
}

const complete = (todoId: string, fileId: string, parts: { partNumber: number; etag: string }[]) =>
  call(filesUrl(todoId, `/${fileId}/complete`), { method: 'POST', token: user.accessToken, body: { parts } });

const usage = async () =>
  (await call(`${stack.filesApiUrl}/usage`, { token: user.accessToken })).json as { usedBytes: number };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-multipart-'));
  stack = await startLocalStack({
    dataDir,
    freePorts: true,
    webPort: 0,
    logger: log,
    s3RetryDelaysMs: [100, 200],
    parameters: { MultipartThreshold: String(5 * MiB) },
  });
  user = await signUpAndSignIn(stack, 'mp@example.com', 'Correct-horse-1');
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('multipart uploads through the local stack', () => {
  it('uploads in parts, resumes from the parts S3 holds, completes, and the file becomes available untagged', async () => {
    // Arrange
    const todoId = await newTodo();
    const bytes = Buffer.alloc(20 * MiB);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const ticket = await startMultipart(todoId, bytes.length);
    const { fileId } = ticket.file;
    // Act: two parts, then "reload": ask which parts are there and send only the missing one.
    const first = await Promise.all((await partUrls(todoId, fileId, [1, 2])).map((p) => sendPart(p, bytes)));
    const held = await call(filesUrl(todoId, `/${fileId}/parts`), { token: user.accessToken });
    const heldNumbers = (held.json as { parts: { partNumber: number }[] }).parts.map((p) => p.partNumber);
    const missing = [1, 2, 3].filter((n) => !heldNumbers.includes(n));
    const rest = await Promise.all((await partUrls(todoId, fileId, missing)).map((p) => sendPart(p, bytes)));
    const done = await complete(todoId, fileId, [...first, ...rest]);
    const file = await until('the file to become available', async () => {
      const reply = await call(filesUrl(todoId, `/${fileId}`), { token: user.accessToken });
      const body = reply.json as { status: string; downloadUrl: string | null };
      return body.status === 'available' ? body : undefined;
    });
    // Assert
    expect(ticket.upload).toMatchObject({ method: 'MULTIPART', partSize: 8 * MiB, partCount: 3 });
    expect(heldNumbers).toEqual([1, 2]);
    expect(missing).toEqual([3]);
    expect(done.status).toBe(200);
    const downloaded = Buffer.from(await (await fetch(file.downloadUrl!)).arrayBuffer());
    expect(Buffer.compare(downloaded, bytes)).toBe(0);
    const key = new URL(file.downloadUrl!).pathname.split('/').slice(2).join('/');
    const tags = await admin().send(
      new GetObjectTaggingCommand({ Bucket: stack.buckets.AttachmentsBucket, Key: decodeURIComponent(key) }),
    );
    expect(tags.TagSet).toEqual([]);
    expect((await usage()).usedBytes).toBe(bytes.length);
  });

  it('makes a thumbnail of an image uploaded in parts, once completed', async () => {
    // Arrange: a PNG of noise (it does not compress), large enough to go in two parts
    const todoId = await newTodo();
    const noise = randomBytes(2000 * 1500 * 3);
    const png = await sharp(noise, { raw: { width: 2000, height: 1500, channels: 3 } })
      .png()
      .toBuffer();
    const ticket = await startMultipart(todoId, png.length, {
      fileName: 'photo.png',
      contentType: 'image/png',
    });
    const { fileId } = ticket.file;
    // Act
    const parts = await Promise.all((await partUrls(todoId, fileId, [1, 2])).map((p) => sendPart(p, png)));
    const done = await complete(todoId, fileId, parts);
    const file = await until(
      'a thumbnail URL',
      async () => {
        const reply = (await call(filesUrl(todoId, `/${fileId}`), { token: user.accessToken })).json as {
          thumbnailUrl: string | null;
        };
        return reply.thumbnailUrl ? reply : undefined;
      },
      // Cold start of the thumbnail function (bundling, loading sharp) on a busy machine.
      30_000,
    );
    // Assert
    expect(ticket.upload).toMatchObject({ method: 'MULTIPART', partCount: 2 });
    expect(done.status).toBe(200);
    const thumbnail = await fetch(file.thumbnailUrl!);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it('refuses to complete with a wrong ETag or a missing part, and presigns no part beyond the layout', async () => {
    // Arrange
    const todoId = await newTodo();
    const bytes = Buffer.alloc(9 * MiB, 7);
    const { file } = await startMultipart(todoId, bytes.length);
    const sent = await Promise.all((await partUrls(todoId, file.fileId, [1])).map((p) => sendPart(p, bytes)));
    // Act
    const wrongEtag = await complete(todoId, file.fileId, [
      { partNumber: 1, etag: '"00000000000000000000000000000000"' },
      { partNumber: 2, etag: '"x"' },
    ]);
    const missingPart = await complete(todoId, file.fileId, [
      ...sent,
      { partNumber: 2, etag: sent[0]!.etag },
    ]);
    const tooFew = await complete(todoId, file.fileId, sent);
    const beyond = await call(filesUrl(todoId, `/${file.fileId}/parts`), {
      method: 'POST',
      token: user.accessToken,
      body: { partNumbers: [3] },
    });
    // Assert
    expect(wrongEtag.status).toBe(409);
    expect(missingPart.status).toBe(409);
    expect((missingPart.json as { error: { code: string } }).error.code).toBe('UPLOAD_INCOMPLETE');
    expect(tooFew.status).toBe(400);
    expect(beyond.status).toBe(400);
  });

  it('aborts the multipart upload when its pending file is deleted, and releases its bytes', async () => {
    // Arrange
    const todoId = await newTodo();
    const bytes = Buffer.alloc(9 * MiB, 3);
    const { file } = await startMultipart(todoId, bytes.length);
    await Promise.all((await partUrls(todoId, file.fileId, [1])).map((p) => sendPart(p, bytes)));
    const record = await new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: stack.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }).send(
      new GetItemCommand({
        TableName: stack.tables.FilesTable,
        Key: { todoId: { S: todoId }, fileId: { S: file.fileId } },
      }),
    );
    const before = (await usage()).usedBytes;
    // Act
    const deleted = await call(filesUrl(todoId, `/${file.fileId}`), {
      method: 'DELETE',
      token: user.accessToken,
    });
    const listed = await admin()
      .send(
        new ListPartsCommand({
          Bucket: stack.buckets.AttachmentsBucket,
          Key: record.Item!.objectKey!.S!,
          UploadId: record.Item!.uploadId!.S!,
        }),
      )
      .then(
        () => 'ok',
        (e: Error) => e.name,
      );
    // Assert
    expect(deleted.status).toBe(204);
    expect(listed).toBe('NoSuchUpload');
    expect((await usage()).usedBytes).toBe(before - bytes.length);
  });
});

describe('one-shot uploads through the local stack', () => {
  it('refuses a replay of the presigned PUT once the file is available: 412, and the bytes are unchanged', async () => {
    // Arrange
    const todoId = await newTodo();
    const reply = await call(filesUrl(todoId), {
      method: 'POST',
      token: user.accessToken,
      body: { fileName: 'a.txt', contentType: 'text/plain', size: 5 },
    });
    const ticket = reply.json as {
      file: { fileId: string };
      upload: { url: string; method: string; headers: Record<string, string> };
    };
    const send = (body: string) =>
      fetch(ticket.upload.url, { method: ticket.upload.method, headers: ticket.upload.headers, body });
    expect((await send('hello')).status).toBe(200);
    const file = await until('the file to become available', async () => {
      const got = await call(filesUrl(todoId, `/${ticket.file.fileId}`), { token: user.accessToken });
      const body = got.json as { status: string; downloadUrl: string | null };
      return body.status === 'available' ? body : undefined;
    });
    // Act
    const replay = await send('HACKD');
    // Assert
    expect(replay.status).toBe(412);
    expect(await (await fetch(file.downloadUrl!)).text()).toBe('hello');
  });
});
