import { cognitoClient } from '../clients/cognito';
import { documentClient } from '../clients/dynamodb';
import { s3Client } from '../clients/s3';
import { fileEventDepsFromEnv } from '../files/deps-from-env';
import { createDynamoFileStore } from '../files/dynamodb-file-store';
import { createS3ObjectStorage } from '../files/s3-object-storage';
import { requireEnv, requireIntEnv } from '../lib/config';
import { createDynamoTodoStore } from '../todos/dynamodb-todo-store';
import { createCognitoUserDirectory } from './cognito-user-directory';
import type { DeleteAccountDeps } from './delete-account';
import { createDynamoUserBookkeeping } from './dynamodb-user-bookkeeping';
import type { ExportDeps } from './export-account';
import { createS3UserObjects } from './s3-user-objects';

/** The account routes read and delete across both tables, the bucket and the user pool. */
export function exportDepsFromEnv(): ExportDeps {
  const objects = createS3ObjectStorage(s3Client, requireEnv('ATTACHMENTS_BUCKET'));
  const ttl = requireIntEnv('URL_TTL_SECONDS');
  return {
    todos: createDynamoTodoStore(documentClient, requireEnv('TODOS_TABLE')),
    files: createDynamoFileStore(documentClient, requireEnv('FILES_TABLE')),
    downloadUrl: (file) => objects.presignDownload(file.objectKey, file.fileName, file.contentType, ttl),
  };
}

export function deleteDepsFromEnv(): DeleteAccountDeps {
  const todosTable = requireEnv('TODOS_TABLE');
  return {
    // As the todoDeleted stream consumer removes a deleted todo's files.
    ...fileEventDepsFromEnv(),
    todos: createDynamoTodoStore(documentClient, todosTable),
    userObjects: createS3UserObjects(s3Client, requireEnv('ATTACHMENTS_BUCKET')),
    bookkeeping: createDynamoUserBookkeeping(documentClient, todosTable, requireEnv('FILES_TABLE')),
    users: createCognitoUserDirectory(cognitoClient, requireEnv('USER_POOL_ID')),
  };
}
