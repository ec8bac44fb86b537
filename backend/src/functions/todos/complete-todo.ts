import { callerId, httpHandler, ok } from '../../lib/http';
import { reminderSchedulerFromEnv } from '../../reminders/reminder-scheduler-from-env';
import { completeTodo } from '../../todos/todo-service';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();
const reminders = reminderSchedulerFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  return ok(await completeTodo(store, userId, event.pathParameters?.todoId, reminders));
});
