import { logger } from '../lib/logger';
import type { FileStore, ObjectStorage } from './file-store';
import { parseObjectKey } from './model';
import { isThumbnailKey } from './thumbnail-keys';

export interface ObjectCreated {
  bucket: string;
  key: string;
  size: number;
}

/**
 * An object arrived in the attachments bucket. If it answers a pending record (same owner, same
 * declared size), that file becomes available; if it answers nothing (no record, another owner, a
 * stray key, another size), the object is deleted rather than adopted. Repeating the same event changes nothing.
 */
export async function onObjectCreated(
  deps: { files: FileStore; objects: ObjectStorage },
  object: ObjectCreated,
): Promise<'marked' | 'already-available' | 'deleted' | 'thumbnail'> {
  // Thumbnails are written by the thumbnail function, beside the uploads, under their own prefix.
  if (isThumbnailKey(object.key)) return 'thumbnail';
  const parsed = parseObjectKey(object.key);
  if (parsed) {
    const { userId, todoId, fileId } = parsed;
    const result = await deps.files.markAvailable(
      userId,
      todoId,
      fileId,
      object.size,
      new Date().toISOString(),
    );
    if (result !== 'missing') {
      logger.info('upload received', { todoId, fileId, size: object.size, result });
      return result;
    }
  }
  logger.warn('deleting object with no pending record', { key: object.key });
  await deps.objects.deleteObject(object.key, object.bucket);
  return 'deleted';
}

/** A todo was deleted: remove each of its files, object first, then record. Idempotent. */
export async function onTodoDeleted(
  deps: { files: FileStore; objects: ObjectStorage },
  userId: string,
  todoId: string,
): Promise<number> {
  const records = await deps.files.listForTodo(userId, todoId);
  for (const record of records) {
    await deps.objects.deleteObject(record.objectKey);
    await deps.files.delete(userId, todoId, record.fileId);
  }
  logger.info('todo files removed', { todoId, count: records.length });
  return records.length;
}
