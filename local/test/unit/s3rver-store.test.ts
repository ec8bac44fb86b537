import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BodyLengthMismatch } from '../../s3-proxy/file-writes';
import { type S3rverStore, s3rverStore } from '../../s3-proxy/s3rver-store';

/**
 * The multipart data path of the local S3 layer, on a real directory laid out as s3rver lays it
 * out: parts written straight to their place in the object-to-be, so that completing is a rename
 * whenever the parts allow it, and a copy (still right) whenever they do not.
 */
const BUCKET = 'attachments';
const KEY = 'user/todo/file';
const UPLOAD = 'abcdef0123456789abcdef0123456789';

let root: string;
let store: S3rverStore;
const uploadDir = () => join(root, BUCKET, '._S3rver_uploads', UPLOAD);
const objectPath = () => join(root, BUCKET, 'user', 'todo', 'file._S3rver_object');
const assemblyInode = () => statSync(join(uploadDir(), 'assembly')).ino;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 's3rver-store-'));
  mkdirSync(uploadDir(), { recursive: true });
  writeFileSync(join(uploadDir(), 'key'), KEY);
  writeFileSync(join(uploadDir(), 'metadata'), JSON.stringify({ 'content-type': 'application/pdf' }));
  store = s3rverStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const bytes = (length: number, seed: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed) % 256));
const STRIDE = 1000;
const p1 = bytes(STRIDE, 1);
const p2 = bytes(STRIDE, 2);
const p3 = bytes(300, 3);

async function* trickle(body: Buffer, until?: Promise<void>) {
  yield body.subarray(0, 10);
  await until;
  yield body.subarray(10);
}

const put = (partNumber: number, body: Buffer, on = store) =>
  on.putPart(BUCKET, UPLOAD, partNumber, trickle(body), body.length);

async function complete(numbers: number[], on = store) {
  const stored = await on.listParts(BUCKET, UPLOAD);
  const parts = numbers.map((n) => stored.find((p) => p.partNumber === n)!);
  return on.completeUpload(BUCKET, UPLOAD, parts);
}

