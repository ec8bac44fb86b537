import { callerId, httpHandler, ok } from '../../lib/http';
import { getTodo } from '../../todos/todo-service';
import { todoReaderFromEnv } from '../../todos/todo-store-from-env';

const store = todoReaderFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  return ok(await getTodo(store, userId, event.pathParameters?.todoId));
});
