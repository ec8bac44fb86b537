import { createRequire } from 'node:module';
import type { SharpConstructor } from 'sharp';

/**
 * For `npm run bench`: the time from an image's upload (the presigned PUT answered) to its
 * thumbnail being available (GET file answers a thumbnailUrl), through the running local stack:
 * S3 event → fileUploaded → FilesTable stream → fileThumbnails (sharp). The first upload pays
 * the thumbnail function's cold start; the others are warm. Target: ≤ 2 s.
 */
export interface ThumbnailFigures {
  firstMs: number;
  warmMs: number[];
}

const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;

interface Reply {
  todoId: string;
  thumbnailUrl: string | null;
  file: { fileId: string };
  upload: { url: string; headers: Record<string, string> };
}

/** Only the fields the bench reads; the API's shapes are tested elsewhere. */
async function json(url: string, token: string, body?: unknown): Promise<Reply> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as Reply;
}

/** A 12 MP photo-sized PNG with real detail (noise compresses badly, as photos do). */
async function photo(seed: number): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed * 17 + ((i >> 7) % 13)) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function uploadToThumbnail(
  api: { todos: string; files: string },
  token: string,
  todoId: string,
  seed: number,
) {
  const bytes = await photo(seed);
  const ticket = await json(`${api.files}/todos/${todoId}/files`, token, {
    fileName: `photo-${seed}.jpg`,
    contentType: 'image/jpeg',
    size: bytes.length,
  });
  const put = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: bytes });
  if (!put.ok) throw new Error(`upload answered ${put.status}`);
  const uploaded = performance.now();
  const deadline = uploaded + 60_000;
  for (;;) {
    const file = await json(`${api.files}/todos/${todoId}/files/${ticket.file.fileId}`, token);
    if (file.thumbnailUrl) return performance.now() - uploaded;
    if (performance.now() > deadline) throw new Error('no thumbnail within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function measureThumbnails(
  api: { todos: string; files: string },
  token: string,
  warmRuns = 5,
): Promise<ThumbnailFigures> {
  const todo = await json(`${api.todos}/todos`, token, { title: 'bench: thumbnails' });
  const firstMs = await uploadToThumbnail(api, token, todo.todoId, 0);
  const warmMs: number[] = [];
  for (let i = 1; i <= warmRuns; i++) warmMs.push(await uploadToThumbnail(api, token, todo.todoId, i));
  return { firstMs, warmMs };
}

export function formatThumbnailFigures(f: ThumbnailFigures): string {
  const sorted = [...f.warmMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const max = sorted.at(-1) ?? Number.NaN;
  return (
    `${'upload → thumbnail'.padEnd(26)} median ${(median / 1000).toFixed(2)} s, max ${(max / 1000).toFixed(2)} s ` +
    `over ${sorted.length} warm 1600×1200 JPEGs (target ≤ 2 s); first ${(f.firstMs / 1000).toFixed(2)} s (cold start)`
  );
}
