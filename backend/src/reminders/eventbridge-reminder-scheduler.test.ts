import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { atExpression, createEventBridgeReminderScheduler } from './eventbridge-reminder-scheduler';

const client = new SchedulerClient({ region: 'us-east-1' });
const scheduler = mockClient(client);
const target = {
  groupName: 'todo-dev-reminders',
  targetArn: 'arn:aws:lambda:us-east-1:1:function:send',
  roleArn: 'arn:aws:iam::1:role/scheduler',
};
const reminders = createEventBridgeReminderScheduler(client, target);
const reminder = {
  userId: 'u1',
  todoId: '01J0000000000000000000000A',
  remindAt: '2099-01-31T09:00:00+01:00',
};
const meta = { $metadata: {}, message: 'x', Message: 'x' };

describe('EventBridge reminder scheduler', () => {
  beforeEach(() => scheduler.reset());

  it('creates a one-time schedule in the group, deleted after it runs, invoking the target with the reminder', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await reminders.schedule(reminder);
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Name: `todo-${reminder.todoId}`,
      GroupName: target.groupName,
      ScheduleExpression: 'at(2099-01-31T08:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: target.targetArn, RoleArn: target.roleArn },
    });
    expect(JSON.parse(input?.Target?.Input ?? '')).toEqual(reminder);
  });

  it('moves an existing schedule when creating it conflicts', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException(meta));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await reminders.schedule(reminder);
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input.ScheduleExpression).toBe(
      'at(2099-01-31T08:00:00)',
    );
  });

  it('creates it again when it ran and vanished between the conflict and the update', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(new ConflictException(meta))
      .resolves({ ScheduleArn: 'arn' });
    scheduler.on(UpdateScheduleCommand).rejects(new ResourceNotFoundException(meta));
    await reminders.schedule(reminder);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(2);
  });

  it('passes any other failure on (throttling becomes a 503 upstream)', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ThrottlingException(meta));
    await expect(reminders.schedule(reminder)).rejects.toBeInstanceOf(ThrottlingException);
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('cancels by deleting the schedule from the group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    await reminders.cancel(reminder.todoId);
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toEqual({
      Name: `todo-${reminder.todoId}`,
      GroupName: target.groupName,
    });
  });

  it('treats cancelling a schedule that does not exist (already ran, never made) as done', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException(meta));
    await expect(reminders.cancel(reminder.todoId)).resolves.toBeUndefined();
  });

  it('fails a cancel that did not happen for another reason', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ThrottlingException(meta));
    await expect(reminders.cancel(reminder.todoId)).rejects.toBeInstanceOf(ThrottlingException);
  });

  it('rounds a time between seconds up, so a reminder never fires before its time', () => {
    expect(atExpression('2099-01-31T09:00:00.001Z')).toBe('at(2099-01-31T09:00:01)');
    expect(atExpression('2099-01-31T09:00:00Z')).toBe('at(2099-01-31T09:00:00)');
  });

  it('schedules a time that passed while the request ran for the next second, so it still goes out', () => {
    const now = Date.parse('2030-05-01T10:00:00.400Z');
    expect(atExpression('2030-05-01T09:59:59Z', now)).toBe('at(2030-05-01T10:00:02)');
  });
});
