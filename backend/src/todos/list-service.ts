import type { CursorCodec } from './cursor';
import type { TodoPage } from './model';
import type { ListTodosQuery } from './schemas';
import { searchWords } from './search-text';
import type { ListOptions, TodoReader } from './todo-store';

const DEFAULT_PAGE_SIZE = 25;

/**
 * One page of the caller's todos with their exact counts. The cursor is bound to the caller and
 * to the listing (sort and filters), so it cannot be replayed against another listing.
 */
export async function listTodos(
  store: TodoReader,
  cursors: CursorCodec,
  userId: string,
  query: ListTodosQuery,
): Promise<TodoPage> {
  const options: Omit<ListOptions, 'after'> = {
    status: query.status ?? 'all',
    sort: query.sort ?? 'created',
    words: query.q ? searchWords(query.q) : [],
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    ...(query.label ? { label: query.label.toLowerCase() } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.due ? { due: query.due } : {}),
    ...(query.due && query.today ? { today: query.today } : {}),
  };
  const { limit: _, ...listing } = options;
  const scope = JSON.stringify(listing);
  const after = query.cursor ? cursors.decode(userId, query.cursor, scope) : undefined;
  const [page, counts] = await Promise.all([
    store.list(userId, { ...options, ...(after ? { after } : {}) }),
    store.counts(userId),
  ]);
  return {
    items: page.items,
    nextCursor: page.next ? cursors.encode(userId, page.next, scope) : null,
    counts,
  };
}
