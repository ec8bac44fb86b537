import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type ObjectStorage, PENDING_TAG } from './file-store';

export const PENDING_TAGGING = `${PENDING_TAG.key}=${PENDING_TAG.value}`;

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
    async presignUpload(key, contentType, size, expiresIn) {
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          ContentLength: size,
          // The URL creates the object once: a replay cannot overwrite accepted bytes.
          IfNoneMatch: '*',
          // Until fileUploaded accepts it, the object expires by the bucket's lifecycle rule.
          Tagging: PENDING_TAGGING,
        }),
        // Signed as headers: S3 refuses a PUT whose type, length, tag or condition differs.
        {
          expiresIn,
          signableHeaders: new Set(['content-type', 'content-length', 'if-none-match', 'x-amz-tagging']),
          unhoistableHeaders: new Set(['x-amz-tagging']),
        },
      );
      return {
        url,
        headers: { 'Content-Type': contentType, 'If-None-Match': '*', 'x-amz-tagging': PENDING_TAGGING },
      };
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

    async clearPendingTag(key, otherBucket) {
      // An empty tag set (rather than DeleteObjectTagging) works on S3 and on the local emulator.
      await client.send(
        new PutObjectTaggingCommand({ Bucket: otherBucket ?? bucket, Key: key, Tagging: { TagSet: [] } }),
      );
    },
  };
}
