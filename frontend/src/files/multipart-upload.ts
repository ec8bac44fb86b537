import type { ApiPort, PartUrl, StoredParts } from '../api';
import { ApiError, NetworkError, UploadCancelledError } from '../errors';
import type { FileInfo } from '../types';

/** Parts sent at once: enough to fill a connection, few enough not to starve the rest of the page. */
export const PART_CONCURRENCY = 4;
/** The API presigns at most 100 parts per call. */
export const PART_URL_BATCH = 100;
/** A URL this close to its expiry is asked again rather than risk a 403 mid-part. */
const URL_MARGIN_MS = 30_000;
const RETRIES = 2;

export interface MultipartJob {
  api: ApiPort;
  todoId: string;
  fileId: string;
  file: Blob;
  partSize: number;
  partCount: number;
  signal: AbortSignal;
  /** Bytes S3 holds or is receiving, over the whole file. */
  onProgress(loaded: number): void;
  /** The parts S3 already holds (GET .../parts, after a pause or a reload): only the others are sent. */
  stored?: StoredParts | undefined;
  concurrency?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const retryable = (error: unknown) =>
  error instanceof NetworkError ||
  (error instanceof ApiError && (error.status >= 500 || error.status === 403));

/**
 * Sends a file as an S3 multipart upload and completes it. The file is read one slice per part
 * (Blob.slice), so a large file is never held in memory; several parts travel at once; part URLs
 * are asked in batches as they are needed. Aborting `signal` rejects with UploadCancelledError and
 * leaves the parts already sent in S3 (a later run with `resume` skips them).
 */
export async function uploadMultipart(job: MultipartJob): Promise<FileInfo> {
  const { api, todoId, fileId, file, partSize, partCount, signal } = job;
  const sizeOf = (n: number) => (n < partCount ? partSize : file.size - partSize * (partCount - 1));
  const etags = new Map<number, string>();
  if (job.stored) {
    for (const part of job.stored.parts) {
      if (part.partNumber <= partCount && part.size === sizeOf(part.partNumber)) {
        etags.set(part.partNumber, part.etag);
      }
    }
  }
  const missing: number[] = [];
  for (let n = 1; n <= partCount; n++) if (!etags.has(n)) missing.push(n);

  let stored = [...etags.keys()].reduce((sum, n) => sum + sizeOf(n), 0);
  const moving = new Map<number, number>();
  const report = () => job.onProgress(stored + [...moving.values()].reduce((a, b) => a + b, 0));
  report();

  const urls = new Map<number, PartUrl>();
  let fetching: Promise<void> | null = null;
  const urlFor = async (n: number): Promise<PartUrl> => {
    for (;;) {
      const url = urls.get(n);
      if (url && Date.parse(url.expiresAt) - Date.now() > URL_MARGIN_MS) return url;
      if (!fetching) {
        // The next batch: this part and the missing ones after it, up to 100.
        const batch = [n, ...missing.filter((m) => m > n && !urls.has(m))].slice(0, PART_URL_BATCH);
        fetching = api.presignParts(todoId, fileId, batch).then((parts) => {
          for (const part of parts) urls.set(part.partNumber, part);
        });
        // Cleared whatever happens (the awaiting workers see the failure themselves).
        fetching.then(
          () => {
            fetching = null;
          },
          () => {
            fetching = null;
          },
        );
      }
      await fetching;
      if (signal.aborted) throw new UploadCancelledError();
      if (urls.get(n) === url) throw new ApiError(502, 'UPLOAD_FAILED', 'No URL for a part.');
    }
  };

  const sendPart = async (n: number) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const url = await urlFor(n);
        const start = (n - 1) * partSize;
        const etag = await api.uploadPart(url, file.slice(start, start + sizeOf(n)), {
          signal,
          onProgress: ({ loaded }) => {
            moving.set(n, loaded);
            report();
          },
        });
        etags.set(n, etag);
        moving.delete(n);
        stored += sizeOf(n);
        report();
        return;
      } catch (error) {
        moving.delete(n);
        report(); // the bytes of a part cut off count no more: it goes again from its start
        if (signal.aborted || attempt >= RETRIES || !retryable(error)) throw error;
        urls.delete(n); // perhaps expired: ask a fresh one
        await sleep(500 * 2 ** attempt);
      }
    }
  };

  const queue = [...missing];
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      if (signal.aborted) throw new UploadCancelledError();
      await sendPart(n);
    }
  };
  const workers = Array.from({ length: Math.min(job.concurrency ?? PART_CONCURRENCY, queue.length) }, worker);
  const results = await Promise.allSettled(workers);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  if (signal.aborted) throw new UploadCancelledError();

  const parts = [...etags].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
  return api.completeUpload(todoId, fileId, parts);
}
