import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { type ReminderEvent, type ReminderScheduler, scheduleNameFor } from './reminder-scheduler';

export interface SchedulerTarget {
  /** The stack's schedule group: the API functions may only touch schedules in it. */
  groupName: string;
  /** The sendReminder function's ARN. */
  targetArn: string;
  /** The role Scheduler assumes to invoke it (the only role the API functions may pass). */
  roleArn: string;
}

const named = (error: unknown, name: string): boolean => (error as Error | null)?.name === name;

/**
 * `at()` takes a UTC wall-clock time to the second; rounding up never fires before `remindAt`. A
 * time already past (the request was slower than the reminder's lead) becomes the next second.
 */
export function atExpression(remindAt: string, now = Date.now()): string {
  const seconds = Math.max(Math.ceil(Date.parse(remindAt) / 1000), Math.ceil(now / 1000) + 1);
  return `at(${new Date(seconds * 1000).toISOString().slice(0, 19)})`;
}

/**
 * Reminders as EventBridge Scheduler one-time schedules: one per todo, deleted by Scheduler once it
 * has run. The schedule carries the event sendReminder gets; sendReminder re-reads the todo, so a
 * schedule that outlives its todo's reminder (a race, a failed cancel) sends nothing.
 */
export function createEventBridgeReminderScheduler(
  client: SchedulerClient,
  target: SchedulerTarget,
): ReminderScheduler {
  const scheduleInput = (reminder: ReminderEvent): CreateScheduleCommandInput => ({
    Name: scheduleNameFor(reminder.todoId),
    GroupName: target.groupName,
    ScheduleExpression: atExpression(reminder.remindAt),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: target.targetArn,
      RoleArn: target.roleArn,
      Input: JSON.stringify(reminder),
      // A reminder hours late is worse than none.
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
    },
  });

  return {
    async schedule(reminder) {
      const input = scheduleInput(reminder);
      try {
        await client.send(new CreateScheduleCommand(input));
        return;
      } catch (error) {
        if (!named(error, 'ConflictException')) throw error;
      }
      // It exists: move it. If it ran (and was deleted) in between, create it once more.
      try {
        await client.send(new UpdateScheduleCommand(input));
      } catch (error) {
        if (!named(error, 'ResourceNotFoundException')) throw error;
        await client.send(new CreateScheduleCommand(input));
      }
    },

    async cancel(todoId) {
      try {
        await client.send(
          new DeleteScheduleCommand({ Name: scheduleNameFor(todoId), GroupName: target.groupName }),
        );
      } catch (error) {
        if (!named(error, 'ResourceNotFoundException')) throw error;
      }
    },
  };
}
