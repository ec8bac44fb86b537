import { type FileInfo, type FileRecord, toFileInfo } from './model';
import type { ThumbnailUrls } from './s3-thumbnail-objects';

/** The API shape of a record, with its thumbnail's presigned URL when it has one. */
export async function withThumbnailUrl(urls: ThumbnailUrls, record: FileRecord): Promise<FileInfo> {
  const info = toFileInfo(record);
  if (record.status !== 'available' || !record.thumbnailKey) return info;
  return { ...info, thumbnailUrl: await urls.urlFor(record.thumbnailKey) };
}
