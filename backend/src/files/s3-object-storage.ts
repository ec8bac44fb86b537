import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStorage } from './file-store';

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name for browsers that read it. */
export function attachmentDisposition(fileName: string): string {
  const name = fileName.toWellFormed();
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function createS3ObjectStorage(client: S3Client, bucket: string): ObjectStorage {
  return {
    presignUpload(key, contentType, size, expiresIn) {
      return getSignedUrl(
        client,
        new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }),
        // Signed as headers: S3 refuses a PUT whose type or length differs from what was approved.
        { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) },
      );
    },

    presignDownload(key, fileName, contentType, expiresIn) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: attachmentDisposition(fileName),
          ResponseContentType: contentType,
        }),
        { expiresIn },
      );
    },

    async deleteObject(key, otherBucket) {
      // DeleteObject is idempotent: deleting a missing key succeeds, so redeliveries are harmless.
      await client.send(new DeleteObjectCommand({ Bucket: otherBucket ?? bucket, Key: key }));
    },
  };
}
