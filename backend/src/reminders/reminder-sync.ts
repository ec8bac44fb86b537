import type { Todo } from '../todos/model';
import type { ReminderScheduler } from './reminder-scheduler';

/** A todo wants a reminder while it is open and its `remindAt` is still ahead. */
export function wantsReminder(todo: Todo, now = Date.now()): todo is Todo & { remindAt: string } {
  return todo.remindAt !== null && !todo.completed && Date.parse(todo.remindAt) > now;
}

/** Make the todo's schedule match the todo: there when it wants a reminder, gone otherwise. */
export async function syncReminder(scheduler: ReminderScheduler, userId: string, todo: Todo): Promise<void> {
  if (wantsReminder(todo)) {
    await scheduler.schedule({ userId, todoId: todo.todoId, remindAt: todo.remindAt });
  } else {
    await scheduler.cancel(todo.todoId);
  }
}
