import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SharpConstructor } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { signUpAndSignIn, type Tokens } from './support/cognito';
import { call, until } from './support/http';

/**
 * Image thumbnails in the running local stack, as the web app sees them: upload a PNG through a
 * presigned PUT; the S3 event marks it available, the FilesTable stream runs the thumbnail
 * function (sharp, in the local worker), and GET file soon answers a thumbnailUrl serving WebP.
 */
const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;
const log = createMemoryLogger('debug');
let dataDir: string;
let stack: LocalStack;
let user: Tokens;

const files = (todoId: string, path = '') => `${stack.filesApiUrl}/todos/${todoId}/files${path}`;

interface FileReply {
  status: string;
  thumbnailUrl: string | null;
  downloadUrl: string | null;
}

async function uploadImage(todoId: string, bytes: Buffer, contentType: string) {
  const ticket = await call(files(todoId), {
    method: 'POST',
    token: user.accessToken,
    body: { fileName: 'photo', contentType, size: bytes.length },
  });
  expect(ticket.status).toBe(201);
  const { file, upload } = ticket.json as {
    file: { fileId: string; thumbnailUrl: string | null };
    upload: { url: string; headers: Record<string, string> };
  };
  expect(file.thumbnailUrl).toBeNull();
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
  expect(put.status).toBe(200);
  return file.fileId;
}

const getFile = async (todoId: string, fileId: string) =>
  (await call(files(todoId, `/${fileId}`), { token: user.accessToken })).json as FileReply;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-thumbs-'));
  stack = await startLocalStack({ dataDir, freePorts: true, web: false, logger: log });
  user = await signUpAndSignIn(stack, 'thumbs@example.com', 'Correct-horse-1');
});

afterAll(async () => {
  // The runtime's own output, for whoever has to find out why a test here failed.
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/local-thumbnails.log', `${log.lines.join('\n')}\n`);
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('thumbnails in the local stack', () => {
  it('a PNG upload shows a thumbnailUrl within seconds, and the URL serves a ≤320 px image/webp', async () => {
    // Arrange
    const todo = await call(`${stack.todosApiUrl}/todos`, {
      method: 'POST',
      token: user.accessToken,
      body: { title: 'Holiday photos' },
    });
    const todoId = (todo.json as { todoId: string }).todoId;
    const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    // Act
    const fileId = await uploadImage(todoId, png, 'image/png');
    const file = await until(
      'a thumbnail URL',
      async () => {
        const reply = await getFile(todoId, fileId);
        return reply.thumbnailUrl ? reply : undefined;
      },
      // Cold starts (bundling, loading sharp) on a busy test machine; the bench measures warm timing.
      30_000,
    );
    const thumbnail = await fetch(file.thumbnailUrl!);
    const bytes = Buffer.from(await thumbnail.arrayBuffer());
    const listed = (await call(files(todoId), { token: user.accessToken })).json as { items: FileReply[] };
    // Assert
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });
    expect(listed.items[0]?.thumbnailUrl).toEqual(expect.any(String));
    const download = await fetch(file.downloadUrl!);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });
});
