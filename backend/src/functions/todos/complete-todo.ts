import { callerId, httpHandler, ok, parseQuery } from '../../lib/http';
import { reminderSchedulerFromEnv } from '../../reminders/reminder-scheduler-from-env';
import { TodayQuery } from '../../todos/schemas';
import { completeTodo } from '../../todos/todo-service';
import { todoLimitsFromEnv, todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();
const limits = todoLimitsFromEnv();
const reminders = reminderSchedulerFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const { today } = parseQuery(event, TodayQuery);
  return ok(await completeTodo(store, limits, userId, event.pathParameters?.todoId, today, reminders));
});
