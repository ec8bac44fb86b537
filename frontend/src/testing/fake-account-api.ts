import type { AccountDeletion, AccountExport, FileInfo } from '../types';
import { FakeTodosApi, nextTime } from './fake-todos-api';

/** The account routes of the in-memory API stand-in: export in parts, deletion in batches. */
export class FakeAccountApi extends FakeTodosApi {
  /** Export parts of `exportPageSize` todos; deletion batches of `deleteBatchSize` todos. */
  exportPageSize = 100;
  deleteBatchSize = 100;
  async exportAccount(cursor?: string | null): Promise<AccountExport> {
    this.record('exportAccount', [cursor]);
    const start = cursor ? this.todos.findIndex((t) => t.todoId === cursor) + 1 : 0;
    const page = this.todos.slice(start, start + this.exportPageSize);
    const more = start + page.length < this.todos.length;
    const files = (todoId: string) => this.files.filter((f) => f.todoId === todoId);
    const withUrl = (f: FileInfo) => ({
      ...f,
      downloadUrl: f.status === 'available' ? `https://bucket.example/${f.fileId}?signed` : null,
    });
    const todos = page.map((t) => ({ ...t, files: files(t.todoId).map(withUrl) }));
    return { exportedAt: nextTime(), todos, nextCursor: more ? (page.at(-1)?.todoId ?? null) : null };
  }
  async deleteAccount(): Promise<AccountDeletion> {
    this.record('deleteAccount', []);
    const gone = this.todos.splice(0, this.deleteBatchSize).map((t) => t.todoId);
    this.files = this.files.filter((f) => !gone.includes(f.todoId));
    return { done: this.todos.length === 0, todosDeleted: gone.length, objectsDeleted: 0 };
  }
}
