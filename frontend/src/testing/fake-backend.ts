/**
 * In-memory stand-ins for the API and Cognito, for unit tests. The fake API follows the contract
 * in docs/api.md (todos: see fake-todos-api.ts; files: size limit, quota, one-shot and multipart
 * uploads, S3 confirming a little later), so tests exercise the app's real state, routing and
 * rendering against believable answers.
 */
import type { ApiPort, PartUrl, StoredParts, UploadOptions, Usage } from '../api';
import { ApiError, NetworkError, SessionExpiredError, UploadCancelledError } from '../errors';
import type { FileInfo, FileWithDownload, SingleUpload, UploadTicket } from '../types';
import { FakeAccountApi } from './fake-account-api';
import { nextTime } from './fake-todos-api';

export { makeTodo } from './fake-todos-api';

/** A pending upload the test finishes, fails or watches being cancelled. */
export interface PendingUpload {
  body: Blob;
  /** The part this PUT carries (multipart), or undefined for a one-shot PUT. */
  partNumber?: number;
  options: UploadOptions;
  progress(loaded: number): void;
  finish(): void;
  fail(error: Error): void;
}

export class FakeApi extends FakeAccountApi implements ApiPort {
  uploads: PendingUpload[] = [];
  maxUploadBytes = 10 * 1024 * 1024;
  /** Declared sizes above this start a multipart upload. */
  multipartThreshold = Number.POSITIVE_INFINITY;
  partSize = 8;
  quotaBytes = 1024 ** 3;
  /** Parts S3 holds, per multipart upload in progress. */
  multipart = new Map<string, Map<number, { size: number; etag: string }>>();
  /** Images get a thumbnail one getFile after they turn available. */
  makeThumbnails = false;
  /** How many getFile calls a new upload stays pending for. */
  pendingPolls = 1;
  #polls = new Map<string, number>();
  /** Files whose bytes have arrived (S3 has them; the event has not marked them yet). */
  #arrived = new Set<string>();

  async listFiles(todoId: string): Promise<FileInfo[]> {
    this.record('listFiles', [todoId]);
    this.find(todoId);
    return this.files.filter((f) => f.todoId === todoId);
  }

  async createUpload(
    todoId: string,
    file: { name: string; type: string; size: number },
  ): Promise<UploadTicket> {
    this.record('createUpload', [todoId, file]);
    this.find(todoId);
    if (file.size > this.maxUploadBytes) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Too large.');
    if (this.#used() + file.size > this.quotaBytes) {
      throw new ApiError(413, 'QUOTA_EXCEEDED', 'This file would take you past your storage quota.');
    }
    const info: FileInfo = {
      fileId: `F${++this.seq}`,
      todoId,
      fileName: file.name,
      contentType: file.type || 'application/octet-stream',
      size: file.size,
      status: 'pending',
      createdAt: nextTime(),
      uploadedAt: null,
      thumbnailUrl: null,
    };
    this.files = [info, ...this.files];
    if (file.size > this.multipartThreshold) {
      this.multipart.set(info.fileId, new Map());
      return {
        file: info,
        upload: {
          method: 'MULTIPART',
          partSize: this.partSize,
          partCount: Math.ceil(file.size / this.partSize),
          expiresAt: nextTime(),
        },
      };
    }
    return {
      file: info,
      upload: {
        url: `https://bucket.example/${info.fileId}`,
        method: 'PUT',
        headers: { 'Content-Type': info.contentType },
        expiresAt: nextTime(),
      },
    };
  }

  async getFile(todoId: string, fileId: string): Promise<FileWithDownload> {
    this.record('getFile', [todoId, fileId]);
    const file = this.files.find((f) => f.fileId === fileId && f.todoId === todoId);
    if (!file) throw new ApiError(404, 'NOT_FOUND', 'File not found.');
    const polls = (this.#polls.get(fileId) ?? 0) + 1;
    this.#polls.set(fileId, polls);
    if (file.status === 'pending' && this.#arrived.has(fileId) && polls > this.pendingPolls) {
      this.files = this.files.map((f) =>
        f.fileId === fileId ? { ...f, status: 'available', uploadedAt: nextTime() } : f,
      );
      return this.getFile(todoId, fileId);
    }
    const available = file.status === 'available';
    if (available && this.makeThumbnails && file.contentType.startsWith('image/') && !file.thumbnailUrl) {
      // The thumbnail is made just after the file turns available: the next answer has it.
      const thumbnailUrl = `https://bucket.example/thumbnails/${fileId}.webp?signed`;
      this.files = this.files.map((f) => (f.fileId === fileId ? { ...f, thumbnailUrl } : f));
    }
    return {
      ...file,
      downloadUrl: available ? `https://bucket.example/${fileId}?signed` : null,
      downloadExpiresAt: available ? nextTime() : null,
    };
  }

  async deleteFile(todoId: string, fileId: string): Promise<void> {
    this.record('deleteFile', [todoId, fileId]);
    if (!this.files.some((f) => f.fileId === fileId && f.todoId === todoId)) {
      throw new ApiError(404, 'NOT_FOUND', 'File not found.');
    }
    this.files = this.files.filter((f) => f.fileId !== fileId);
    this.multipart.delete(fileId);
  }

  #used() {
    return this.files.reduce((sum, f) => sum + f.size, 0);
  }

