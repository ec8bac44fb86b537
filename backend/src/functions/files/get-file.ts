import { s3Client } from '../../clients/s3';
import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { getFile } from '../../files/file-service';
import { createS3ThumbnailUrls } from '../../files/s3-thumbnail-objects';
import { requireEnv, requireIntEnv } from '../../lib/config';
import { callerId, httpHandler, ok } from '../../lib/http';

const urlTtlSeconds = requireIntEnv('URL_TTL_SECONDS');
const deps = {
  ...fileApiDepsFromEnv(),
  thumbnails: createS3ThumbnailUrls(s3Client, requireEnv('ATTACHMENTS_BUCKET'), urlTtlSeconds),
};

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const { todoId, fileId } = event.pathParameters ?? {};
  return ok(await getFile(deps, urlTtlSeconds, userId, todoId, fileId));
});
