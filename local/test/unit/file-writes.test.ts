import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BodyLengthMismatch, concatenate, writeWithMd5 } from '../../s3-proxy/file-writes';
import { multipartEtag } from '../../s3-proxy/s3rver-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-writes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function* chunks(...parts: Buffer[]) {
  for (const part of parts) yield part;
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('writeWithMd5', () => {
  it('writes a streamed body of the expected length in place and returns its size and MD5', async () => {
    // Arrange: more than one 4 MiB block, in uneven chunks
    const body = Buffer.alloc(9 * 1024 * 1024 + 17);
    for (let i = 0; i < body.length; i += 1000) body[i] = i % 251;
    const parts = [body.subarray(0, 65_536), body.subarray(65_536, 5_000_000), body.subarray(5_000_000)];
    // Act
    const written = await writeWithMd5(join(dir, '1'), chunks(...parts), body.length);
    // Assert
    expect(written).toEqual({ size: body.length, md5: md5(body) });
    expect(readFileSync(join(dir, '1')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['1']);
  });

  it.each([
    ['shorter', 9],
    ['longer', 11],
  ])('keeps nothing of a body %s than expected, and leaves an earlier file as it was', async (_, length) => {
    // Arrange
    writeFileSync(join(dir, '1'), 'earlier');
    // Act
    const outcome = await writeWithMd5(join(dir, '1'), chunks(Buffer.alloc(length)), 10).catch(
      (error: unknown) => error,
    );
    // Assert
    expect(outcome).toBeInstanceOf(BodyLengthMismatch);
    expect(readdirSync(dir)).toEqual(['1']);
    expect(readFileSync(join(dir, '1'), 'utf8')).toBe('earlier');
  });
});

describe('concatenate', () => {
  it('joins the parts in the order given into one file and returns its size', async () => {
    // Arrange
    const a = Buffer.alloc(5 * 1024 * 1024, 1);
    const b = Buffer.from('tail');
    writeFileSync(join(dir, '2'), b);
    writeFileSync(join(dir, '1'), a);
    // Act
    const size = await concatenate(join(dir, 'object'), [
      { path: join(dir, '1'), size: a.length },
      { path: join(dir, '2'), size: b.length },
    ]);
    // Assert
    expect(size).toBe(a.length + b.length);
    expect(readFileSync(join(dir, 'object')).equals(Buffer.concat([a, b]))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['1', '2', 'object']);
  });
});

describe('multipartEtag', () => {
  it("is the MD5 of the parts' binary MD5s, then the part count", () => {
    // Arrange
    const parts = [Buffer.from('one'), Buffer.from('two')].map(md5);
    const expected = createHash('md5')
      .update(Buffer.concat(parts.map((hex) => Buffer.from(hex, 'hex'))))
      .digest('hex');
    // Act / Assert
    expect(multipartEtag(parts)).toBe(`${expected}-2`);
  });
});
