import { S3Client } from '@aws-sdk/client-s3';

/**
 * One S3 client per execution environment. Path-style URLs work on AWS and on local emulators
 * alike (no wildcard DNS needed). Checksums only when required: a default CRC32 of an empty body
 * would otherwise be signed into presigned PUT URLs and break browser uploads.
 */
export const s3Client = new S3Client({
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
