import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReadyInfo } from '../local/stack/start-local-stack';

/**
 * Upload throughput against the local stack: one 200 MiB attachment sent as the web app sends it
 * (multipart through the files API: create, presign all parts, PUT them 4 at a time straight to the
 * S3 endpoint, complete), next to one presigned PUT of the same bytes to the same S3 endpoint.
 * Target: multipart at least 80% of the single PUT's throughput.
 */
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 200) * MiB;
const PARALLEL_PARTS = 4;

const mibPerSecond = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

async function api(url: string, token: string, method: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function singlePut(info: ReadyInfo, bytes: Buffer): Promise<number> {
  const client = new S3Client({
    endpoint: info.s3Endpoint,
    region: info.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const url = await getSignedUrl(
    client,
    new PutObjectCommand({
      Bucket: Object.values(info.buckets)[0]!,
      Key: 'bench/one-put.bin',
      ContentLength: bytes.length,
    }),
    { expiresIn: 600, signableHeaders: new Set(['content-length']) },
  );
  client.destroy();
  const started = performance.now();
  const response = await fetch(url, { method: 'PUT', body: bytes });
  if (response.status !== 200) throw new Error(`single PUT answered ${response.status}`);
  return performance.now() - started;
}

interface PartUrl {
  partNumber: number;
  url: string;
  size: number;
}

async function multipart(
  info: ReadyInfo,
  token: string,
  bytes: Buffer,
): Promise<{ ms: number; parts: number }> {
  const todo = await api(`${info.todosApiUrl}/todos`, token, 'POST', { title: 'bench upload' });
  const files = `${info.filesApiUrl}/todos/${todo.todoId}/files`;
  const started = performance.now();
  const ticket = (await api(files, token, 'POST', {
    fileName: 'bench.bin',
    contentType: 'application/octet-stream',
    size: bytes.length,
  })) as { file: { fileId: string }; upload: { method: string; partSize: number; partCount: number } };
  if (ticket.upload.method !== 'MULTIPART') throw new Error('expected a multipart upload');
  const { partSize, partCount } = ticket.upload;
  const numbers = Array.from({ length: partCount }, (_, i) => i + 1);
  const urls: PartUrl[] = [];
  for (let i = 0; i < numbers.length; i += 100) {
    const page = await api(`${files}/${ticket.file.fileId}/parts`, token, 'POST', {
      partNumbers: numbers.slice(i, i + 100),
    });
    urls.push(...(page.parts as PartUrl[]));
  }
  const etags: { partNumber: number; etag: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const part = urls[next++]!;
      const offset = (part.partNumber - 1) * partSize;
      const response = await fetch(part.url, {
        method: 'PUT',
        body: bytes.subarray(offset, offset + part.size),
      });
      if (response.status !== 200) throw new Error(`part ${part.partNumber} answered ${response.status}`);
      etags.push({ partNumber: part.partNumber, etag: response.headers.get('etag')! });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
  await api(`${files}/${ticket.file.fileId}/complete`, token, 'POST', { parts: etags });
  return { ms: performance.now() - started, parts: partCount };
}

/** Runs both uploads and returns the lines to print. */
export async function benchUploads(info: ReadyInfo, token: string): Promise<string[]> {
  const bytes = Buffer.alloc(SIZE);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 0xff;
  const single = await singlePut(info, bytes);
  const multi = await multipart(info, token, bytes);
  const singleRate = mibPerSecond(bytes.length, single);
  const multiRate = mibPerSecond(bytes.length, multi.ms);
  const mib = (SIZE / MiB).toFixed(0);
  return [
    `${`one PUT, ${mib} MiB`.padEnd(26)} ${(single / 1000).toFixed(2)} s   ${singleRate.toFixed(1)} MiB/s`,
    `${`multipart, ${mib} MiB`.padEnd(26)} ${(multi.ms / 1000).toFixed(2)} s   ${multiRate.toFixed(1)} MiB/s   (${multi.parts} parts, ${PARALLEL_PARTS} at a time, API calls included; ${((multiRate / singleRate) * 100).toFixed(0)}% of one PUT, target ≥ 80%)`,
  ];
}
