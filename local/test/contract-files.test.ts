import { createRequire } from 'node:module';
import type { SharpConstructor } from 'sharp';
import { describe, expect, it } from 'vitest';
import { createTodo, expectBadField, FILE_KEYS, TODO_KEYS, type Todo } from './support/contract';
import { call, type Reply, until } from './support/http';
import { useStackSession } from './support/stack-session';

/**
 * The API contract over HTTP: the files API's validation, single and multipart uploads,
 * quota and thumbnails, and the account export.
 */
const app = useStackSession('local-contract-files');
const { todos, files } = app;
const alice = () => app.alice.accessToken;
const bob = () => app.bob.accessToken;
const create = (token: string, body: Record<string, unknown>) => createTodo(todos(), token, body);

const sharp = createRequire(import.meta.url)('sharp') as SharpConstructor;
const MiB = 1024 * 1024;

interface FileReply {
  file: Record<string, unknown> & { fileId: string };
  upload: Record<string, unknown>;
}

describe('files: validation, multipart, quota', () => {
  const upload = (todoId: string, body: unknown, token = alice()) =>
    call(files(todoId), { method: 'POST', token, body });
  const code = (reply: Reply) => (reply.json as { error?: { code: string } }).error?.code;

  it('refuses every bad upload field with a 400 naming it, and oversize with 413', async () => {
    const { todoId } = await create(alice(), { title: 'files junk' });
    const good = { fileName: 'a.txt', contentType: 'text/plain', size: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, size: -1 }, 'size'],
      [{ ...good, size: 1.5 }, 'size'],
      [{ ...good, size: '1' }, 'size'],
      [{ ...good, fileName: '' }, 'fileName'],
      [{ ...good, fileName: 'a/b' }, 'fileName'],
      [{ ...good, fileName: 'x'.repeat(256) }, 'fileName'],
      [{ ...good, contentType: 'nope' }, 'contentType'],
      [{ ...good, extra: 1 }, ''],
      [{ fileName: 'a', contentType: 'text/plain' }, 'size'],
    ];
    for (const [body, path] of cases) expectBadField(await upload(todoId, body), path);
    const tooBig = await upload(todoId, { ...good, size: 5 * 1024 * MiB + 1 });
    expect([tooBig.status, code(tooBig)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const overQuota = await upload(todoId, { ...good, size: 1024 * MiB + 1 });
    expect([overQuota.status, code(overQuota)]).toEqual([413, 'QUOTA_EXCEEDED']);
  });

  it('answers the File shape, PUT up to 16 MiB and MULTIPART above it with part size and count', async () => {
    const { todoId } = await create(alice(), { title: 'layout' });
    const small = (
      await upload(todoId, { fileName: 'a.bin', contentType: 'application/octet-stream', size: 16 * MiB })
    ).json as FileReply;
    expect(Object.keys(small.file).sort()).toEqual(FILE_KEYS);
    expect(small.file).toMatchObject({ status: 'pending', uploadedAt: null, thumbnailUrl: null, todoId });
    expect(small.upload).toMatchObject({
      method: 'PUT',
      url: expect.any(String),
      expiresAt: expect.any(String),
    });
    const big = await upload(todoId, {
      fileName: 'b.bin',
      contentType: 'application/octet-stream',
      size: 16 * MiB + 1,
    });
    expect(big.status).toBe(201);
    const multipart = big.json as FileReply;
    expect(multipart.upload).toEqual({
      method: 'MULTIPART',
      partSize: 8 * MiB,
      partCount: 3,
      expiresAt: expect.any(String),
    });
    // Part 3 holds the last byte; its URL takes exactly that one byte.
    const [last] = (
      (
        await call(files(todoId, `/${multipart.file.fileId}/parts`), {
          method: 'POST',
          token: alice(),
          body: { partNumbers: [3] },
        })
      ).json as { parts: { url: string; size: number; headers: Record<string, string> }[] }
    ).parts;
    expect(last?.size).toBe(1);
    const tooLong = await fetch(last!.url, { method: 'PUT', headers: last!.headers, body: Buffer.alloc(2) });
    expect(tooLong.status).toBeGreaterThanOrEqual(400);
    const list = (await call(files(todoId), { token: alice() })).json as { items: Record<string, unknown>[] };
    expect(Object.keys(list).sort()).toEqual(['items', 'nextCursor']);
    for (const item of list.items) expect(Object.keys(item).sort()).toEqual(FILE_KEYS);
    const got = (await call(files(todoId, `/${multipart.file.fileId}`), { token: alice() })).json as object;
    expect(Object.keys(got).sort()).toEqual([...FILE_KEYS, 'downloadExpiresAt', 'downloadUrl'].sort());
    // Parts and completion belong to multipart uploads only.
    const parts = await call(files(todoId, `/${small.file.fileId}/parts`), {
      method: 'POST',
      token: alice(),
      body: { partNumbers: [1] },
    });
    expect([parts.status, code(parts)]).toEqual([409, 'CONFLICT']);
    const done = await call(files(todoId, `/${small.file.fileId}/complete`), {
      method: 'POST',
      token: alice(),
      body: { parts: [{ partNumber: 1, etag: 'x' }] },
    });
    expect([done.status, code(done)]).toEqual([409, 'CONFLICT']);
    for (const id of [small.file.fileId, multipart.file.fileId]) {
      expect((await call(files(todoId, `/${id}`), { method: 'DELETE', token: alice() })).status).toBe(204);
    }
  });

  it('presigns up to 100 parts, lists stored parts, refuses wrong parts at completion, aborts on delete', async () => {
    const { todoId } = await create(alice(), { title: 'multipart' });
    const usageBefore = (await call(`${app.stack.filesApiUrl}/usage`, { token: alice() })).json as {
      usedBytes: number;
      quotaBytes: number;
    };
    expect(usageBefore.quotaBytes).toBe(1024 * MiB);
    const size = 100 * 8 * MiB;
    const { file, upload: layout } = (
      await upload(todoId, { fileName: 'v.bin', contentType: 'application/octet-stream', size })
    ).json as FileReply;
    expect(layout).toMatchObject({ partSize: 8 * MiB, partCount: 100 });
    const usage = (await call(`${app.stack.filesApiUrl}/usage`, { token: alice() })).json as {
      usedBytes: number;
    };
    expect(usage.usedBytes).toBe(usageBefore.usedBytes + size);
    const quota = await upload(todoId, { fileName: 'w.bin', contentType: 'text/plain', size: 300 * MiB });
    expect([quota.status, code(quota)]).toEqual([413, 'QUOTA_EXCEEDED']);

    const partsUrl = files(todoId, `/${file.fileId}/parts`);
    const all = Array.from({ length: 100 }, (_, i) => i + 1);
    const signed = await call(partsUrl, { method: 'POST', token: alice(), body: { partNumbers: all } });
    expect(signed.status).toBe(200);
    const list = (signed.json as { parts: Record<string, unknown>[] }).parts;
    expect(list).toHaveLength(100);
    expect(Object.keys(list[0]!).sort()).toEqual([
      'expiresAt',
      'headers',
      'method',
      'partNumber',
      'size',
      'url',
    ]);
    for (const body of [
      { partNumbers: [] },
      { partNumbers: [...all, 101] },
      { partNumbers: [1, 1] },
      { partNumbers: [0] },
      { partNumbers: [1.5] },
      { partNumbers: ['1'] },
      {},
    ]) {
      const reply = await call(partsUrl, { method: 'POST', token: alice(), body });
      expect([JSON.stringify(body).slice(0, 40), reply.status]).toEqual([
        JSON.stringify(body).slice(0, 40),
        400,
      ]);
    }
    const beyond = await call(partsUrl, { method: 'POST', token: alice(), body: { partNumbers: [101] } });
    expect(beyond.status).toBeGreaterThanOrEqual(400);
    expect(beyond.status).toBeLessThan(500);

    const stored = await call(partsUrl, { token: alice() });
    expect([stored.status, stored.json]).toEqual([200, { partSize: 8 * MiB, partCount: 100, parts: [] }]);
    const completeUrl = files(todoId, `/${file.fileId}/complete`);
    // A list that is not each part once is bad input; a listed part S3 does not hold is a 409.
    const tooFew = await call(completeUrl, {
      method: 'POST',
      token: alice(),
      body: { parts: [{ partNumber: 1, etag: '"abc"' }] },
    });
    expectBadField(tooFew, 'parts');
    const missing = await call(completeUrl, {
      method: 'POST',
      token: alice(),
      body: { parts: all.map((partNumber) => ({ partNumber, etag: '"abc"' })) },
    });
    expect([missing.status, code(missing)]).toEqual([409, 'UPLOAD_INCOMPLETE']);
    expectBadField(await call(completeUrl, { method: 'POST', token: alice(), body: { parts: [] } }), 'parts');
    expectBadField(
      await call(completeUrl, { method: 'POST', token: alice(), body: { parts: [{ partNumber: 1 }] } }),
      'parts.0.etag',
    );

    // Bob sees none of it.
    for (const reply of [
      await call(partsUrl, { token: bob() }),
      await call(partsUrl, { method: 'POST', token: bob(), body: { partNumbers: [1] } }),
      await call(completeUrl, {
        method: 'POST',
        token: bob(),
        body: { parts: [{ partNumber: 1, etag: 'x' }] },
      }),
      await call(files(todoId, `/${file.fileId}`), { token: bob() }),
      await call(files(todoId, `/${file.fileId}`), { method: 'DELETE', token: bob() }),
      await call(files(todoId, '/not-an-id/parts'), { token: alice() }),
    ]) {
      expect([reply.status, code(reply)]).toEqual([404, 'NOT_FOUND']);
    }

    expect((await call(files(todoId, `/${file.fileId}`), { method: 'DELETE', token: alice() })).status).toBe(
      204,
    );
    expect((await call(partsUrl, { token: alice() })).status).toBe(404);
    const after = (await call(`${app.stack.filesApiUrl}/usage`, { token: alice() })).json as {
      usedBytes: number;
    };
    expect(after.usedBytes).toBe(usageBefore.usedBytes);
  });

  it('makes a thumbnailUrl for a JPEG, serving image/webp, in get and list', async () => {
    const { todoId } = await create(alice(), { title: 'photo' });
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
      .jpeg()
      .toBuffer();
    const ticket = (await upload(todoId, { fileName: 'p.jpg', contentType: 'image/jpeg', size: jpeg.length }))
      .json as FileReply;
    const put = await fetch(String(ticket.upload.url), {
      method: 'PUT',
      headers: ticket.upload.headers as Record<string, string>,
      body: jpeg,
    });
    expect(put.status).toBe(200);
    const url = await until('a thumbnailUrl', async () => {
      const file = (await call(files(todoId, `/${ticket.file.fileId}`), { token: alice() })).json as {
        thumbnailUrl: string | null;
      };
      return file.thumbnailUrl ?? undefined;
    });
    const thumbnail = await fetch(url);
    expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/webp']);
    const list = (await call(files(todoId), { token: alice() })).json as {
      items: { thumbnailUrl: string }[];
    };
    expect(list.items[0]?.thumbnailUrl).toEqual(expect.any(String));
  });
});

describe('account', () => {
  it('exports the caller’s todos with their files, and refuses a bad cursor', async () => {
    const reply = await call(`${app.stack.todosApiUrl}/account/export`, { token: bob() });
    expect(reply.status).toBe(200);
    const body = reply.json as {
      exportedAt: string;
      todos: (Todo & { files: unknown[] })[];
      nextCursor: null;
    };
    expect(Object.keys(body).sort()).toEqual(['exportedAt', 'nextCursor', 'todos']);
    for (const todo of body.todos) expect(Object.keys(todo).sort()).toEqual([...TODO_KEYS, 'files'].sort());
    const bad = await call(`${app.stack.todosApiUrl}/account/export?cursor=junk`, { token: bob() });
    expectBadField(bad, 'cursor');
  });
});
