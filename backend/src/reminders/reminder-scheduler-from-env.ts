import { schedulerClient } from '../clients/scheduler';
import { requireEnv } from '../lib/config';
import { createEventBridgeReminderScheduler } from './eventbridge-reminder-scheduler';
import type { ReminderScheduler } from './reminder-scheduler';

/** The scheduler the todo routes use, wired from the function's environment. */
export function reminderSchedulerFromEnv(): ReminderScheduler {
  return createEventBridgeReminderScheduler(schedulerClient, {
    groupName: requireEnv('REMINDER_SCHEDULE_GROUP'),
    targetArn: requireEnv('REMINDER_TARGET_ARN'),
    roleArn: requireEnv('REMINDER_ROLE_ARN'),
  });
}
