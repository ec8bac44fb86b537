import type { FileRecord } from './model';

export type MarkResult = 'marked' | 'already-available' | 'missing';

export interface Quotas {
  maxFilesPerTodo: number;
  storageQuotaBytes: number;
}

export type CreateOutcome = 'created' | 'todo-missing' | 'too-many-files' | 'quota-exceeded';

/**
 * Port for the writes that move the per-todo file count and the per-user byte count: a record
 * is only ever added or removed together with both counters.
 */
export interface FileLedger {
  /** Stores a pending record if its todo exists, has a free slot and the owner has room. */
  create(record: FileRecord, quotas: Quotas): Promise<CreateOutcome>;
  /** Removes the record and releases its slot and bytes; false when it was already gone. */
  release(record: FileRecord): Promise<boolean>;
  /** As `release`, but only while the record is still pending and expired at `nowSeconds`. */
  releaseIfExpired(record: FileRecord, nowSeconds: number): Promise<boolean>;
  /** The user's pending records expired at `nowSeconds` (bounded). */
  expiredPending(userId: string, nowSeconds: number): Promise<FileRecord[]>;
  usedBytes(userId: string): Promise<number>;
}

/** Port for attachment records. Records are keyed by todo; every method checks the owner. */
export interface FileStore {
  /** The record, only when it exists and belongs to `userId`. */
  get(userId: string, todoId: string, fileId: string): Promise<FileRecord | undefined>;
  /** The todo's records that belong to `userId`, newest first. */
  listForTodo(userId: string, todoId: string): Promise<FileRecord[]>;
  /** Pending → available with the real size; harmless when repeated. */
  markAvailable(
    userId: string,
    todoId: string,
    fileId: string,
    size: number,
    now: string,
  ): Promise<MarkResult>;
}

/** Port onto the todos table: does this user own this todo? */
export interface TodoOwnership {
  ownsTodo(userId: string, todoId: string): Promise<boolean>;
}

/** A tag every upload carries until `fileUploaded` accepts it; the bucket expires tagged objects. */
export const PENDING_TAG = { key: 'pending', value: 'true' } as const;

/** A presigned request: the URL and the headers that were signed with it and must be sent. */
export interface PresignedRequest {
  url: string;
  headers: Record<string, string>;
}

export interface StoredPart {
  partNumber: number;
  size: number;
  etag: string;
}

/** Port onto the attachments bucket. */
export interface ObjectStorage {
  /** A one-shot PUT: type, length, the pending tag and `If-None-Match: *` are all signed. */
  presignUpload(
    key: string,
    contentType: string,
    size: number,
    expiresInSeconds: number,
  ): Promise<PresignedRequest>;
  presignDownload(
    key: string,
    fileName: string,
    contentType: string,
    expiresInSeconds: number,
  ): Promise<string>;
  deleteObject(key: string, bucket?: string): Promise<void>;
  /** The upload was accepted: the object must no longer expire. */
  clearPendingTag(key: string, bucket?: string): Promise<void>;
}

/** Port onto S3 multipart uploads in the attachments bucket. */
export interface MultipartStorage {
  /** Starts a multipart upload of an object that carries the pending tag; its upload id. */
  create(key: string, contentType: string): Promise<string>;
  /** A presigned UploadPart URL whose `Content-Length` is signed. */
  presignPart(
    key: string,
    uploadId: string,
    partNumber: number,
    length: number,
    expiresInSeconds: number,
  ): Promise<string>;
  /** Parts S3 holds for the upload, by part number; undefined when the upload is gone. */
  listParts(key: string, uploadId: string): Promise<StoredPart[] | undefined>;
  complete(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  /** Idempotent: aborting an upload that is already gone succeeds. */
  abort(key: string, uploadId: string): Promise<void>;
}
