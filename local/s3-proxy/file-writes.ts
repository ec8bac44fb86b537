import { createHash, randomBytes } from 'node:crypto';
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

/** Writes every byte of `buffers` (a short write, rare on a regular file, is carried on). */
async function writeFully(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest);
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
}

/** Batches chunks into block-sized writes, with at most one write in flight behind the reader. */
function blockWriter(handle: FileHandle) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    await inFlight;
    if (batch.length === 0) return;
    const write = writeFully(handle, batch);
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
 * Writes `source` (a request body, or bytes already read) to `path` and returns its size and MD5,
 * the ETag S3 gives a part or a single-PUT object. Only a body of exactly `expectedSize` bytes is
 * renamed into place.
 */
export async function writeWithMd5(
  path: string,
  source: AsyncIterable<Buffer> | Buffer,
  expectedSize: number,
): Promise<{ size: number; md5: string }> {
  return writeAside(path, async (handle) => {
    const md5 = createHash('md5');
    let size = 0;
    const writer = blockWriter(handle);
    try {
      for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
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
  });
}

/** Copies the `size` bytes of `from` into `out` at `position`, a block at a time. */
async function copyInto(out: FileHandle, from: string, position: number, size: number): Promise<void> {
  const input = await open(from, 'r');
  const buffer = Buffer.allocUnsafe(Math.min(BLOCK, Math.max(size, 1)));
  try {
    let done = 0;
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, buffer.length, done);
      if (bytesRead === 0) break;
      let written = 0;
      while (written < bytesRead) {
        written += (await out.write(buffer, written, bytesRead - written, position + done + written))
          .bytesWritten;
      }
      done += bytesRead;
    }
    if (done !== size) throw new Error(`${from} holds ${done} bytes, not ${size}`);
  } finally {
    await input.close();
  }
}

const COPIERS = 4;

/**
 * Joins `parts` (their sizes known) into `path`, in the order given: each part is copied to its
 * own offset, a few at a time, so the copying runs on several of libuv's threads at once. No
 * hashing (the multipart ETag comes from the parts' MD5s) and no HTTP hop. The parts stay until
 * the caller removes them.
 */
export async function concatenate(path: string, parts: { path: string; size: number }[]): Promise<number> {
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
        await copyInto(out, parts[index]!.path, offsets[index]!, parts[index]!.size);
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
