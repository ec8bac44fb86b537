import { callerId, httpHandler, ok } from '../../lib/http';
import { completeTodo } from '../../todos/todo-service';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  return ok(await completeTodo(store, userId, event.pathParameters?.todoId));
});
