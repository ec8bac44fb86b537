import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MultipartStorage, StoredPart } from './file-store';
import { PENDING_TAGGING } from './s3-object-storage';

const isNoSuchUpload = (error: unknown) => (error as Error | null)?.name === 'NoSuchUpload';

export function createS3MultipartStorage(client: S3Client, bucket: string): MultipartStorage {
  return {
    async create(key, contentType) {
      const { UploadId } = await client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          Tagging: PENDING_TAGGING,
        }),
      );
      if (!UploadId) throw new Error('CreateMultipartUpload returned no upload id');
      return UploadId;
    },

    presignPart(key, uploadId, partNumber, length, expiresIn) {
      return getSignedUrl(
        client,
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          ContentLength: length,
        }),
        // A part of any other length is refused by S3: the total cannot grow past what was approved.
        { expiresIn, signableHeaders: new Set(['content-length']) },
      );
    },

    async listParts(key, uploadId) {
      const parts: StoredPart[] = [];
      let marker: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
          );
          for (const part of page.Parts ?? []) {
            parts.push({ partNumber: part.PartNumber ?? 0, size: part.Size ?? 0, etag: part.ETag ?? '' });
          }
          marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
        } while (marker);
      } catch (error) {
        if (isNoSuchUpload(error)) return undefined;
        throw error;
      }
      return parts;
    },

    async complete(key, uploadId, parts) {
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
    },

    async abort(key, uploadId) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      } catch (error) {
        if (!isNoSuchUpload(error)) throw error;
      }
    },
  };
}
