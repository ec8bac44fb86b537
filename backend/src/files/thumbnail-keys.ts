/**
 * Where thumbnails live and which uploads get one. Kept free of the image library, so the API
 * functions that only sign thumbnail URLs or delete thumbnails never load it.
 */

/** Thumbnails have their own prefix: one IAM statement can then grant writing thumbnails only. */
export const THUMBNAIL_PREFIX = 'thumbnails/';
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

const SOURCE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** One thumbnail per upload, at a key derived from the upload's: deletions need no lookup. */
export function thumbnailKeyFor(objectKey: string): string {
  return `${THUMBNAIL_PREFIX}${objectKey}.webp`;
}

export function isThumbnailKey(key: string): boolean {
  return key.startsWith(THUMBNAIL_PREFIX);
}

/** JPEG, PNG, WebP and GIF uploads get a thumbnail, whatever the case or parameters of the type. */
export function isThumbnailSource(contentType: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return SOURCE_TYPES.has(essence);
}
