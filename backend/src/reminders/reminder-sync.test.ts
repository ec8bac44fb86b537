import { describe, expect, it } from 'vitest';
import type { Todo } from '../todos/model';
import type { ReminderEvent } from './reminder-scheduler';
import { syncReminder } from './reminder-sync';

function fakeScheduler() {
  const calls: string[] = [];
  return {
    calls,
    scheduler: {
      schedule: async (r: ReminderEvent) => void calls.push(`schedule ${r.remindAt}`),
      cancel: async (todoId: string) => void calls.push(`cancel ${todoId}`),
    },
  };
}
const todo = (remindAt: string | null, completed = false) =>
  ({ todoId: 'T1', remindAt, completed }) as unknown as Todo;
const past = '2020-01-01T00:00:00Z';
const future = '2099-01-01T00:00:00Z';

describe('syncReminder', () => {
  it('schedules an open todo whose reminder is ahead', async () => {
    const f = fakeScheduler();
    await syncReminder(f.scheduler, 'u1', todo(future));
    expect(f.calls).toEqual([`schedule ${future}`]);
  });

  it('cancels when the todo is completed, has no reminder, or its time has long passed', async () => {
    const f = fakeScheduler();
    await syncReminder(f.scheduler, 'u1', todo(future, true));
    await syncReminder(f.scheduler, 'u1', todo(null));
    await syncReminder(f.scheduler, 'u1', todo(past));
    expect(f.calls).toEqual(['cancel T1', 'cancel T1', 'cancel T1']);
  });

  it('still schedules a reminder this request set when its time passed while the request ran', async () => {
    const f = fakeScheduler();
    await syncReminder(f.scheduler, 'u1', todo(past), { justSet: true });
    await syncReminder(f.scheduler, 'u1', todo(past, true), { justSet: true });
    expect(f.calls).toEqual([`schedule ${past}`, 'cancel T1']);
  });
});
