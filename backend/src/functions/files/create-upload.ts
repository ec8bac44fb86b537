import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { createUpload } from '../../files/file-service';
import { CreateUploadBody } from '../../files/schemas';
import { requireIntEnv } from '../../lib/config';
import { callerId, created, httpHandler, parseBody } from '../../lib/http';

const deps = fileApiDepsFromEnv();
const limits = {
  maxUploadBytes: requireIntEnv('MAX_UPLOAD_BYTES'),
  maxFilesPerTodo: requireIntEnv('MAX_FILES_PER_TODO'),
  urlTtlSeconds: requireIntEnv('URL_TTL_SECONDS'),
};

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const input = parseBody(event, CreateUploadBody);
  return created(await createUpload(deps, limits, userId, event.pathParameters?.todoId, input));
});
