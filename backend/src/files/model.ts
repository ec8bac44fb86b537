export type FileStatus = 'pending' | 'available';

/** A file attachment as the API returns it. */
export interface FileInfo {
  fileId: string;
  todoId: string;
  fileName: string;
  contentType: string;
  size: number;
  status: FileStatus;
  createdAt: string;
  uploadedAt: string | null;
  /** A short-lived presigned GET of the image's WebP thumbnail; null until made, or for other types. */
  thumbnailUrl: string | null;
}

/** GET file: the file plus a presigned download URL (null until the upload has arrived). */
export interface FileWithDownload extends FileInfo {
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

/** One presigned PUT carries the whole file. */
export interface SingleUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/** An S3 multipart upload: parts are presigned on demand (`POST .../parts`). */
export interface MultipartUpload {
  method: 'MULTIPART';
  partSize: number;
  partCount: number;
  /** When the pending file (and its multipart upload) is given up. */
  expiresAt: string;
}

/** POST file: the pending file and how to upload its bytes. */
export interface UploadTicket {
  file: FileInfo;
  upload: SingleUpload | MultipartUpload;
}

/** What is stored: the API shape plus the owner, the object key and, while pending, its expiry. */
export interface FileRecord extends Omit<FileInfo, 'thumbnailUrl'> {
  userId: string;
  objectKey: string;
  /**
   * Epoch seconds after which a never-completed upload is given up. Not a DynamoDB TTL: the
   * record must go in the same transaction that releases its file slot and quota bytes.
   */
  expiresAt?: number;
  /** The owner again, on pending records only: the sparse index of a user's pending uploads. */
  pendingOwner?: string;
  /** Multipart uploads only: S3's upload id and the part layout agreed at creation. */
  uploadId?: string;
  partSize?: number;
  partCount?: number;
  /** Set by the thumbnail function once an image's thumbnail is stored. */
  thumbnailKey?: string;
}

export function toFileInfo(record: FileRecord): FileInfo {
  return {
    fileId: record.fileId,
    todoId: record.todoId,
    fileName: record.fileName,
    contentType: record.contentType,
    size: record.size,
    status: record.status,
    createdAt: record.createdAt,
    uploadedAt: record.uploadedAt ?? null,
    thumbnailUrl: null,
  };
}

/** The server chooses object keys; file names never appear in them. */
export function objectKeyFor(userId: string, todoId: string, fileId: string): string {
  return `${userId}/${todoId}/${fileId}`;
}

export function parseObjectKey(key: string): { userId: string; todoId: string; fileId: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  const [userId, todoId, fileId] = parts as [string, string, string];
  return { userId, todoId, fileId };
}
