import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3, S3RVER_CREDENTIALS, startS3 } from '../emulators/s3rver';
import { LOCAL_REGION } from '../local-context';
import { freePort } from '../ports';
import { type RunningS3Proxy, startS3Proxy } from '../s3-proxy/server';

/**
 * The local S3 layer (SigV4-checking proxy in front of s3rver) does what S3 does where s3rver
 * does not: create-once PUTs, tags on write, and the whole multipart API with its checks.
 */
const BUCKET = 'proxy-test';
const ORIGIN = 'http://localhost:5173';
const MiB = 1024 * 1024;
let dir: string;
let s3rver: RunningS3;
let proxy: RunningS3Proxy;
let client: S3Client;
const events: { key: string; tagsAtDelivery: Promise<string[]> }[] = [];

const tagsOf = async (key: string) =>
  ((await client.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }))).TagSet ?? []).map(
    (t) => `${t.Key}=${t.Value}`,
  );
const bytesOf = async (key: string) =>
  Buffer.from(
    await (
      await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    ).Body!.transformToByteArray(),
  );

/** A presigned create-once PUT carrying the pending tag, as the files API hands one out. */
async function presignedPut(key: string, size: number) {
  const url = await getSignedUrl(
    client,
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      ContentType: 'text/plain',
      ContentLength: size,
      IfNoneMatch: '*',
      Tagging: 'pending=true',
    }),
    {
      expiresIn: 300,
      signableHeaders: new Set(['content-type', 'content-length', 'if-none-match', 'x-amz-tagging']),
      unhoistableHeaders: new Set(['x-amz-tagging']),
    },
  );
  const headers = { 'content-type': 'text/plain', 'if-none-match': '*', 'x-amz-tagging': 'pending=true' };
  return (body: string) => fetch(url, { method: 'PUT', headers, body });
}

const presignPart = (key: string, uploadId: string, partNumber: number, length: number) =>
  getSignedUrl(
    client,
    new UploadPartCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      ContentLength: length,
    }),
    { expiresIn: 300, signableHeaders: new Set(['content-length']) },
  );

const startUpload = async (key: string) =>
  (
    await client.send(
      new CreateMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/octet-stream',
        Tagging: 'pending=true',
      }),
    )
  ).UploadId!;

