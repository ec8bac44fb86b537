import type { S3EventRecord } from 'aws-lambda';

/** S3 event records emitted by this test file's s3rver, in order (see integration/setup-env.ts). */
export const s3Events: S3EventRecord[] = [];
