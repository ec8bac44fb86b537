import { documentClient } from '../clients/dynamodb';
import { s3Client } from '../clients/s3';
import { requireEnv } from '../lib/config';
import { createDynamoFileLedger } from './dynamodb-file-ledger';
import { createDynamoFileStore, createDynamoTodoOwnership } from './dynamodb-file-store';
import { createS3MultipartStorage } from './s3-multipart-storage';
import { createS3ObjectStorage } from './s3-object-storage';

/** File records, counters and bucket, for the event consumers (which act on records, not on todos). */
export function fileEventDepsFromEnv() {
  const filesTable = requireEnv('FILES_TABLE');
  const bucket = requireEnv('ATTACHMENTS_BUCKET');
  return {
    files: createDynamoFileStore(documentClient, filesTable),
    ledger: createDynamoFileLedger(documentClient, filesTable),
    objects: createS3ObjectStorage(s3Client, bucket),
    multipart: createS3MultipartStorage(s3Client, bucket),
  };
}

/** File records, counters, bucket and todo ownership, for the API routes that read or change a file. */
export function fileApiDepsFromEnv() {
  const todosTable = requireEnv('TODOS_TABLE');
  const filesTable = requireEnv('FILES_TABLE');
  const bucket = requireEnv('ATTACHMENTS_BUCKET');
  return {
    files: createDynamoFileStore(documentClient, filesTable),
    ledger: createDynamoFileLedger(documentClient, filesTable, todosTable),
    objects: createS3ObjectStorage(s3Client, bucket),
    multipart: createS3MultipartStorage(s3Client, bucket),
    todos: createDynamoTodoOwnership(documentClient, todosTable),
  };
}
