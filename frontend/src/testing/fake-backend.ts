/**
 * In-memory stand-ins for the API and Cognito, for unit tests. The fake API follows the contract
 * in docs/api.md (newest first, status and case-insensitive search, cursors, 404s, size limit), so
 * tests exercise the app's real state, routing and rendering against believable answers.
 */
import type { ApiPort, ListQuery, UploadOptions } from '../api';
import { ApiError, NetworkError, SessionExpiredError, UploadCancelledError } from '../errors';
import type {
  AccountDeletion,
  AccountExport,
  FileInfo,
  FileWithDownload,
  NewTodo,
  SingleUpload,
  Todo,
  TodoChanges,
  TodoPage,
  UploadTicket,
} from '../types';

let clock = Date.UTC(2025, 0, 1);
const nextTime = () => {
  clock += 1000;
  return new Date(clock).toISOString();
};

export function makeTodo(n: number, overrides: Partial<Todo> = {}): Todo {
  const time = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  return {
    todoId: `T${String(n).padStart(6, '0')}`,
    title: `Todo ${n}`,
    description: '',
    notes: '',
    dueDate: null,
    completed: false,
    completedAt: null,
    createdAt: time,
    updatedAt: time,
    priority: 'none',
    labels: [],
    checklist: [],
    repeat: null,
    position: `T${String(n).padStart(6, '0')}`,
    remindAt: null,
    nextTodoId: null,
    ...overrides,
  };
}

/** A pending upload the test finishes, fails or watches being cancelled. */
export interface PendingUpload {
  body: Blob;
  options: UploadOptions;
  progress(loaded: number): void;
  finish(): void;
  fail(error: Error): void;
}

type Failure = { method: string; error: Error; times: number };

export class FakeApi implements ApiPort {
  todos: Todo[] = [];
  files: FileInfo[] = [];
  calls: { method: string; args: unknown[] }[] = [];
  uploads: PendingUpload[] = [];
  maxUploadBytes = 10 * 1024 * 1024;
  /** How many getFile calls a new upload stays pending for. */
  pendingPolls = 1;
  #seq = 1000;
  #failures: Failure[] = [];
  #polls = new Map<string, number>();
  /** Files whose bytes have arrived (S3 has them; the event has not marked them yet). */
  #arrived = new Set<string>();

  constructor(todos: Todo[] = []) {
    this.todos = [...todos].sort((a, b) => (a.todoId < b.todoId ? 1 : -1));
  }

  /** The next `times` calls of `method` reject with `error`. */
  failNext(method: keyof ApiPort, error: Error, times = 1) {
    this.#failures.push({ method, error, times });
  }

