import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { CreateUploadBody } from '../../files/schemas';
import { createUpload } from '../../files/uploads';
import { requireIntEnv } from '../../lib/config';
import { callerId, created, httpHandler, parseBody } from '../../lib/http';

const deps = fileApiDepsFromEnv();
const limits = {
  maxUploadBytes: requireIntEnv('MAX_UPLOAD_BYTES'),
  maxFilesPerTodo: requireIntEnv('MAX_FILES_PER_TODO'),
  storageQuotaBytes: requireIntEnv('STORAGE_QUOTA_BYTES'),
  multipartThresholdBytes: requireIntEnv('MULTIPART_THRESHOLD_BYTES'),
  urlTtlSeconds: requireIntEnv('URL_TTL_SECONDS'),
};

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const input = parseBody(event, CreateUploadBody);
  return created(await createUpload(deps, limits, userId, event.pathParameters?.todoId, input));
});
