import { documentClient } from '../../clients/dynamodb';
import { createDynamoFileStore, createDynamoTodoOwnership } from '../../files/dynamodb-file-store';
import { listFiles } from '../../files/file-service';
import { requireEnv } from '../../lib/config';
import { callerId, httpHandler, ok } from '../../lib/http';

// Listing needs no S3 access, so this function carries no S3 client.
const deps = {
  files: createDynamoFileStore(documentClient, requireEnv('FILES_TABLE')),
  todos: createDynamoTodoOwnership(documentClient, requireEnv('TODOS_TABLE')),
};

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  return ok(await listFiles(deps, userId, event.pathParameters?.todoId));
});
