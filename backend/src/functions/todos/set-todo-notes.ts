import { callerId, httpHandler, ok, parseBody } from '../../lib/http';
import { SetNotesBody } from '../../todos/schemas';
import { setTodoNotes } from '../../todos/todo-service';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const { notes } = parseBody(event, SetNotesBody);
  return ok(await setTodoNotes(store, userId, event.pathParameters?.todoId, notes));
});
