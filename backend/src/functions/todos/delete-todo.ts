import { callerId, httpHandler, noContent } from '../../lib/http';
import { deleteTodo } from '../../todos/todo-service';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  await deleteTodo(store, userId, event.pathParameters?.todoId);
  return noContent();
});
