import { fileApiDepsFromEnv } from '../../files/deps-from-env';
import { storageUsage } from '../../files/uploads';
import { requireIntEnv } from '../../lib/config';
import { callerId, httpHandler, ok } from '../../lib/http';

const deps = fileApiDepsFromEnv();
const quotaBytes = requireIntEnv('STORAGE_QUOTA_BYTES');

export const handler = httpHandler(async (event) => {
  return ok(await storageUsage(deps, quotaBytes, callerId(event)));
});
