/**
 * In-memory stand-ins for the API and Cognito, for unit tests. The fake API follows the contract
 * in docs/api.md (newest first, status and case-insensitive search, cursors, 404s, size limit), so
 * tests exercise the app's real state, routing and rendering against believable answers.
 */
import type { ApiPort, ListQuery, PartUrl, StoredParts, UploadOptions, Usage } from '../api';
import { ApiError, NetworkError, SessionExpiredError, UploadCancelledError } from '../errors';
import type {
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
  /** The part this PUT carries (multipart), or undefined for a one-shot PUT. */
  partNumber?: number;
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
  /** Declared sizes above this start a multipart upload. */
  multipartThreshold = Number.POSITIVE_INFINITY;
  partSize = 8;
  quotaBytes = 1024 ** 3;
  /** Parts S3 holds, per multipart upload in progress. */
  multipart = new Map<string, Map<number, { size: number; etag: string }>>();
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
    if (this.#used() + file.size > this.quotaBytes) {
      throw new ApiError(413, 'QUOTA_EXCEEDED', 'This file would take you past your storage quota.');
    }
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
    if (file.size > this.multipartThreshold) {
      this.multipart.set(info.fileId, new Map());
      return {
        file: info,
        upload: {
          method: 'MULTIPART',
          partSize: this.partSize,
          partCount: Math.ceil(file.size / this.partSize),
          expiresAt: nextTime(),
        },
      };
    }
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
    this.multipart.delete(fileId);
  }

  #used() {
    return this.files.reduce((sum, f) => sum + f.size, 0);
  }

  async getUsage(): Promise<Usage> {
    this.#record('getUsage', []);
    return { usedBytes: this.#used(), quotaBytes: this.quotaBytes };
  }

  #upload(fileId: string): { info: FileInfo; parts: Map<number, { size: number; etag: string }> } {
    const info = this.files.find((f) => f.fileId === fileId);
    if (!info) throw new ApiError(404, 'NOT_FOUND', 'File not found.');
    const parts = this.multipart.get(fileId);
    if (!parts) throw new ApiError(409, 'CONFLICT', 'Not a multipart upload in progress.');
    return { info, parts };
  }

  async presignParts(todoId: string, fileId: string, partNumbers: number[]): Promise<PartUrl[]> {
    this.#record('presignParts', [todoId, fileId, partNumbers]);
    const { info } = this.#upload(fileId);
    if (partNumbers.length > 100) throw new ApiError(400, 'VALIDATION_ERROR', 'At most 100 parts.');
    const count = Math.ceil(info.size / this.partSize);
    return partNumbers.map((partNumber) => ({
      partNumber,
      url: `https://bucket.example/${fileId}?partNumber=${partNumber}`,
      method: 'PUT',
      size: partNumber < count ? this.partSize : info.size - this.partSize * (count - 1),
      headers: {},
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    }));
  }

  async listParts(todoId: string, fileId: string): Promise<StoredParts> {
    this.#record('listParts', [todoId, fileId]);
    const { info, parts } = this.#upload(fileId);
    return {
      partSize: this.partSize,
      partCount: Math.ceil(info.size / this.partSize),
      parts: [...parts].map(([partNumber, p]) => ({ partNumber, ...p })),
    };
  }

  async completeUpload(
    todoId: string,
    fileId: string,
    sent: { partNumber: number; etag: string }[],
  ): Promise<FileInfo> {
    this.#record('completeUpload', [todoId, fileId, sent]);
    const { info, parts } = this.#upload(fileId);
    const count = Math.ceil(info.size / this.partSize);
    const ok =
      sent.length === count &&
      sent.every((p, i) => p.partNumber === i + 1 && parts.get(i + 1)?.etag === p.etag);
    if (!ok) throw new ApiError(409, 'UPLOAD_INCOMPLETE', 'A part is missing.');
    this.multipart.delete(fileId);
    this.#arrived.add(fileId);
    return info;
  }

  uploadPart(part: PartUrl, body: Blob, options: UploadOptions = {}): Promise<string> {
    this.calls.push({ method: 'uploadPart', args: [part, body] });
    const fileId = (part.url.split('/').pop() ?? '').split('?')[0] ?? '';
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new UploadCancelledError()), { once: true });
      this.uploads.push({
        body,
        partNumber: part.partNumber,
        options,
        progress: (loaded) => options.onProgress?.({ loaded, total: body.size }),
        finish: () => {
          const etag = `"etag-${part.partNumber}"`;
          this.multipart.get(fileId)?.set(part.partNumber, { size: body.size, etag });
          resolve(etag);
        },
        fail: reject,
      });
    });
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