  async getUsage(): Promise<Usage> {
    this.record('getUsage', []);
    return { usedBytes: this.#used(), quotaBytes: this.quotaBytes };
  }

  #upload(fileId: string): { info: FileInfo; parts: Map<number, { size: number; etag: string }> } {
    const info = this.files.find((f) => f.fileId === fileId);
    if (!info) throw new ApiError(404, 'NOT_FOUND', 'File not found.');
    const parts = this.multipart.get(fileId);
    if (!parts) throw new ApiError(409, 'CONFLICT', 'Not a multipart upload in progress.');
    return { info, parts };
  }

  async presignParts(todoId: string, fileId: string, partNumbers: number[]): Promise<PartUrl[]> {
    this.record('presignParts', [todoId, fileId, partNumbers]);
    const { info } = this.#upload(fileId);
    if (partNumbers.length > 100) throw new ApiError(400, 'VALIDATION_ERROR', 'At most 100 parts.');
    const count = Math.ceil(info.size / this.partSize);
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: `https://bucket.example/${fileId}?partNumber=${partNumber}`,
      method: 'PUT',
      size: partNumber < count ? this.partSize : info.size - this.partSize * (count - 1),
      headers: {},
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    }));
  }

  async listParts(todoId: string, fileId: string): Promise<StoredParts> {
    this.record('listParts', [todoId, fileId]);
    const { info, parts } = this.#upload(fileId);
    return {
      partSize: this.partSize,
      partCount: Math.ceil(info.size / this.partSize),
      parts: [...parts].map(([partNumber, p]) => ({ partNumber, ...p })),
    };
  }

  async completeUpload(
    todoId: string,
    fileId: string,
    sent: { partNumber: number; etag: string }[],
  ): Promise<FileInfo> {
    this.record('completeUpload', [todoId, fileId, sent]);
    const { info, parts } = this.#upload(fileId);
    const count = Math.ceil(info.size / this.partSize);
    const ok =
      sent.length === count &&
      sent.every((p, i) => p.partNumber === i + 1 && parts.get(i + 1)?.etag === p.etag);
    if (!ok) throw new ApiError(409, 'UPLOAD_INCOMPLETE', 'A part is missing.');
    this.multipart.delete(fileId);
    this.#arrived.add(fileId);
    return info;
  }

  uploadPart(part: PartUrl, body: Blob, options: UploadOptions = {}): Promise<string> {
    this.calls.push({ method: 'uploadPart', args: [part, body] });
    const fileId = (part.url.split('/').pop() ?? '').split('?')[0] ?? '';
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new UploadCancelledError()), { once: true });
      this.uploads.push({
        body,
        partNumber: part.partNumber,
        options,
        progress: (loaded) => options.onProgress?.({ loaded, total: body.size }),
        finish: () => {
          const etag = `"etag-${part.partNumber}"`;
          this.multipart.get(fileId)?.set(part.partNumber, { size: body.size, etag });
          resolve(etag);
        },
        fail: reject,
      });
    });
  }

  uploadBytes(upload: SingleUpload, body: Blob, options: UploadOptions = {}): Promise<void> {
    this.calls.push({ method: 'uploadBytes', args: [upload, body] });
    const fileId = upload.url.split('/').pop() ?? '';
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new UploadCancelledError()), { once: true });
      this.uploads.push({
        body,
        options,
        progress: (loaded) => options.onProgress?.({ loaded, total: body.size }),
        finish: () => {
          // The bytes arrived; the S3 event marks the file available a little later.
          this.#arrived.add(fileId);
          resolve();
        },
        fail: reject,
      });
    });
  }
}

export { ApiError, NetworkError, SessionExpiredError };
