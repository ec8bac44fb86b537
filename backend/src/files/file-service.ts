import { ConflictError, NotFoundError, PayloadTooLargeError } from '../lib/errors';
import { newId, requireId } from '../lib/ids';
import type { FileStore, ObjectStorage, TodoOwnership } from './file-store';
import { type FileRecord, type FileWithDownload, objectKeyFor, toFileInfo, type UploadTicket } from './model';
import type { ThumbnailUrls } from './s3-thumbnail-objects';
import type { CreateUploadBody } from './schemas';
import { withThumbnailUrl } from './thumbnail-urls';

export interface UploadLimits {
  maxUploadBytes: number;
  maxFilesPerTodo: number;
  urlTtlSeconds: number;
}

// A pending record outlives its upload URL by this much before DynamoDB TTL may remove it.
const PENDING_GRACE_SECONDS = 3600;

/** Pending uploads past their TTL are gone for every purpose, even before DynamoDB removes them. */
const isLive = (record: FileRecord, nowSeconds: number) =>
  record.status === 'available' || (record.expiresAt ?? Number.POSITIVE_INFINITY) > nowSeconds;

export interface FileDeps {
  files: FileStore;
  todos: TodoOwnership;
  objects: ObjectStorage;
}

/** Reads answer each image's thumbnail URL too. */
type ReadDeps = { thumbnails: ThumbnailUrls };

export async function listFiles(
  deps: Pick<FileDeps, 'files' | 'todos'> & ReadDeps,
  userId: string,
  rawTodoId?: string,
) {
  const todoId = requireId(rawTodoId, 'Todo');
  if (!(await deps.todos.ownsTodo(userId, todoId))) throw new NotFoundError('Todo');
  const now = Date.now() / 1000;
  const records = await deps.files.listForTodo(userId, todoId);
  const live = records.filter((r) => isLive(r, now));
  return {
    items: await Promise.all(live.map((r) => withThumbnailUrl(deps.thumbnails, r))),
    nextCursor: null,
  };
}

export async function createUpload(
  deps: FileDeps,
  limits: UploadLimits,
  userId: string,
  rawTodoId: string | undefined,
  input: CreateUploadBody,
): Promise<UploadTicket> {
  const todoId = requireId(rawTodoId, 'Todo');
  // Ownership first: another user's todo answers 404 whatever else is wrong with the request.
  if (!(await deps.todos.ownsTodo(userId, todoId))) throw new NotFoundError('Todo');
  if (input.size > limits.maxUploadBytes) {
    throw new PayloadTooLargeError(`Files can be at most ${limits.maxUploadBytes} bytes.`);
  }
  const nowMs = Date.now();
  const existing = (await deps.files.listForTodo(userId, todoId)).filter((r) => isLive(r, nowMs / 1000));
  if (existing.length >= limits.maxFilesPerTodo) {
    throw new ConflictError(`A todo can have at most ${limits.maxFilesPerTodo} files.`, 'TOO_MANY_FILES');
  }
  const fileId = newId();
  const createdAt = new Date(nowMs).toISOString();
  const record: FileRecord = {
    fileId,
    todoId,
    userId,
    fileName: input.fileName,
    contentType: input.contentType,
    size: input.size,
    status: 'pending',
    createdAt,
    uploadedAt: null,
    objectKey: objectKeyFor(userId, todoId, fileId),
    expiresAt: Math.ceil(nowMs / 1000) + limits.urlTtlSeconds + PENDING_GRACE_SECONDS,
  };
  // The todo may have been deleted since the check above; the write re-checks it atomically.
  if (!(await deps.files.createIfTodoExists(record))) throw new NotFoundError('Todo');
  const url = await deps.objects.presignUpload(
    record.objectKey,
    input.contentType,
    input.size,
    limits.urlTtlSeconds,
  );
  return {
    file: toFileInfo(record),
    upload: {
      url,
      method: 'PUT',
      headers: { 'Content-Type': input.contentType },
      expiresAt: new Date(nowMs + limits.urlTtlSeconds * 1000).toISOString(),
    },
  };
}

/** The caller's live file, under a todo that still exists: a deleted todo's files are gone at once. */
async function ownedFile(
  deps: Pick<FileDeps, 'files' | 'todos'>,
  userId: string,
  rawTodoId?: string,
  rawFileId?: string,
) {
  const todoId = requireId(rawTodoId, 'Todo');
  const fileId = requireId(rawFileId, 'File');
  const [record, todoExists] = await Promise.all([
    deps.files.get(userId, todoId, fileId),
    deps.todos.ownsTodo(userId, todoId),
  ]);
  if (!todoExists) throw new NotFoundError('Todo');
  if (!record || !isLive(record, Date.now() / 1000)) throw new NotFoundError('File');
  return record;
}

export async function getFile(
  deps: FileDeps & ReadDeps,
  urlTtlSeconds: number,
  userId: string,
  rawTodoId?: string,
  rawFileId?: string,
): Promise<FileWithDownload> {
  const record = await ownedFile(deps, userId, rawTodoId, rawFileId);
  if (record.status !== 'available') {
    return { ...toFileInfo(record), downloadUrl: null, downloadExpiresAt: null };
  }
  const file = await withThumbnailUrl(deps.thumbnails, record);
  const downloadUrl = await deps.objects.presignDownload(
    record.objectKey,
    record.fileName,
    record.contentType,
    urlTtlSeconds,
  );
  return {
    ...file,
    downloadUrl,
    downloadExpiresAt: new Date(Date.now() + urlTtlSeconds * 1000).toISOString(),
  };
}

export async function deleteFile(
  deps: FileDeps,
  userId: string,
  rawTodoId?: string,
  rawFileId?: string,
): Promise<void> {
  const record = await ownedFile(deps, userId, rawTodoId, rawFileId);
  // Object first: if the record went first and S3 failed, the object would be orphaned for good.
  await deps.objects.deleteObject(record.objectKey);
  if (record.thumbnailKey) await deps.objects.deleteObject(record.thumbnailKey);
  await deps.files.delete(userId, record.todoId, record.fileId);
}
