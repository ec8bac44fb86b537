import { documentClient } from '../clients/dynamodb';
import { s3Client } from '../clients/s3';
import { requireEnv } from '../lib/config';
import { createDynamoFileStore, createDynamoTodoOwnership } from './dynamodb-file-store';
import { createS3ObjectStorage } from './s3-object-storage';

/** File records and bucket, for the event consumers (which act on records, not on todos). */
export function fileEventDepsFromEnv() {
  return {
    files: createDynamoFileStore(documentClient, requireEnv('FILES_TABLE')),
    objects: createS3ObjectStorage(s3Client, requireEnv('ATTACHMENTS_BUCKET')),
  };
}

/** File records, bucket and todo ownership, for the API routes that read or change a file. */
export function fileApiDepsFromEnv() {
  const todosTable = requireEnv('TODOS_TABLE');
  return {
    files: createDynamoFileStore(documentClient, requireEnv('FILES_TABLE'), todosTable),
    objects: createS3ObjectStorage(s3Client, requireEnv('ATTACHMENTS_BUCKET')),
    todos: createDynamoTodoOwnership(documentClient, todosTable),
  };
}
