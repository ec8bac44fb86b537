import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { UserObjects } from './account-ports';

/** The user's objects in the attachments bucket: keys are `<userId>/<todoId>/<fileId>`. */
export function createS3UserObjects(client: S3Client, bucket: string): UserObjects {
  return {
    async listKeys(userId, limit) {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `${userId}/`, MaxKeys: limit }),
      );
      return (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
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
