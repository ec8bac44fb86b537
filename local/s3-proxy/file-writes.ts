import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writing bytes into s3rver's store the cheap way: in big blocks (s3rver's streams issue one
 * write per 64 KiB socket chunk, which cost more CPU than the bytes themselves), to a temporary
 * name first and renamed into place, so a reader never sees half a file.
 */
const BLOCK = 4 * 1024 * 1024;

/** A name beside `path` that s3rver's listings ignore (they look for `._S3rver_object` names). */
export const temporaryBeside = (path: string) =>
  join(dirname(path), `._proxy_tmp_${randomBytes(8).toString('hex')}`);

/**
 * Writes a file aside and renames it into place once `fill` has written it whole; on a failure
 * the temporary file is removed. `fill` stops its own writes before it rethrows.
 */
async function writeAside<T>(path: string, fill: (handle: FileHandle) => Promise<T>): Promise<T> {
  const temporary = temporaryBeside(path);
  const handle = await open(temporary, 'w');
  let result: T;
  try {
    result = await fill(handle);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, path);
  return result;
}

/**
 * Writes every byte of `buffers` at `position` (a short write, rare on a regular file, is carried
 * on) and returns the position after them.
 */
async function writeFully(handle: FileHandle, buffers: Buffer[], position: number): Promise<number> {
  let rest = buffers;
  let at = position;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, at);
    at += bytesWritten;
    let skip = bytesWritten;
    const next: Buffer[] = [];
    for (const buffer of rest) {
      if (skip >= buffer.length) skip -= buffer.length;
      else {
        next.push(buffer.subarray(skip));
        skip = 0;
      }
    }
    rest = next;
  }
  return at;
}

/**
 * Batches chunks into block-sized writes from `start` on, with at most one write in flight behind
 * the reader.
 */
function blockWriter(handle: FileHandle, start: number) {
  let position = start;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    const at = position;
    position += pendingBytes;
    pending = [];
    pendingBytes = 0;
    await inFlight;
    if (batch.length === 0) return;
    const write = writeFully(handle, batch, at);
    // Awaited by the next flush or by `end`; a failure meanwhile must not go unhandled.
    write.catch(() => undefined);
    inFlight = write;
  };
  return {
    async add(chunk: Buffer) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= BLOCK) await flush();
    },
    async end() {
      await flush();
      await inFlight;
    },
    /** Resolves once no write is running, whatever became of it (before closing on failure). */
    idle: () =>
      inFlight.then(
        () => undefined,
        () => undefined,
      ),
  };
}

/** The body did not have the length its (signed) Content-Length announced; nothing was kept. */
export class BodyLengthMismatch extends Error {
  constructor(
    readonly expected: number,
    readonly received: number,
  ) {
    super(`expected ${expected} bytes, received ${received}`);
  }
}

/**
 * Writes `source` into `handle` from `position` on and returns its size and MD5, the ETag S3
 * gives a part or a single-PUT object. A body longer than `expectedSize` is refused before any
 * byte past it is written (so a part never spills into its neighbour's place); a shorter one
 * once it ends.
 */
async function fillWithMd5(
  handle: FileHandle,
  source: AsyncIterable<Buffer> | Buffer,
  expectedSize: number,
  position: number,
): Promise<{ size: number; md5: string }> {
  const md5 = createHash('md5');
  let size = 0;
  const writer = blockWriter(handle, position);
  try {
    for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
      if (size + chunk.length > expectedSize) {
        throw new BodyLengthMismatch(expectedSize, size + chunk.length);
      }
      md5.update(chunk);
      size += chunk.length;
      await writer.add(chunk);
    }
    await writer.end();
  } catch (error) {
    await writer.idle();
    throw error;
  }
  if (size !== expectedSize) throw new BodyLengthMismatch(expectedSize, size);
  return { size, md5: md5.digest('hex') };
}

/**
 * Writes `source` (a request body, or bytes already read) to `path` and returns its size and MD5.
 * Only a body of exactly `expectedSize` bytes is renamed into place.
 */
export function writeWithMd5(
  path: string,
  source: AsyncIterable<Buffer> | Buffer,
  expectedSize: number,
): Promise<{ size: number; md5: string }> {
  return writeAside(path, (handle) => fillWithMd5(handle, source, expectedSize, 0));
}

/**
 * Writes `source` into the file at `path` (made if missing, never truncated) at `offset`, and
 * returns its size and MD5. On a failure the bytes written so far stay there: the caller keeps
 * no record of them.
 */
export async function writeAtWithMd5(
  path: string,
  offset: number,
  source: AsyncIterable<Buffer> | Buffer,
  expectedSize: number,
): Promise<{ size: number; md5: string }> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT, 0o644);
  try {
    return await fillWithMd5(handle, source, expectedSize, offset);
  } finally {
    await handle.close();
  }
}

/** Copies the bytes of the part `from` (its `size` bytes from its `offset`) into `out` at `position`, a block at a time. */
async function copyInto(out: FileHandle, from: Source, position: number): Promise<void> {
  const input = await open(from.path, 'r');
  const buffer = Buffer.allocUnsafe(Math.min(BLOCK, Math.max(from.size, 1)));
  try {
    let done = 0;
    while (done < from.size) {
      const want = Math.min(buffer.length, from.size - done);
      const { bytesRead } = await input.read(buffer, 0, want, from.offset + done);
      if (bytesRead === 0) throw new Error(`${from.path} ends before byte ${from.offset + from.size}`);
      let written = 0;
      while (written < bytesRead) {
        written += (await out.write(buffer, written, bytesRead - written, position + done + written))
          .bytesWritten;
      }
      done += bytesRead;
    }
  } finally {
    await input.close();
  }
}

const COPIERS = 4;

/** Where a part's bytes are: `size` bytes of the file at `path`, from `offset` on. */
export interface Source {
  path: string;
  offset: number;
  size: number;
}

/**
 * Joins `parts` (their places known) into `path`, in the order given: each part is copied to its
 * own offset, a few at a time, so the copying runs on several of libuv's threads at once. No
 * hashing (the multipart ETag comes from the parts' MD5s) and no HTTP hop. The parts stay until
 * the caller removes them.
 */
export async function concatenate(path: string, parts: Source[]): Promise<number> {
  const offsets: number[] = [];
  let size = 0;
  for (const part of parts) {
    offsets.push(size);
    size += part.size;
  }
  await writeAside(path, async (out) => {
    let next = 0;
    const copier = async () => {
      while (next < parts.length) {
        const index = next++;
        await copyInto(out, parts[index]!, offsets[index]!);
      }
    };
    const copiers = Array.from({ length: Math.min(COPIERS, parts.length) }, copier);
    try {
      await Promise.all(copiers);
    } catch (error) {
      // Every copier must have stopped before the file is closed and removed.
      await Promise.allSettled(copiers);
      throw error;
    }
  });
  return size;
}

/** A small file (an MD5, a metadata document), also written aside and renamed into place. */
export async function writeSmallFile(path: string, text: string): Promise<void> {
  await writeAside(path, (handle) => handle.writeFile(text));
}
