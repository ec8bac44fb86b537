import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { getFile } from '../../files/file-service';
import { requireIntEnv } from '../../lib/config';
import { callerId, httpHandler, ok } from '../../lib/http';

const deps = fileApiDepsFromEnv();
const urlTtlSeconds = requireIntEnv('URL_TTL_SECONDS');

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const { todoId, fileId } = event.pathParameters ?? {};
  return ok(await getFile(deps, urlTtlSeconds, userId, todoId, fileId));
});
