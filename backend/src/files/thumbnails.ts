import { logger } from '../lib/logger';
import type { RenderResult } from './thumbnail-image';
import { isThumbnailSource, thumbnailKeyFor } from './thumbnail-keys';

/**
 * Thumbnails for image uploads, driven by the files table's stream: when an upload becomes
 * available, read it, render a small WebP and record its key; when a file record goes, its
 * thumbnail goes too. Problems with the image itself are logged and end there (the file stays
 * downloadable, just without a thumbnail); only infrastructure errors throw, to be retried.
 */
export interface AvailableFile {
  userId: string;
  todoId: string;
  fileId: string;
  objectKey: string;
  contentType: string;
  size: number;
}

export interface ThumbnailObjects {
  /** The object's bytes; undefined when it is gone (the file was deleted meanwhile). */
  read(key: string, maxBytes: number): Promise<Uint8Array | undefined>;
  putThumbnail(key: string, body: Uint8Array): Promise<void>;
  deleteThumbnail(key: string): Promise<void>;
}

export interface ThumbnailRecords {
  /** Records the thumbnail on a still-available file; false when the file is gone. */
  setThumbnailKey(userId: string, todoId: string, fileId: string, key: string): Promise<boolean>;
}

export interface ThumbnailDeps {
  objects: ThumbnailObjects;
  records: ThumbnailRecords;
  render(input: Uint8Array): Promise<RenderResult>;
}

/** Larger uploads get no thumbnail: the function would hold the whole file in memory. */
export const MAX_THUMBNAIL_SOURCE_BYTES = 50 * 1024 * 1024;

export type ThumbnailOutcome =
  | 'created'
  | 'not-an-image'
  | 'source-too-large'
  | 'source-missing'
  | 'file-gone'
  | RenderFailure;
type RenderFailure = Extract<RenderResult, { ok: false }>['reason'];

export async function makeThumbnail(deps: ThumbnailDeps, file: AvailableFile): Promise<ThumbnailOutcome> {
  const { todoId, fileId } = file;
  if (!isThumbnailSource(file.contentType)) return 'not-an-image';
  if (file.size > MAX_THUMBNAIL_SOURCE_BYTES) {
    logger.info('no thumbnail: image too large', { todoId, fileId, size: file.size });
    return 'source-too-large';
  }
  const started = Date.now();
  const bytes = await deps.objects.read(file.objectKey, MAX_THUMBNAIL_SOURCE_BYTES);
  if (!bytes) return 'source-missing';
  const rendered = await deps.render(bytes);
  if (!rendered.ok) {
    logger.warn('no thumbnail: image rejected', { todoId, fileId, reason: rendered.reason });
    return rendered.reason;
  }
  const key = thumbnailKeyFor(file.objectKey);
  await deps.objects.putThumbnail(key, rendered.data);
  if (!(await deps.records.setThumbnailKey(file.userId, todoId, fileId, key))) {
    // Deleted while we worked: its REMOVE event may already have passed, so clean up here.
    await deps.objects.deleteThumbnail(key);
    return 'file-gone';
  }
  logger.info('thumbnail created', {
    todoId,
    fileId,
    width: rendered.width,
    height: rendered.height,
    bytes: rendered.data.length,
    ms: Date.now() - started,
  });
  return 'created';
}

/** A file record was removed (deleted, or its todo was): its thumbnail, if any, goes too. */
export async function removeThumbnail(
  deps: Pick<ThumbnailDeps, 'objects'>,
  removed: { objectKey: string; contentType: string },
): Promise<boolean> {
  if (!isThumbnailSource(removed.contentType)) return false;
  // The key is derived, so a thumbnail written after the record was read is found too.
  await deps.objects.deleteThumbnail(thumbnailKeyFor(removed.objectKey));
  return true;
}
