import { logger } from '../lib/logger';
import type { TodoStore } from '../todos/todo-store';
import { type Email, reminderEmail } from './reminder-email';
import type { ReminderEvent } from './reminder-scheduler';

/** Port: where a user's email address comes from (the user pool). */
export interface OwnerDirectory {
  /** The user's address, or undefined when the user no longer exists. */
  emailOf(userId: string): Promise<string | undefined>;
}

/** Port: sends one email from the stack's sender address. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

export interface SendReminderDeps {
  todos: Pick<TodoStore, 'get'>;
  owners: OwnerDirectory;
  mailer: Mailer;
  appUrl: string;
}

export type ReminderOutcome = 'sent' | 'todo-gone' | 'completed' | 'stale' | 'owner-gone';

/**
 * A reminder schedule fired. The todo is read again first: a schedule can outlive what it was made
 * for (deleted or completed todo, moved or cleared reminder, a cancel that failed), and then
 * nothing is sent. Throws on failures worth retrying (Scheduler/Lambda retry the event).
 */
export async function sendReminder(deps: SendReminderDeps, event: ReminderEvent): Promise<ReminderOutcome> {
  const todo = await deps.todos.get(event.userId, event.todoId);
  const skip = (outcome: ReminderOutcome) => {
    logger.info('reminder skipped', { todoId: event.todoId, outcome });
    return outcome;
  };
  if (!todo) return skip('todo-gone');
  if (todo.completed) return skip('completed');
  if (todo.remindAt !== event.remindAt) return skip('stale');
  const to = await deps.owners.emailOf(event.userId);
  if (!to) return skip('owner-gone');
  await deps.mailer.send(reminderEmail(to, todo, deps.appUrl));
  logger.info('reminder sent', { todoId: event.todoId });
  return 'sent';
}
