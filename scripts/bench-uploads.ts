import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ReadyInfo } from '../local/stack/start-local-stack';

/**
 * Upload throughput against the local stack: one 200 MiB attachment sent as the web app sends it
 * (multipart through the files API: create, presign all parts, PUT them 4 at a time straight to the
 * S3 endpoint, complete), next to one presigned PUT of the same bytes to the same S3 endpoint.
 * Each is run 3 times, alternately, and the median is reported (the machine may be shared), with
 * the runtime process's CPU time per MiB (load-independent, where /proc exists).
 * Target: multipart at least 80% of the single PUT's throughput.
 */
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 200) * MiB;
const RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 3);
const PARALLEL_PARTS = 4;
const TARGET = 0.8;

/** CPU time (ms) the process used so far, from /proc; undefined where there is none. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Run {
  ms: number;
  /** Runtime CPU per MiB sent. */
  cpuPerMiB?: number;
}

async function measured<T extends { ms: number }>(pid: number, run: () => Promise<T>): Promise<T & Run> {
  const before = cpuMs(pid);
  const result = await run();
  const after = cpuMs(pid);
  return {
    ...result,
    ...(before !== undefined && after !== undefined ? { cpuPerMiB: (after - before) / (SIZE / MiB) } : {}),
  };
}

const median = <T extends { ms: number }>(runs: T[]): T =>
  [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;

/**
 * The bytes go out through node:http with a keep-alive agent, as a browser reuses its
 * connections. Not fetch: Node 20's undici resets a reused keep-alive connection whose request
 * body takes longer than the server's keep-alive hint (5 s) to send ("fetch failed", EPIPE).
 */
const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL_PARTS });

function putBytes(url: string, body: Buffer): Promise<{ status: number; etag: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', agent, headers: { 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag ?? '') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

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

async function singlePut(info: ReadyInfo, bytes: Buffer, key: string): Promise<{ ms: number }> {
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
      Key: key,
      ContentLength: bytes.length,
    }),
    { expiresIn: 600, signableHeaders: new Set(['content-length']) },
  );
  client.destroy();
  const started = performance.now();
  const response = await putBytes(url, bytes);
  if (response.status !== 200) throw new Error(`single PUT answered ${response.status}`);
  return { ms: performance.now() - started };
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
): Promise<{ ms: number; parts: number; beforeParts: number; complete: number }> {
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
      const response = await putBytes(part.url, bytes.subarray(offset, offset + part.size));
      if (response.status !== 200) throw new Error(`part ${part.partNumber} answered ${response.status}`);
      etags.push({ partNumber: part.partNumber, etag: response.etag });
    }
  };
  const partsStarted = performance.now();
  await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
  const completeStarted = performance.now();
  await api(`${files}/${ticket.file.fileId}/complete`, token, 'POST', { parts: etags });
  const ended = performance.now();
  return {
    ms: ended - started,
    parts: partCount,
    beforeParts: partsStarted - started,
    complete: ended - completeStarted,
  };
}

/** Runs both uploads, alternately, and returns the lines to print. */
export async function benchUploads(info: ReadyInfo, token: string): Promise<string[]> {
  const bytes = Buffer.alloc(SIZE);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 0xff;
  const pid = info.pids.runtime;
  const singles: (Run & { ms: number })[] = [];
  const multis: (Run & Awaited<ReturnType<typeof multipart>>)[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      singles.push(await measured(pid, () => singlePut(info, bytes, `bench/one-put-${run}.bin`)));
      multis.push(await measured(pid, () => multipart(info, token, bytes)));
    }
  } finally {
    agent.destroy();
  }
  const single = median(singles);
  const multi = median(multis);
  const singleRate = mibPerSecond(bytes.length, single.ms);
  const multiRate = mibPerSecond(bytes.length, multi.ms);
  const ratio = multiRate / singleRate;
  const mib = (SIZE / MiB).toFixed(0);
  const cpu = (r: Run) => (r.cpuPerMiB !== undefined ? `, runtime CPU ${r.cpuPerMiB.toFixed(1)} ms/MiB` : '');
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    `${`one PUT, ${mib} MiB`.padEnd(26)} ${s(single.ms)}   ${singleRate.toFixed(1)} MiB/s   (median of ${RUNS}${cpu(single)})`,
    `${`multipart, ${mib} MiB`.padEnd(26)} ${s(multi.ms)}   ${multiRate.toFixed(1)} MiB/s   (median of ${RUNS}; ${multi.parts} parts, ${PARALLEL_PARTS} at a time; API calls included: ${s(multi.beforeParts)} before the parts, ${s(multi.complete)} to complete${cpu(multi)})`,
    `${'multipart / one PUT'.padEnd(26)} ${(ratio * 100).toFixed(0)}%   target ≥ ${TARGET * 100}%: ${ratio >= TARGET ? 'OK' : 'NOT MET'}`,
  ];
}
