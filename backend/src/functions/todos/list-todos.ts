import { callerId, httpHandler, ok, parseQuery } from '../../lib/http';
import { cursorCodecFromEnv } from '../../todos/cursor-codec-from-env';
import { listTodos } from '../../todos/list-service';
import { ListTodosQuery } from '../../todos/schemas';
import { todoReaderFromEnv } from '../../todos/todo-store-from-env';

const store = todoReaderFromEnv();
const cursors = cursorCodecFromEnv();

export const handler = httpHandler(async (event) => {
  const userId = callerId(event);
  const query = parseQuery(event, ListTodosQuery);
  return ok(await listTodos(store, await cursors(), userId, query));
});
