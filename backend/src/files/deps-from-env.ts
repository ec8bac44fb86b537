import { documentClient } from '../clients/dynamodb';
import { s3Client } from '../clients/s3';
import { requireEnv } from '../lib/config';
import { createDynamoFileStore } from './dynamodb-file-store';
import { createS3ObjectStorage } from './s3-object-storage';

/** File records and bucket, wired from the function's environment. */
export function fileDepsFromEnv() {
  return {
    files: createDynamoFileStore(documentClient, requireEnv('FILES_TABLE')),
    objects: createS3ObjectStorage(s3Client, requireEnv('ATTACHMENTS_BUCKET')),
  };
}
