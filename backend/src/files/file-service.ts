import { NotFoundError } from '../lib/errors';
import { requireId } from '../lib/ids';
import type { FileLedger, FileStore, MultipartStorage, ObjectStorage, TodoOwnership } from './file-store';
import { type FileRecord, type FileWithDownload, toFileInfo } from './model';
import type { ThumbnailUrls } from './s3-thumbnail-objects';
import { withThumbnailUrl } from './thumbnail-urls';

/** Pending uploads past their expiry are gone for every purpose, even before they are swept. */
export const isLive = (record: FileRecord, nowSeconds: number) =>
  record.status === 'available' || (record.expiresAt ?? Number.POSITIVE_INFINITY) > nowSeconds;

export interface FileDeps {
  files: FileStore;
  ledger: FileLedger;
  todos: TodoOwnership;
  objects: ObjectStorage;
  multipart: MultipartStorage;
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

/** The caller's live file, under a todo that still exists: a deleted todo's files are gone at once. */
export async function ownedFile(
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
  await removeObject(deps, record);
  await deps.ledger.release(record);
}

/**
 * The bytes of a file, wherever they are: a pending multipart upload is aborted (its parts would
 * otherwise be billed until the lifecycle rule runs), anything else is deleted. Bytes go before
 * the record: if S3 failed after the record went, the object would be orphaned for good.
 */
export async function removeObject(deps: Pick<FileDeps, 'objects' | 'multipart'>, record: FileRecord) {
  if (record.status === 'pending' && record.uploadId) {
    await deps.multipart.abort(record.objectKey, record.uploadId);
  }
  await deps.objects.deleteObject(record.objectKey);
  if (record.thumbnailKey) await deps.objects.deleteObject(record.thumbnailKey);
}