describe('the local S3 store of multipart parts', () => {
  it('lists each part with its size and MD5 ETag, whatever order they came in', async () => {
    // Act
    await put(2, p2);
    await put(3, p3);
    await put(1, p1);
    // Assert
    const listed = await store.listParts(BUCKET, UPLOAD);
    expect(listed.map(({ partNumber, size, etag }) => ({ partNumber, size, etag }))).toEqual([
      { partNumber: 1, size: STRIDE, etag: `"${md5(p1)}"` },
      { partNumber: 2, size: STRIDE, etag: `"${md5(p2)}"` },
      { partNumber: 3, size: 300, etag: `"${md5(p3)}"` },
    ]);
  });

  it.each([
    ['in order', [1, 2, 3]],
    ['out of order', [2, 3, 1]],
  ])(
    'completes parts sent %s by renaming the file they were written into, not copying them',
    async (_, order) => {
      // Arrange
      const body = { 1: p1, 2: p2, 3: p3 } as Record<number, Buffer>;
      for (const n of order) await put(n, body[n]!);
      const inode = assemblyInode();
      // Act
      const made = await complete([1, 2, 3]);
      // Assert
      expect(made).toMatchObject({ key: KEY, size: 2300 });
      expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p2, p3]))).toBe(true);
      expect(statSync(objectPath()).ino).toBe(inode);
    },
  );

  it('makes the right object when the short last part arrives first (its parts then copied together)', async () => {
    // Act
    await put(3, p3);
    await put(1, p1);
    await put(2, p2);
    const made = await complete([1, 2, 3]);
    // Assert
    expect(made?.size).toBe(2300);
    expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p2, p3]))).toBe(true);
  });

  it('joins parts with gaps between their numbers, as S3 does', async () => {
    // Act
    await put(1, p1);
    await put(3, p3);
    await complete([1, 3]);
    // Assert
    expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p3]))).toBe(true);
  });

  it('takes a part sent again with other bytes over the first one', async () => {
    // Arrange
    const again = bytes(STRIDE, 9);
    await put(1, p1);
    await put(2, p2);
    // Act
    await put(1, again);
    const listed = await store.listParts(BUCKET, UPLOAD);
    await complete([1, 2]);
    // Assert
    expect(listed[0]?.etag).toBe(`"${md5(again)}"`);
    expect(readFileSync(objectPath()).equals(Buffer.concat([again, p2]))).toBe(true);
  });

  it('keeps the part it has when sending it again fails half-way', async () => {
    // Arrange
    await put(1, p1);
    await put(2, p2);
    // Act: the resend announces 1000 bytes and brings 10
    const failed = await store
      .putPart(BUCKET, UPLOAD, 1, trickle(bytes(10, 5)), STRIDE)
      .catch((error: unknown) => error);
    await complete([1, 2]);
    // Assert
    expect(failed).toBeInstanceOf(BodyLengthMismatch);
    expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p2]))).toBe(true);
  });

  it('records nothing of a first send that fails, and takes the next one whole', async () => {
    // Arrange
    await put(1, p1);
    await store.putPart(BUCKET, UPLOAD, 2, trickle(bytes(10, 5)), STRIDE).catch(() => undefined);
    expect((await store.listParts(BUCKET, UPLOAD)).map((p) => p.partNumber)).toEqual([1]);
    // Act
    await put(2, p2);
    await complete([1, 2]);
    // Assert
    expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p2]))).toBe(true);
  });

  it('goes on with an upload after a restart (a new store over the same files)', async () => {
    // Arrange
    await put(1, p1);
    const restarted = s3rverStore(root);
    // Act
    await put(2, p2, restarted);
    await put(3, p3, restarted);
    const inode = assemblyInode();
    await complete([1, 2, 3], restarted);
    // Assert
    expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p2, p3]))).toBe(true);
    expect(statSync(objectPath()).ino).toBe(inode);
  });

  it('leaves the object as completed when a part still being written into its file ends later', async () => {
    // Arrange: part 4 is half sent when the upload is completed with parts 1 to 3
    await put(1, p1);
    await put(2, p2);
    await put(3, p3);
    let finish!: () => void;
    const late = store
      .putPart(BUCKET, UPLOAD, 4, trickle(bytes(STRIDE, 4), new Promise((r) => (finish = r))), STRIDE)
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Act
    await complete([1, 2, 3]);
    finish();
    await late;
    // Assert
    expect(readFileSync(objectPath()).equals(Buffer.concat([p1, p2, p3]))).toBe(true);
    expect(existsSync(uploadDir())).toBe(false);
  });

  it('refuses a resend while it cannot read what it keeps of the part, leaving those bytes alone', async () => {
    // Arrange: part 1 kept in its place; its record then unreadable (here: not a file)
    await put(1, p1);
    rmSync(join(uploadDir(), '1.md5'));
    mkdirSync(join(uploadDir(), '1.md5'));
    // Act
    const outcome = await put(1, bytes(STRIDE, 9)).catch((error: unknown) => error);
    // Assert
    expect((outcome as NodeJS.ErrnoException).code).toBe('EISDIR');
    expect(readFileSync(join(uploadDir(), 'assembly')).subarray(0, STRIDE).equals(p1)).toBe(true);
  });

  it('removes at start the part files a stop left of completed uploads, and nothing else', async () => {
    // Arrange: a completed upload renamed away but not yet removed when the proxy stopped
    const uploads = join(root, BUCKET, '._S3rver_uploads');
    mkdirSync(join(uploads, '._done_0123456789abcdef'), { recursive: true });
    writeFileSync(join(uploads, '._done_0123456789abcdef', 'assembly'), 'left');
    await put(1, p1);
    // Act
    await s3rverStore(root).removeLeftovers();
    // Assert
    expect(existsSync(join(uploads, '._done_0123456789abcdef'))).toBe(false);
    expect(readFileSync(join(uploadDir(), 'assembly')).equals(p1)).toBe(true);
    expect(existsSync(join(uploadDir(), 'key'))).toBe(true);
  });
});
