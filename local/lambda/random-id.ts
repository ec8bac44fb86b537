import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for per-request ids, drawn from a pool filled 4 KiB at a time: one
 * `randomBytes(10)` per request costs more than everything else API Gateway's ids need.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function randomId(bytes: number, encoding: 'base64' | 'hex'): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString(encoding, offset, offset + bytes);
  offset += bytes;
  return id;
}
