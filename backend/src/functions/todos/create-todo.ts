import { callerId, created, httpHandler, parseBody } from '../../lib/http';
import { reminderSchedulerFromEnv } from '../../reminders/reminder-scheduler-from-env';
import { CreateTodoBody } from '../../todos/schemas';
import { addTodo } from '../../todos/todo-service';
import { todoLimitsFromEnv, todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();
const limits = todoLimitsFromEnv();
const reminders = reminderSchedulerFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const input = parseBody(event, CreateTodoBody);
  return created(await addTodo(store, limits, userId, input, reminders));
});
