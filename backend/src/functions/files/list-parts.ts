import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { listUploadedParts } from '../../files/multipart-service';
import { callerId, httpHandler, ok } from '../../lib/http';

const deps = fileApiDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  return ok(await listUploadedParts(deps, userId, event.pathParameters ?? {}));
});
