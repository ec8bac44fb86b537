import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { deleteFile } from '../../files/file-service';
import { callerId, httpHandler, noContent } from '../../lib/http';

const deps = fileApiDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const { todoId, fileId } = event.pathParameters ?? {};
  await deleteFile(deps, userId, todoId, fileId);
  return noContent();
});
