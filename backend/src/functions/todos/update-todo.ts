import { callerId, httpHandler, ok, parseBody, parseQuery } from '../../lib/http';
import { reminderSchedulerFromEnv } from '../../reminders/reminder-scheduler-from-env';
import { TodayQuery, UpdateTodoBody } from '../../todos/schemas';
import { updateTodo } from '../../todos/todo-service';
import { todoLimitsFromEnv, todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();
const limits = todoLimitsFromEnv();
const reminders = reminderSchedulerFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const { today } = parseQuery(event, TodayQuery);
  const changes = parseBody(event, UpdateTodoBody);
  return ok(await updateTodo(store, limits, userId, event.pathParameters?.todoId, changes, today, reminders));
});
