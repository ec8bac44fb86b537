import { logger } from '../lib/logger';
import { type FileDeps, removeObject } from './file-service';
import { parseObjectKey } from './model';
import { isThumbnailKey } from './thumbnail-keys';

type EventDeps = Pick<FileDeps, 'files' | 'ledger' | 'objects' | 'multipart'>;

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
  deps: Pick<FileDeps, 'files' | 'objects'>,
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
      // Accepted: the object must no longer expire. Also on a redelivery, in case this step failed.
      await deps.objects.clearPendingTag(object.key, object.bucket);
      logger.info('upload received', { todoId, fileId, size: object.size, result });
      return result;
    }
  }
  logger.warn('deleting object with no pending record', { key: object.key });
  await deps.objects.deleteObject(object.key, object.bucket);
  return 'deleted';
}

/** A todo was deleted: remove each of its files, bytes first, then record and quota. Idempotent. */
export async function onTodoDeleted(deps: EventDeps, userId: string, todoId: string): Promise<number> {
  const records = await deps.files.listForTodo(userId, todoId);
  for (const record of records) {
    await removeObject(deps, record);
    await deps.ledger.release(record);
  }
  logger.info('todo files removed', { todoId, count: records.length });
  return records.length;
}
