/** S3 event records emitted by this test file's s3rver, in order (see integration/setup-env.ts). */
export const s3Events: {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number } };
}[] = [];
