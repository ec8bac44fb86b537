import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { THUMBNAIL_CONTENT_TYPE } from './thumbnail-keys';
import type { ThumbnailObjects } from './thumbnails';

const isMissing = (error: unknown) =>
  error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

export function createS3ThumbnailObjects(client: S3Client, bucket: string): ThumbnailObjects {
  return {
    async read(key, maxBytes) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if ((object.ContentLength ?? 0) > maxBytes) {
          // Not read at all: release the connection instead of draining the body.
          (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
          return undefined;
        }
        return await object.Body?.transformToByteArray();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async putThumbnail(key, body) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: THUMBNAIL_CONTENT_TYPE,
          CacheControl: 'private, max-age=86400, immutable',
        }),
      );
    },

    async deleteThumbnail(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/** Signs short-lived GETs of thumbnails, always answered as image/webp whatever the object says. */
export interface ThumbnailUrls {
  urlFor(key: string): Promise<string>;
}

export function createS3ThumbnailUrls(client: S3Client, bucket: string, expiresIn: number): ThumbnailUrls {
  return {
    urlFor: (key) =>
      getSignedUrl(
        client,
        new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentType: THUMBNAIL_CONTENT_TYPE }),
        { expiresIn },
      ),
  };
}
