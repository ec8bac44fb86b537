import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as todoDeleted } from '../../src/functions/todos/todo-deleted';
import { asUser, createTodoFor } from '../support/api';
import { expectError } from '../support/assertions';
import { openTodosStream } from '../support/emulators';

/**
 * remindAt through the handlers, with DynamoDB Local and the local EventBridge Scheduler (which
 * checks group, role and target as the template declares them): every change to a todo's reminder
 * leaves exactly the schedule it should.
 */
const scheduler = new SchedulerClient({});
const GROUP = process.env.REMINDER_SCHEDULE_GROUP!;
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function scheduleOf(todoId: string) {
  try {
    return await scheduler.send(new GetScheduleCommand({ Name: `todo-${todoId}`, GroupName: GROUP }));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

const atOf = (iso: string) =>
  `at(${new Date(Math.ceil(Date.parse(iso) / 1000) * 1000).toISOString().slice(0, 19)})`;

let stream: Awaited<ReturnType<typeof openTodosStream>>;
beforeAll(async () => {
  stream = await openTodosStream();
});

describe('reminders', () => {
  it('stores remindAt and schedules the reminder for that time, carrying who and what to remind', async () => {
    const user = asUser();
    const remindAt = inMinutes(5);
    const todo = await createTodoFor(user, { title: 'Call the bank', remindAt });
    const schedule = await scheduleOf(todo.todoId);
    expect(todo.remindAt).toBe(remindAt);
    expect((await user.getTodo(todo.todoId)).body.remindAt).toBe(remindAt);
    expect(schedule?.ScheduleExpression).toBe(atOf(remindAt));
    expect(schedule?.ActionAfterCompletion).toBe('DELETE');
    expect(JSON.parse(schedule?.Target?.Input ?? '{}')).toEqual({
      userId: user.userId,
      todoId: todo.todoId,
      remindAt,
    });
  });

  it('creates no schedule for a todo without remindAt, and answers remindAt null', async () => {
    const todo = await createTodoFor(asUser(), { title: 'No reminder' });
    expect(todo.remindAt).toBeNull();
    expect(await scheduleOf(todo.todoId)).toBeUndefined();
  });

  it.each([
    ['in the past', '2020-01-01T09:00:00Z'],
    ['without an offset', '2099-01-01T09:00:00'],
    ['not a date', 'soon'],
    ['not a string', 42],
  ])('refuses a remindAt %s with a 400 naming the field', async (_why, remindAt) => {
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Valid' });
    const created = await user.createTodo({ title: 'x', remindAt });
    const updated = await user.updateTodo(todo.todoId, { remindAt });
    for (const result of [created, updated]) {
      expectError(result, 400, 'VALIDATION_ERROR');
      expect(result.body.error.details.map((d: { path: string }) => d.path)).toEqual(['remindAt']);
    }
  });

  it('moves the schedule when remindAt changes, and cancels it when remindAt is cleared', async () => {
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Dentist', remindAt: inMinutes(5) });
    const later = inMinutes(90);
    const moved = await user.updateTodo(todo.todoId, { remindAt: later });
    const movedSchedule = await scheduleOf(todo.todoId);
    const cleared = await user.updateTodo(todo.todoId, { remindAt: null });
    expect(moved.body.remindAt).toBe(later);
    expect(movedSchedule?.ScheduleExpression).toBe(atOf(later));
    expect(JSON.parse(movedSchedule?.Target?.Input ?? '{}').remindAt).toBe(later);
    expect(cleared.body.remindAt).toBeNull();
    expect(await scheduleOf(todo.todoId)).toBeUndefined();
  });

  it('schedules a reminder added later by PATCH', async () => {
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Later' });
    const remindAt = inMinutes(10);
    await user.updateTodo(todo.todoId, { remindAt });
    expect((await scheduleOf(todo.todoId))?.ScheduleExpression).toBe(atOf(remindAt));
  });

  it('cancels on completion (either route), and schedules again when a todo with a future reminder is reopened', async () => {
    const user = asUser();
    const a = await createTodoFor(user, { title: 'A', remindAt: inMinutes(5) });
    const b = await createTodoFor(user, { title: 'B', remindAt: inMinutes(5) });
    await user.completeTodo(a.todoId);
    await user.updateTodo(b.todoId, { completed: true });
    const afterCompletion = [await scheduleOf(a.todoId), await scheduleOf(b.todoId)];
    await user.updateTodo(a.todoId, { completed: false });
    expect(afterCompletion).toEqual([undefined, undefined]);
    expect((await scheduleOf(a.todoId))?.ScheduleExpression).toBe(atOf(a.remindAt!));
  });

  it('PATCH {remindAt, completed:true} on a repeating todo hands the new reminder to the next occurrence', async () => {
    const user = asUser();
    const today = new Date().toISOString().slice(0, 10);
    const todo = await createTodoFor(user, {
      title: 'Stretch',
      dueDate: today,
      repeat: { every: 1, unit: 'day' },
      remindAt: inMinutes(5),
    });
    const remindAt = inMinutes(30);
    const done = await user.request('updateTodo', {
      todoId: todo.todoId,
      body: { remindAt, completed: true },
      query: { today },
    });
    const next = (await user.getTodo(done.body.nextTodoId)).body;
    const nextRemindAt = new Date(Date.parse(remindAt) + 86_400_000).toISOString();
    expect(done.body).toMatchObject({ completed: true, remindAt });
    expect(next.remindAt).toBe(nextRemindAt);
    expect(await scheduleOf(todo.todoId)).toBeUndefined();
    expect((await scheduleOf(next.todoId))?.ScheduleExpression).toBe(atOf(nextRemindAt));
  });

  it('cancels the reminder of a deleted todo when the stream delivers its removal', async () => {
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Deleted', remindAt: inMinutes(5) });
    await stream.drain();
    await user.deleteTodo(todo.todoId);
    const isRemoval = (r: DynamoDBRecord) =>
      r.eventName === 'REMOVE' && r.dynamodb?.Keys?.todoId?.S === todo.todoId;
    const records = (await stream.next(isRemoval)).filter(isRemoval);
    const before = await scheduleOf(todo.todoId);
    const result = await todoDeleted({ Records: records });
    expect(before).toBeDefined();
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await scheduleOf(todo.todoId)).toBeUndefined();
  });
});
