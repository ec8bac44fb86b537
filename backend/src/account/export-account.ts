import type { FileStore } from '../files/file-store';
import { type FileInfo, type FileRecord, toFileInfo } from '../files/model';
import type { Todo } from '../todos/model';
import type { TodoStore } from '../todos/todo-store';
import type { Budget } from './account-ports';

export interface ExportDeps {
  todos: Pick<TodoStore, 'list'>;
  files: Pick<FileStore, 'listForTodo'>;
  /** A short-lived download URL for an available file's bytes. */
  downloadUrl(file: FileRecord): Promise<string>;
}

export interface ExportedFile extends FileInfo {
  downloadUrl: string | null;
}
export type ExportedTodo = Todo & { files: ExportedFile[] };

export interface AccountExport {
  exportedAt: string;
  todos: ExportedTodo[];
  /** Null when this is everything; otherwise ask again with `?cursor=` for the rest. */
  nextCursor: string | null;
}

const PAGE = 50;
// Lambda answers at most 6 MB; a page stops well before that, or when time runs short.
const MAX_BYTES = 4 * 1024 * 1024;
const RESERVE_MS = 2000;

/**
 * Every todo of the caller with its files' metadata, newest first, read page by page. Normally
 * one answer holds everything; a very large account is answered in parts (`nextCursor`), so one
 * request never outgrows the response limit or the function's timeout.
 */
export async function exportAccount(
  deps: ExportDeps,
  userId: string,
  budget: Budget,
  cursor?: string,
): Promise<AccountExport> {
  const exportedAt = new Date().toISOString();
  const todos: ExportedTodo[] = [];
  let bytes = 0;
  let after = cursor;
  for (;;) {
    const page = await deps.todos.list(userId, {
      status: 'all',
      sort: 'created',
      words: [],
      limit: PAGE,
      ...(after ? { after: { todoId: after } } : {}),
    });
    for (const todo of page.items) {
      const records = await deps.files.listForTodo(userId, todo.todoId);
      const files = await Promise.all(
        records.map(async (r) => ({
          ...toFileInfo(r),
          downloadUrl: r.status === 'available' ? await deps.downloadUrl(r) : null,
        })),
      );
      const entry = { ...todo, files };
      todos.push(entry);
      bytes += JSON.stringify(entry).length;
      after = todo.todoId;
      const last = todo === page.items.at(-1) && page.next === null;
      if (!last && (bytes > MAX_BYTES || budget.remainingMs() < RESERVE_MS)) {
        return { exportedAt, todos, nextCursor: after };
      }
    }
    if (page.next === null) return { exportedAt, todos, nextCursor: null };
    after = page.next.todoId;
  }
}
