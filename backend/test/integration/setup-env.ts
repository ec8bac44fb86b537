import type { S3EventRecord } from 'aws-lambda';
import { afterAll, inject } from 'vitest';
import { S3RVER_CREDENTIALS, startS3 } from '../../../local/emulators/s3rver';
import { freePort } from '../../../local/ports';
import { ScheduleStore } from '../../../local/scheduler/schedule-store';
import { startSchedulerServer } from '../../../local/scheduler/scheduler-server';
import { s3Events } from '../support/s3-events';

/**
 * Per test file: point the SDK at the shared DynamoDB Local and at a fresh s3rver in this
 * process (so the file can observe its S3 events), then give handlers their environment.
 * Runs before the test file imports any handler, which read configuration at load.
 */
const tables = inject('tables');
const s3 = await startS3({
  port: await freePort(),
  directory: `${process.cwd()}/.local/test-s3-${process.pid}`,
});
// s3rver shapes its notifications like S3's (eventVersion, s3.bucket, s3.object.size, ...).
s3.server.on('event', (event) => s3Events.push(...(event.Records as unknown as S3EventRecord[])));

export const ATTACHMENTS_BUCKET = 'todo-it-attachments';

// The local EventBridge Scheduler, holding this file's reminder schedules (nothing fires them here).
export const REMINDERS = {
  group: 'todo-it-reminders',
  targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:todo-it-SendReminderFunction',
  roleArn: 'arn:aws:iam::000000000000:role/todo-it-scheduler',
};
const scheduler = await startSchedulerServer({
  store: new ScheduleStore(),
  port: 0,
  host: '127.0.0.1',
  publicHost: '127.0.0.1',
  region: 'us-east-1',
  accountId: '000000000000',
  rules: {
    groups: new Set([REMINDERS.group]),
    roles: new Map([[REMINDERS.roleArn, new Set([REMINDERS.targetArn])]]),
  },
});

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
  AWS_ENDPOINT_URL_S3: s3.endpoint,
  AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
  REMINDER_SCHEDULE_GROUP: REMINDERS.group,
  REMINDER_TARGET_ARN: REMINDERS.targetArn,
  REMINDER_ROLE_ARN: REMINDERS.roleArn,
  TODOS_TABLE: tables.TodosTable,
  FILES_TABLE: tables.FilesTable,
  ATTACHMENTS_BUCKET,
  MAX_UPLOAD_BYTES: String(1024 * 1024),
  MAX_FILES_PER_TODO: '20',
  MAX_TODOS_PER_USER: process.env.MAX_TODOS_PER_USER ?? '10000',
  STORAGE_QUOTA_BYTES: String(4 * 1024 * 1024),
  MULTIPART_THRESHOLD_BYTES: String(5 * 1024 * 1024),
  URL_TTL_SECONDS: '300',
  CURSOR_SECRET: 'integration-cursor-secret',
  LOG_LEVEL: 'error',
});

const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3');
const admin = new S3Client({
  endpoint: s3.endpoint,
  forcePathStyle: true,
  region: 'us-east-1',
  credentials: S3RVER_CREDENTIALS,
});
await admin.send(new CreateBucketCommand({ Bucket: ATTACHMENTS_BUCKET }));
admin.destroy();

afterAll(async () => {
  await s3.stop();
  await scheduler.stop();
  const { rmSync } = await import('node:fs');
  rmSync(`${process.cwd()}/.local/test-s3-${process.pid}`, { recursive: true, force: true });
});
