import { callerId, httpHandler, ok, parseQuery } from '../../lib/http';
import { ClearTodosQuery } from '../../todos/schemas';
import { clearCompleted } from '../../todos/todo-service';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  parseQuery(event, ClearTodosQuery);
  return ok(await clearCompleted(store, userId));
});
