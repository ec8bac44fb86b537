import { requireEnv } from '../../lib/config';
import { callerId, httpHandler, ok, parseQuery } from '../../lib/http';
import { createCursorCodec } from '../../todos/cursor';
import { listTodos } from '../../todos/list-service';
import { ListTodosQuery } from '../../todos/schemas';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const store = todoStoreFromEnv();
const cursors = createCursorCodec(requireEnv('CURSOR_SECRET'));

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const query = parseQuery(event, ListTodosQuery);
  return ok(await listTodos(store, cursors, userId, query));
});
