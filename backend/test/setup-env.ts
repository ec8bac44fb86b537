// Unit tests import handlers, which read their configuration at module load: give them one.
// Endpoints point nowhere reachable; unit tests mock the SDK clients.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  TODOS_TABLE: 'TodosTable',
  FILES_TABLE: 'FilesTable',
  ATTACHMENTS_BUCKET: 'attachments',
  MAX_UPLOAD_BYTES: String(10 * 1024 * 1024),
  MAX_FILES_PER_TODO: '20',
  MAX_TODOS_PER_USER: process.env.MAX_TODOS_PER_USER ?? '10000',
  STORAGE_QUOTA_BYTES: String(1024 * 1024 * 1024),
  MULTIPART_THRESHOLD_BYTES: String(16 * 1024 * 1024),
  URL_TTL_SECONDS: '300',
  CURSOR_SECRET: 'unit-test-cursor-secret',
  REMINDER_SCHEDULE_GROUP: 'todo-test-reminders',
  REMINDER_TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:todo-test-SendReminderFunction',
  REMINDER_ROLE_ARN: 'arn:aws:iam::000000000000:role/todo-test-scheduler',
  LOG_LEVEL: 'error',
});
