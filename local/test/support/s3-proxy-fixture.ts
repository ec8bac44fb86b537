import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll } from 'vitest';
import { type RunningS3, S3RVER_CREDENTIALS, startS3 } from '../../emulators/s3rver';
import { LOCAL_REGION } from '../../local-context';
import { freePort } from '../../ports';
import { type RunningS3Proxy, startS3Proxy } from '../../s3-proxy/server';

/**
 * The local S3 layer (SigV4-checking proxy in front of s3rver) does what S3 does where s3rver
 * does not: create-once PUTs, tags on write, and the whole multipart API with its checks.
 */
export const BUCKET = 'proxy-test';
export const ORIGIN = 'http://localhost:5173';
export const MiB = 1024 * 1024;
/** Filled in before the file's tests run. */
export const fx = {
  dir: '',
  s3rver: undefined as unknown as RunningS3,
  proxy: undefined as unknown as RunningS3Proxy,
  client: undefined as unknown as S3Client,
  events: [] as { key: string; tagsAtDelivery: Promise<string[]> }[],
};

export const tagsOf = async (key: string) =>
  ((await fx.client.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }))).TagSet ?? []).map(
    (t) => `${t.Key}=${t.Value}`,
  );
export const bytesOf = async (key: string) =>
  Buffer.from(
    await (
      await fx.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    ).Body!.transformToByteArray(),
  );

/** A presigned create-once PUT carrying the pending tag, as the files API hands one out. */
export async function presignedPut(key: string, size: number) {
  const url = await getSignedUrl(
    fx.client,
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

export const presignPart = (key: string, uploadId: string, partNumber: number, length: number) =>
  getSignedUrl(
    fx.client,
    new UploadPartCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      ContentLength: length,
    }),
    { expiresIn: 300, signableHeaders: new Set(['content-length']) },
  );

export const startUpload = async (key: string) =>
  (
    await fx.client.send(
      new CreateMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/octet-stream',
        Tagging: 'pending=true',
      }),
    )
  ).UploadId!;

export const putPart = (url: string, body: Uint8Array) =>
  fetch(url, { method: 'PUT', body, headers: { origin: ORIGIN } });

/** Registers the hooks that start s3rver and the proxy for one test file, and stop them after it. */
export function useS3Proxy() {
  beforeAll(async () => {
    fx.dir = mkdtempSync(join(tmpdir(), 's3-proxy-'));
    fx.s3rver = await startS3({ port: await freePort(), directory: fx.dir });
    const cors = [
      {
        AllowedOrigins: [ORIGIN],
        AllowedMethods: ['PUT', 'GET'],
        AllowedHeaders: ['content-type', 'content-length', 'if-none-match', 'x-amz-tagging'],
        ExposedHeaders: ['ETag'],
      },
    ];
    fx.proxy = await startS3Proxy({
      port: 0,
      host: '127.0.0.1',
      upstreamPort: Number(new URL(fx.s3rver.endpoint).port),
      storeDirectory: fx.dir,
      credentials: { [S3RVER_CREDENTIALS.accessKeyId]: S3RVER_CREDENTIALS.secretAccessKey },
      region: LOCAL_REGION,
      cors: { [BUCKET]: cors },
      // Completed multipart uploads are announced by the proxy itself.
      onObjectCreated: (event) => fx.events.push({ key: event.key, tagsAtDelivery: tagsOf(event.key) }),
    });
    fx.client = new S3Client({
      endpoint: `http://127.0.0.1:${fx.proxy.port}`,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await fx.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await fx.client.send(
      new PutBucketCorsCommand({
        Bucket: BUCKET,
        CORSConfiguration: {
          CORSRules: cors.map((r) => ({ ...r, ExposeHeaders: r.ExposedHeaders, ExposedHeaders: undefined })),
        },
      }),
    );
    // What an event consumer sees: the tags at the moment the event is delivered through the gate.
    fx.s3rver.server.on('event', (event) => {
      for (const record of event.Records) {
        const key = record.s3.object.key;
        fx.events.push({ key, tagsAtDelivery: fx.proxy.settled(BUCKET, key).then(() => tagsOf(key)) });
      }
    });
  });

  afterAll(async () => {
    fx.client?.destroy();
    await fx.proxy?.stop();
    await fx.s3rver?.stop();
    if (fx.dir) rmSync(fx.dir, { recursive: true, force: true });
  });
}