  #record(method: string, args: unknown[]) {
    this.calls.push({ method, args });
    const failure = this.#failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
  }

  callsTo(method: keyof ApiPort) {
    return this.calls.filter((c) => c.method === method);
  }

  #find(todoId: string): Todo {
    const todo = this.todos.find((t) => t.todoId === todoId);
    if (!todo) throw new ApiError(404, 'NOT_FOUND', 'Todo not found.');
    return todo;
  }

  #replace(todo: Todo): Todo {
    this.todos = this.todos.map((t) => (t.todoId === todo.todoId ? todo : t));
    return todo;
  }

  async listTodos(query: ListQuery): Promise<TodoPage> {
    this.#record('listTodos', [query]);
    const q = query.q?.trim().toLowerCase() ?? '';
    const matching = this.todos.filter(
      (t) =>
        (query.status === 'all' || t.completed === (query.status === 'completed')) &&
        (!q || t.title.toLowerCase().includes(q) || t.description.toLowerCase().includes(q)),
    );
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 25;
    const items = matching.slice(start, start + limit);
    const completed = this.todos.filter((t) => t.completed).length;
    return {
      items,
      nextCursor: start + limit < matching.length ? String(start + limit) : null,
      counts: { open: this.todos.length - completed, completed },
    };
  }

  async createTodo(input: NewTodo): Promise<Todo> {
    this.#record('createTodo', [input]);
    if (input.title.length > 200) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'title', message: 'Must be at most 200 characters.' },
      ]);
    }
    const now = nextTime();
    const todo = makeTodo(++this.#seq, {
      title: input.title,
      description: input.description ?? '',
      dueDate: input.dueDate ?? null,
      createdAt: now,
      updatedAt: now,
    });
    this.todos = [todo, ...this.todos];
    return todo;
  }

  async getTodo(todoId: string): Promise<Todo> {
    this.#record('getTodo', [todoId]);
    return this.#find(todoId);
  }

  async updateTodo(todoId: string, changes: TodoChanges): Promise<Todo> {
    this.#record('updateTodo', [todoId, changes]);
    const todo = this.#find(todoId);
    const { checklist, ...fields } = changes;
    const completed = changes.completed ?? todo.completed;
    return this.#replace({
      ...todo,
      ...fields,
      ...(checklist
        ? {
            checklist: checklist.map((item, i) => ({
              itemId: item.itemId ?? `I${i}`,
              text: item.text,
              done: item.done ?? false,
            })),
          }
        : {}),
      completed,
      completedAt: completed ? (todo.completedAt ?? nextTime()) : null,
      updatedAt: nextTime(),
    });
  }

  async completeTodo(todoId: string): Promise<Todo> {
    this.#record('completeTodo', [todoId]);
    const todo = this.#find(todoId);
    return this.#replace({ ...todo, completed: true, completedAt: nextTime(), updatedAt: nextTime() });
  }

  async setNotes(todoId: string, notes: string): Promise<Todo> {
    this.#record('setNotes', [todoId, notes]);
    return this.#replace({ ...this.#find(todoId), notes, updatedAt: nextTime() });
  }

  async deleteTodo(todoId: string): Promise<void> {
    this.#record('deleteTodo', [todoId]);
    this.#find(todoId);
    this.todos = this.todos.filter((t) => t.todoId !== todoId);
    this.files = this.files.filter((f) => f.todoId !== todoId);
  }

  async listFiles(todoId: string): Promise<FileInfo[]> {
    this.#record('listFiles', [todoId]);
    this.#find(todoId);
    return this.files.filter((f) => f.todoId === todoId);
  }

  async createUpload(
    todoId: string,
    file: { name: string; type: string; size: number },
  ): Promise<UploadTicket> {
    this.#record('createUpload', [todoId, file]);
    this.#find(todoId);
    if (file.size > this.maxUploadBytes) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Too large.');
    const info: FileInfo = {
      fileId: `F${++this.#seq}`,
      todoId,
      fileName: file.name,
      contentType: file.type || 'application/octet-stream',
      size: file.size,
      status: 'pending',
      createdAt: nextTime(),
      uploadedAt: null,
      thumbnailUrl: null,
    };
    this.files = [info, ...this.files];
    return {
      file: info,
      upload: {
        url: `https://bucket.example/${info.fileId}`,
        method: 'PUT',
        headers: { 'Content-Type': info.contentType },
        expiresAt: nextTime(),
      },
    };
  }

  async getFile(todoId: string, fileId: string): Promise<FileWithDownload> {
    this.#record('getFile', [todoId, fileId]);
    const file = this.files.find((f) => f.fileId === fileId && f.todoId === todoId);
    if (!file) throw new ApiError(404, 'NOT_FOUND', 'File not found.');
    const polls = (this.#polls.get(fileId) ?? 0) + 1;
    this.#polls.set(fileId, polls);
    if (file.status === 'pending' && this.#arrived.has(fileId) && polls > this.pendingPolls) {
      this.files = this.files.map((f) =>
        f.fileId === fileId ? { ...f, status: 'available', uploadedAt: nextTime() } : f,
      );
      return this.getFile(todoId, fileId);
    }
    const available = file.status === 'available';
    return {
      ...file,
      downloadUrl: available ? `https://bucket.example/${fileId}?signed` : null,
      downloadExpiresAt: available ? nextTime() : null,
    };
  }

  async deleteFile(todoId: string, fileId: string): Promise<void> {
    this.#record('deleteFile', [todoId, fileId]);
    if (!this.files.some((f) => f.fileId === fileId && f.todoId === todoId)) {
      throw new ApiError(404, 'NOT_FOUND', 'File not found.');
    }
    this.files = this.files.filter((f) => f.fileId !== fileId);
  }

  /** Export parts of `exportPageSize` todos; deletion batches of `deleteBatchSize` todos. */
  exportPageSize = 100;
  deleteBatchSize = 100;
  async exportAccount(cursor?: string | null): Promise<AccountExport> {
    this.#record('exportAccount', [cursor]);
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
    this.#record('deleteAccount', []);
    const gone = this.todos.splice(0, this.deleteBatchSize).map((t) => t.todoId);
    this.files = this.files.filter((f) => !gone.includes(f.todoId));
    return { done: this.todos.length === 0, todosDeleted: gone.length, objectsDeleted: 0 };
  }

  uploadBytes(upload: SingleUpload, body: Blob, options: UploadOptions = {}): Promise<void> {
    this.calls.push({ method: 'uploadBytes', args: [upload, body] });
    const fileId = upload.url.split('/').pop() ?? '';
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new UploadCancelledError()), { once: true });
      this.uploads.push({
        body,
        options,
        progress: (loaded) => options.onProgress?.({ loaded, total: body.size }),
        finish: () => {
          // The bytes arrived; the S3 event marks the file available a little later.
          this.#arrived.add(fileId);
          resolve();
        },
        fail: reject,
      });
    });
  }
}

export { ApiError, NetworkError, SessionExpiredError };
