import type { S3Event } from 'aws-lambda';
import { fileEventDepsFromEnv } from '../../files/deps-from-env';
import { onObjectCreated } from '../../files/file-events';
import { logger, setLogContext } from '../../lib/logger';

const deps = fileEventDepsFromEnv();

/** S3 object keys arrive URL-encoded, with spaces as '+'. */
const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export async function handler(event: S3Event, context?: { awsRequestId?: string }): Promise<void> {
  setLogContext({ awsRequestId: context?.awsRequestId });
  let failures = 0;
  for (const record of event.Records ?? []) {
    if (!record.eventName?.startsWith('ObjectCreated:')) continue;
    try {
      await onObjectCreated(deps, {
        bucket: record.s3.bucket.name,
        key: decodeKey(record.s3.object.key),
        size: record.s3.object.size ?? 0,
      });
    } catch (error) {
      failures += 1;
      logger.error('object-created handling failed', { key: record.s3.object.key, error });
    }
  }
  // S3 invokes asynchronously: throwing makes Lambda retry; every step above is idempotent.
  if (failures > 0) throw new Error(`${failures} object-created record(s) failed`);
}
