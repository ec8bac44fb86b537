import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BodyLengthMismatch, concatenate, writeAtWithMd5, writeWithMd5 } from '../../s3-proxy/file-writes';
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
      { path: join(dir, '1'), offset: 0, size: a.length },
      { path: join(dir, '2'), offset: 0, size: b.length },
    ]);
    // Assert
    expect(size).toBe(a.length + b.length);
    expect(readFileSync(join(dir, 'object')).equals(Buffer.concat([a, b]))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['1', '2', 'object']);
  });

  it('takes a part from the middle of a bigger file when given its offset', async () => {
    // Arrange
    writeFileSync(join(dir, 'assembly'), 'xxHELLOyy');
    writeFileSync(join(dir, '2'), ' world');
    // Act
    const size = await concatenate(join(dir, 'object'), [
      { path: join(dir, 'assembly'), offset: 2, size: 5 },
      { path: join(dir, '2'), offset: 0, size: 6 },
    ]);
    // Assert
    expect(size).toBe(11);
    expect(readFileSync(join(dir, 'object'), 'utf8')).toBe('HELLO world');
  });

  it('fails, leaving no object, when a part file is shorter than its recorded size', async () => {
    // Arrange
    writeFileSync(join(dir, '1'), 'short');
    // Act
    const outcome = await concatenate(join(dir, 'object'), [
      { path: join(dir, '1'), offset: 0, size: 50 },
    ]).catch((error: unknown) => error);
    // Assert
    expect(outcome).toBeInstanceOf(Error);
    expect(readdirSync(dir)).toEqual(['1']);
  });
});

describe('writeAtWithMd5', () => {
  it('writes a body at an offset of an existing file without touching the bytes around it', async () => {
    // Arrange
    writeFileSync(join(dir, 'assembly'), 'aaaaaaaaaa');
    // Act
    const written = await writeAtWithMd5(
      join(dir, 'assembly'),
      3,
      chunks(Buffer.from('XY'), Buffer.from('Z')),
      3,
    );
    // Assert
    expect(written).toEqual({ size: 3, md5: md5(Buffer.from('XYZ')) });
    expect(readFileSync(join(dir, 'assembly'), 'utf8')).toBe('aaaXYZaaaa');
  });

  it('makes the file when missing, leaving a hole before the offset', async () => {
    // Act
    await writeAtWithMd5(join(dir, 'assembly'), 4, Buffer.from('end'), 3);
    // Assert
    expect(readFileSync(join(dir, 'assembly')).equals(Buffer.from([0, 0, 0, 0, 101, 110, 100]))).toBe(true);
  });

  it('refuses a body longer than announced before writing a byte past the announced end', async () => {
    // Arrange: the neighbour's bytes start right after the 4 announced
    writeFileSync(join(dir, 'assembly'), '....NEXT');
    // Act
    const outcome = await writeAtWithMd5(
      join(dir, 'assembly'),
      0,
      chunks(Buffer.from('ab'), Buffer.from('cdEF')),
      4,
    ).catch((error: unknown) => error);
    // Assert
    expect(outcome).toBeInstanceOf(BodyLengthMismatch);
    expect(readFileSync(join(dir, 'assembly'), 'utf8').slice(4)).toBe('NEXT');
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
