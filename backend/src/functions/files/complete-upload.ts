import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { completeUpload } from '../../files/multipart-service';
import { CompleteUploadBody } from '../../files/schemas';
import { callerId, httpHandler, ok, parseBody } from '../../lib/http';

const deps = fileApiDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const input = parseBody(event, CompleteUploadBody);
  return ok(await completeUpload(deps, userId, event.pathParameters ?? {}, input));
});
