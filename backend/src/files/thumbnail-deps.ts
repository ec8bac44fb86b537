import { documentClient } from '../clients/dynamodb';
import { s3Client } from '../clients/s3';
import { requireEnv } from '../lib/config';
import { createDynamoThumbnailRecords } from './dynamodb-thumbnail-records';
import { createS3ThumbnailObjects } from './s3-thumbnail-objects';
import { renderThumbnail } from './thumbnail-image';
import type { ThumbnailDeps } from './thumbnails';

/** For the thumbnail function only: the one that loads the image library. */
export function thumbnailDepsFromEnv(): ThumbnailDeps {
  return {
    objects: createS3ThumbnailObjects(s3Client, requireEnv('ATTACHMENTS_BUCKET')),
    records: createDynamoThumbnailRecords(documentClient, requireEnv('FILES_TABLE')),
    render: renderThumbnail,
  };
}
