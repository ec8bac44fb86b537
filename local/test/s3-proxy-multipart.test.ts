import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  BUCKET,
  bytesOf,
  fx,
  MiB,
  presignPart,
  putPart,
  startUpload,
  useS3Proxy,
} from './support/s3-proxy-fixture';

/**
 * The local S3 layer's multipart API, with S3's checks: every request SigV4-verified, each part
 * exactly its signed length, completion refusing wrong ETags, missing or small parts.
 */
useS3Proxy();

describe('multipart uploads', () => {
  it('uploads parts through presigned URLs, lists them, completes with the pending tag, and exposes ETag to the browser', async () => {
    // Arrange
    const key = 'mp/full.bin';
    const uploadId = await startUpload(key);
    const one = Buffer.alloc(5 * MiB, 1);
    const two = Buffer.from('tail');
    // Act
    const r1 = await putPart(await presignPart(key, uploadId, 1, one.length), one);
    const r2 = await putPart(await presignPart(key, uploadId, 2, two.length), two);
    const listed = await fx.client.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
    );
    const completed = await fx.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: r1.headers.get('etag')! },
            { PartNumber: 2, ETag: r2.headers.get('etag')! },
          ],
        },
      }),
    );
    // Assert
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, one.length, r1.headers.get('etag')],
      [2, two.length, r2.headers.get('etag')],
    ]);
    expect(Buffer.compare(await bytesOf(key), Buffer.concat([one, two]))).toBe(0);
    expect(await fx.events.find((e) => e.key === key)?.tagsAtDelivery).toEqual(['pending=true']);
    // S3's multipart ETag: the MD5 of the parts' MD5s, and the part count.
    const partMd5s = [one, two].map((b) => createHash('md5').update(b).digest());
    const etag = `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-2"`;
    expect(completed.ETag).toBe(etag);
    expect((await fx.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ETag).toBe(etag);
  });

  it('refuses an aws-chunked (STREAMING-*) part with 501 instead of storing its framing', async () => {
    // Arrange
    const key = 'mp/chunked.bin';
    const uploadId = await startUpload(key);
    const url = await presignPart(key, uploadId, 1, 5);
    // Act
    const answer = await fetch(url, {
      method: 'PUT',
      body: new Uint8Array(5),
      headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
    });
    // Assert
    expect(answer.status).toBe(501);
    expect(await answer.text()).toContain('<Code>NotImplemented</Code>');
    const listed = await fx.client.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
    );
    expect(listed.Parts ?? []).toEqual([]);
  });

  it('keeps nothing of a part whose body stops short of its signed Content-Length', async () => {
    // Arrange
    const key = 'mp/short.bin';
    const uploadId = await startUpload(key);
    const url = new URL(await presignPart(key, uploadId, 1, 10));
    // Act: 5 of the 10 signed bytes, then the connection is cut.
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'PUT', headers: { 'content-length': '10' } });
      req.on('error', () => resolve());
      req.on('response', (r) => {
        r.resume();
        resolve();
      });
      req.write(Buffer.alloc(5), () => setTimeout(() => req.destroy(), 200));
    });
    await new Promise((r) => setTimeout(r, 200));
    const listed = await fx.client.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
    );
    // Assert: no part listed, and no part file nor record kept (the bytes that came stay in the
    // upload's assembly file, unrecorded, to be written over by the next send of the part).
    expect(listed.Parts ?? []).toEqual([]);
    expect(readdirSync(join(fx.dir, BUCKET, '._S3rver_uploads', uploadId)).sort()).toEqual([
      'assembly',
      'key',
      'metadata',
      'stride',
    ]);
  });

  it('refuses a part longer than its signed length, and a part sent to another part number', async () => {
    // Arrange
    const key = 'mp/tamper.bin';
    const uploadId = await startUpload(key);
    const url = await presignPart(key, uploadId, 1, 10);
    // Act
    const longer = await putPart(url, Buffer.alloc(11));
    const moved = await putPart(url.replace('partNumber=1', 'partNumber=2'), Buffer.alloc(10));
    const listed = await fx.client.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
    );
    // Assert
    expect(longer.status).toBe(403);
    expect(await longer.text()).toContain('SignatureDoesNotMatch');
    expect(moved.status).toBe(403);
    expect(listed.Parts ?? []).toEqual([]);
  });

  it('refuses to complete with a wrong ETag, a missing part or a small middle part', async () => {
    // Arrange
    const key = 'mp/checks.bin';
    const uploadId = await startUpload(key);
    const small = await putPart(await presignPart(key, uploadId, 1, 4), Buffer.from('tiny'));
    await putPart(await presignPart(key, uploadId, 2, 4), Buffer.from('last'));
    const complete = (Parts: { PartNumber: number; ETag: string }[]) =>
      fx.client
        .send(
          new CompleteMultipartUploadCommand({
            Bucket: BUCKET,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts },
          }),
        )
        .then(
          () => 'ok',
          (e: Error) => e.name,
        );
    const etag = small.headers.get('etag')!;
    // Act
    const wrong = await complete([{ PartNumber: 1, ETag: '"0000"' }]);
    const absent = await complete([{ PartNumber: 3, ETag: etag }]);
    const tooSmall = await complete([
      { PartNumber: 1, ETag: etag },
      { PartNumber: 2, ETag: etag },
    ]);
    // Assert
    expect([wrong, absent, tooSmall]).toEqual(['InvalidPart', 'InvalidPart', 'EntityTooSmall']);
  });

  it('aborts an upload: its parts are gone and further parts are refused with NoSuchUpload', async () => {
    // Arrange
    const key = 'mp/abort.bin';
    const uploadId = await startUpload(key);
    await putPart(await presignPart(key, uploadId, 1, 3), Buffer.from('abc'));
    // Act
    await fx.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    const list = await fx.client
      .send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }))
      .then(
        () => 'ok',
        (e: Error) => e.name,
      );
    const late = await putPart(await presignPart(key, uploadId, 2, 3), Buffer.from('def'));
    // Assert
    expect(list).toBe('NoSuchUpload');
    expect(late.status).toBe(404);
  });

  it('checks SigV4 on ListParts, AbortMultipartUpload and CompleteMultipartUpload too', async () => {
    // Arrange
    const key = 'mp/unsigned.bin';
    const uploadId = await startUpload(key);
    const base = `http://127.0.0.1:${fx.proxy.port}/${BUCKET}/${key}?uploadId=${uploadId}`;
    // Act
    const statuses = await Promise.all([
      fetch(base).then((r) => r.status),
      fetch(base, { method: 'DELETE' }).then((r) => r.status),
      fetch(base, { method: 'POST', body: '<CompleteMultipartUpload/>' }).then((r) => r.status),
      fetch(`http://127.0.0.1:${fx.proxy.port}/${BUCKET}/${key}?uploads`, { method: 'POST' }).then(
        (r) => r.status,
      ),
    ]);
    // Assert
    expect(statuses).toEqual([403, 403, 403, 403]);
  });
});
