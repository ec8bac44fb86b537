/** What a reminder schedule delivers to sendReminder when it fires (the schedule's `Input`). */
export interface ReminderEvent {
  userId: string;
  todoId: string;
  /** The todo's `remindAt` when the schedule was made: a later change makes this event stale. */
  remindAt: string;
}

/** Port onto whatever fires reminders at their time (EventBridge Scheduler on AWS). */
export interface ReminderScheduler {
  /** Creates the todo's one reminder, or moves it if it exists. */
  schedule(reminder: ReminderEvent): Promise<void>;
  /** Cancels the todo's reminder; nothing happens when there is none. */
  cancel(todoId: string): Promise<void>;
}

/** One schedule per todo, named after it (todo ids are ULIDs: globally unique, 26 characters). */
export const scheduleNameFor = (todoId: string): string => `todo-${todoId}`;
