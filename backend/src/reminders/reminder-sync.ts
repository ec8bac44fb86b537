import type { Todo } from '../todos/model';
import type { ReminderScheduler } from './reminder-scheduler';

/** A todo wants a reminder while it is open and its `remindAt` is still ahead. */
export function wantsReminder(todo: Todo, now = Date.now()): todo is Todo & { remindAt: string } {
  return todo.remindAt !== null && !todo.completed && Date.parse(todo.remindAt) > now;
}

/**
 * Make the todo's schedule match the todo: there when it wants a reminder, gone otherwise.
 * `justSet`: this request set `remindAt` (validated as future when it was parsed); a slow request
 * may reach this point after that time, and the reminder is then sent at once rather than lost.
 */
export async function syncReminder(
  scheduler: ReminderScheduler,
  userId: string,
  todo: Todo,
  { justSet = false } = {},
): Promise<void> {
  const dueNow = justSet && todo.remindAt !== null && !todo.completed;
  if (wantsReminder(todo) || dueNow) {
    await scheduler.schedule({ userId, todoId: todo.todoId, remindAt: todo.remindAt! });
  } else {
    await scheduler.cancel(todo.todoId);
  }
}
