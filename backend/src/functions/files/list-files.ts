import { documentClient } from '../../clients/dynamodb';
import { s3Client } from '../../clients/s3';
import { createDynamoFileStore, createDynamoTodoOwnership } from '../../files/dynamodb-file-store';
import { listFiles } from '../../files/file-service';
import { createS3ThumbnailUrls } from '../../files/s3-thumbnail-objects';
import { requireEnv, requireIntEnv } from '../../lib/config';
import { callerId, httpHandler, ok } from '../../lib/http';

// S3 only to sign thumbnail URLs (no request leaves the function for that).
const deps = {
  files: createDynamoFileStore(documentClient, requireEnv('FILES_TABLE')),
  todos: createDynamoTodoOwnership(documentClient, requireEnv('TODOS_TABLE')),
  thumbnails: createS3ThumbnailUrls(
    s3Client,
    requireEnv('ATTACHMENTS_BUCKET'),
    requireIntEnv('URL_TTL_SECONDS'),
  ),
};

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  return ok(await listFiles(deps, userId, event.pathParameters?.todoId));
});
