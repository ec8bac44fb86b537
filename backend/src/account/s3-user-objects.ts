import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { THUMBNAIL_PREFIX } from '../files/thumbnail-keys';
import type { UserObjects } from './account-ports';

/** The user's objects in the attachments bucket: `<userId>/<todoId>/<fileId>` and their thumbnails. */
export function createS3UserObjects(client: S3Client, bucket: string): UserObjects {
  const keysUnder = async (prefix: string, limit: number) => {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: limit }),
    );
    return (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
  };
  return {
    async listKeys(userId, limit) {
      const uploads = await keysUnder(`${userId}/`, limit);
      if (uploads.length > 0) return uploads;
      return keysUnder(`${THUMBNAIL_PREFIX}${userId}/`, limit);
    },
    async deleteKeys(keys) {
      // One DeleteObject per key (idempotent), a few at a time: no Content-MD5 dance for DeleteObjects.
      for (let i = 0; i < keys.length; i += 10) {
        await Promise.all(
          keys.slice(i, i + 10).map((Key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
        );
      }
    },
  };
}
