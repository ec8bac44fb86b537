import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { presignParts } from '../../files/multipart-service';
import { PresignPartsBody } from '../../files/schemas';
import { requireIntEnv } from '../../lib/config';
import { callerId, httpHandler, ok, parseBody } from '../../lib/http';

const deps = fileApiDepsFromEnv();
const urlTtlSeconds = requireIntEnv('URL_TTL_SECONDS');

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const input = parseBody(event, PresignPartsBody);
  return ok(await presignParts(deps, urlTtlSeconds, userId, event.pathParameters ?? {}, input));
});