const putPart = (url: string, body: Uint8Array) =>
  fetch(url, { method: 'PUT', body, headers: { origin: ORIGIN } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3-proxy-'));
  s3rver = await startS3({ port: await freePort(), directory: dir });
  const cors = [
    {
      AllowedOrigins: [ORIGIN],
      AllowedMethods: ['PUT', 'GET'],
      AllowedHeaders: ['content-type', 'content-length', 'if-none-match', 'x-amz-tagging'],
      ExposedHeaders: ['ETag'],
    },
  ];
  proxy = await startS3Proxy({
    port: 0,
    host: '127.0.0.1',
    upstreamPort: Number(new URL(s3rver.endpoint).port),
    storeDirectory: dir,
    credentials: { [S3RVER_CREDENTIALS.accessKeyId]: S3RVER_CREDENTIALS.secretAccessKey },
    region: LOCAL_REGION,
    cors: { [BUCKET]: cors },
    // Completed multipart uploads are announced by the proxy itself.
    onObjectCreated: (event) => events.push({ key: event.key, tagsAtDelivery: tagsOf(event.key) }),
  });
  client = new S3Client({
    endpoint: `http://127.0.0.1:${proxy.port}`,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await client.send(
    new PutBucketCorsCommand({
      Bucket: BUCKET,
      CORSConfiguration: {
        CORSRules: cors.map((r) => ({ ...r, ExposeHeaders: r.ExposedHeaders, ExposedHeaders: undefined })),
      },
    }),
  );
  // What an event consumer sees: the tags at the moment the event is delivered through the gate.
  s3rver.server.on('event', (event) => {
    for (const record of event.Records) {
      const key = record.s3.object.key;
      events.push({ key, tagsAtDelivery: proxy.settled(BUCKET, key).then(() => tagsOf(key)) });
    }
  });
});

afterAll(async () => {
  client?.destroy();
  await proxy?.stop();
  await s3rver?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('create-once PUT (If-None-Match: *)', () => {
  it('refuses a replay of the presigned PUT with 412 PreconditionFailed, leaving the bytes unchanged', async () => {
    // Arrange
    const put = await presignedPut('once/a.txt', 5);
    const first = await put('hello');
    // Act
    const replay = await put('HACKD');
    // Assert
    expect(first.status).toBe(200);
    expect(replay.status).toBe(412);
    expect(await replay.text()).toContain('<Code>PreconditionFailed</Code>');
    expect((await bytesOf('once/a.txt')).toString()).toBe('hello');
  });

  it('lets exactly one of ten parallel create-once PUTs of one key through', async () => {
    // Arrange
    const put = await presignedPut('once/race.txt', 2);
    // Act
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => put(String(i).padStart(2, '0')).then((r) => r.status)),
    );
    // Assert
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(9);
  });
});

describe('tags on write', () => {
  it('applies x-amz-tagging of a PUT before the object is announced, and DeleteObjectTagging clears it', async () => {
    // Arrange
    const put = await presignedPut('tags/a.txt', 3);
    // Act
    expect((await put('abc')).status).toBe(200);
    const announced = events.find((e) => e.key === 'tags/a.txt');
    const atDelivery = await announced?.tagsAtDelivery;
    await client.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'tags/a.txt' }));
    // Assert
    expect(atDelivery).toEqual(['pending=true']);
    expect(await tagsOf('tags/a.txt')).toEqual([]);
  });

  it('answers a path that is not valid percent-encoding with 400 InvalidURI and keeps serving', async () => {
    // Act
    const bad = await fetch(`http://127.0.0.1:${proxy.port}/%ff`);
    const after = await fetch(`http://127.0.0.1:${proxy.port}/${BUCKET}/x`);
    // Assert
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('InvalidURI');
    expect(after.status).toBe(403);
  });
});

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
    const listed = await client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    const completed = await client.send(
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
    expect(await events.find((e) => e.key === key)?.tagsAtDelivery).toEqual(['pending=true']);
    // S3's multipart ETag: the MD5 of the parts' MD5s, and the part count.
    const partMd5s = [one, two].map((b) => createHash('md5').update(b).digest());
    const etag = `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-2"`;
    expect(completed.ETag).toBe(etag);
    expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ETag).toBe(etag);
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
    const listed = await client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    // Assert: no part listed, and no half-written file left beside the upload's own.
    expect(listed.Parts ?? []).toEqual([]);
    expect(readdirSync(join(dir, BUCKET, '._S3rver_uploads', uploadId)).sort()).toEqual(['key', 'metadata']);
  });

  it('refuses a part longer than its signed length, and a part sent to another part number', async () => {
    // Arrange
    const key = 'mp/tamper.bin';
    const uploadId = await startUpload(key);
    const url = await presignPart(key, uploadId, 1, 10);
    // Act
    const longer = await putPart(url, Buffer.alloc(11));
    const moved = await putPart(url.replace('partNumber=1', 'partNumber=2'), Buffer.alloc(10));
    const listed = await client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
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
      client
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
    await client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    const list = await client
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
    const base = `http://127.0.0.1:${proxy.port}/${BUCKET}/${key}?uploadId=${uploadId}`;
    // Act
    const statuses = await Promise.all([
      fetch(base).then((r) => r.status),
      fetch(base, { method: 'DELETE' }).then((r) => r.status),
      fetch(base, { method: 'POST', body: '<CompleteMultipartUpload/>' }).then((r) => r.status),
      fetch(`http://127.0.0.1:${proxy.port}/${BUCKET}/${key}?uploads`, { method: 'POST' }).then(
        (r) => r.status,
      ),
    ]);
    // Assert
    expect(statuses).toEqual([403, 403, 403, 403]);
  });
});
