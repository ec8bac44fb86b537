import { callerId, httpHandler, ok, parseBody } from '../../lib/http';
import { reminderSchedulerFromEnv } from '../../reminders/reminder-scheduler-from-env';
import { UpdateTodoBody } from '../../todos/schemas';
import { updateTodo } from '../../todos/todo-service';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();
const reminders = reminderSchedulerFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const changes = parseBody(event, UpdateTodoBody);
  return ok(await updateTodo(store, userId, event.pathParameters?.todoId, changes, reminders));
});
