import type {
  ApiPort,
  ListQuery,
  PartUrl,
  StoredParts,
  TokenSource,
  UploadOptions,
  UploadProgress,
  Usage,
} from './api-port';
import type { AppConfig } from './config';
import { ApiError, type FieldIssue, NetworkError, SessionExpiredError, UploadCancelledError } from './errors';
import type {
  AccountDeletion,
  AccountExport,
  FileInfo,
  FileWithDownload,
  NewTodo,
  SingleUpload,
  Todo,
  TodoPage,
  TodoPatch,
  UploadTicket,
} from './types';

export type { ApiPort, ListQuery, PartUrl, StoredParts, TokenSource, UploadOptions, UploadProgress, Usage };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function readError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  const details = Array.isArray(error?.details)
    ? (error.details as unknown[]).filter(
        (d): d is FieldIssue =>
          typeof (d as FieldIssue)?.path === 'string' && typeof (d as FieldIssue)?.message === 'string',
      )
    : [];
  return new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
    typeof error?.message === 'string' ? error.message : response.statusText || 'Request failed.',
    details,
  );
}

/**
 * Typed client for the todos and files APIs. Every call carries the Cognito access token; a 401
 * gets one retry with refreshed tokens, then becomes SessionExpiredError. Failures are ApiError
 * (the server answered) or NetworkError (it did not).
 */
export class Api {
  readonly #todos: string;
  readonly #files: string;
  readonly #tokens: TokenSource;
  readonly #fetch: typeof fetch;
  readonly #createXhr: () => XMLHttpRequest;

  constructor(
    config: Pick<AppConfig, 'todosApiUrl' | 'filesApiUrl'>,
    tokens: TokenSource,
    deps: { fetch?: typeof fetch; createXhr?: () => XMLHttpRequest } = {},
  ) {
    this.#todos = config.todosApiUrl;
    this.#files = config.filesApiUrl;
    this.#tokens = tokens;
    this.#fetch = deps.fetch ?? ((input, init) => fetch(input, init));
    this.#createXhr = deps.createXhr ?? (() => new XMLHttpRequest());
  }

  /** The last token sent: what a request made while the page unloads can still use. */
  #lastToken: string | null = null;

  async #send(
    method: Method,
    url: string,
    body: unknown,
    token: string,
    options: { keepalive?: boolean } = {},
  ): Promise<Response> {
    this.#lastToken = token;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const init: RequestInit = { method, headers, cache: 'no-store', ...options };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      return await this.#fetch(url, init);
    } catch {
      throw new NetworkError();
    }
  }

  async #request<T>(method: Method, url: string, body?: unknown): Promise<T> {
    let response = await this.#send(method, url, body, await this.#tokens.getAccessToken());
    if (response.status === 401) {
      // Expired or revoked token: renew once; a second 401 means the session is really gone.
      response = await this.#send(method, url, body, await this.#tokens.refresh());
      if (response.status === 401) throw new SessionExpiredError();
    }
    if (!response.ok) throw await readError(response);
    if (response.status === 204) return undefined as T;
    try {
      // The API is ours and documented; its JSON is trusted to match the contract's types.
      return (await response.json()) as T;
    } catch {
      throw new ApiError(response.status, 'BAD_RESPONSE', 'The server sent an unreadable answer.');
    }
  }

  #todo = (todoId: string) => `${this.#todos}/todos/${encodeURIComponent(todoId)}`;
  #fileList = (todoId: string) => `${this.#files}/todos/${encodeURIComponent(todoId)}/files`;

  /** Only the parameters that are set are sent: the API rejects unknown or empty ones. */
  listTodos(query: ListQuery): Promise<TodoPage> {
    const params = new URLSearchParams({ status: query.status });
    const q = query.q?.trim();
    if (q) params.set('q', q);
    if (query.label) params.set('label', query.label);
    if (query.due) params.set('due', query.due);
    if (query.due && query.today) params.set('today', query.today);
    if (query.sort && query.sort !== 'created') params.set('sort', query.sort);
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    return this.#request('GET', `${this.#todos}/todos?${params}`);
  }

  createTodo(input: NewTodo): Promise<Todo> {
    return this.#request('POST', `${this.#todos}/todos`, input);
  }

  getTodo(todoId: string): Promise<Todo> {
    return this.#request('GET', this.#todo(todoId));
  }

  updateTodo(todoId: string, changes: TodoPatch): Promise<Todo> {
    return this.#request('PATCH', this.#todo(todoId), changes);
  }

  /** `today`: the browser's local date, from which a repeating todo's next occurrence is dated. */
  completeTodo(todoId: string, today?: string): Promise<Todo> {
    const query = today ? `?today=${encodeURIComponent(today)}` : '';
    return this.#request('POST', `${this.#todo(todoId)}/complete${query}`);
  }

  deleteTodo(todoId: string): Promise<void> {
    return this.#request('DELETE', this.#todo(todoId));
  }

  /**
   * A request made while the page is going away (pagehide, hidden): started synchronously, with
   * the last token, as a `keepalive` request the browser finishes after the tab has closed. It
   * settles only if the page is still there to hear it (the tab was merely hidden).
   */
  async #sendOnExit(method: Method, url: string, body?: unknown): Promise<Response> {
    if (!this.#lastToken) throw new SessionExpiredError();
    const response = await this.#send(method, url, body, this.#lastToken, { keepalive: true });
    if (!response.ok) throw await readError(response);
    return response;
  }

  /** Deletes while the page is going away (see #sendOnExit). Nothing is awaited. */
  deleteTodoOnExit(todoId: string): void {
    this.#sendOnExit('DELETE', this.#todo(todoId)).catch(() => {});
  }

  /** Sends what was typed while the page is going away (see #sendOnExit); answers the saved todo. */
  async updateTodoOnExit(todoId: string, changes: TodoPatch): Promise<Todo> {
    const response = await this.#sendOnExit('PATCH', this.#todo(todoId), changes);
    return (await response.json()) as Todo;
  }

  /** Deletes a bounded batch of completed todos; `more` says to call again. */
  clearCompleted(): Promise<{ deleted: number; more: boolean }> {
    return this.#request('DELETE', `${this.#todos}/todos?status=completed`);
  }

  async listFiles(todoId: string): Promise<FileInfo[]> {
    return (await this.#request<{ items: FileInfo[] }>('GET', this.#fileList(todoId))).items;
  }

  createUpload(todoId: string, file: { name: string; type: string; size: number }): Promise<UploadTicket> {
    return this.#request('POST', this.#fileList(todoId), {
      fileName: file.name,
      // Browsers report '' for types they do not know; the API wants a media type.
      contentType: file.type || 'application/octet-stream',
      size: file.size,
    });
  }

  getFile(todoId: string, fileId: string): Promise<FileWithDownload> {
    return this.#request('GET', `${this.#fileList(todoId)}/${encodeURIComponent(fileId)}`);
  }

  deleteFile(todoId: string, fileId: string): Promise<void> {
    return this.#request('DELETE', `${this.#fileList(todoId)}/${encodeURIComponent(fileId)}`);
  }

  /** One part of the account's export; ask again with its `nextCursor` until that is null. */
  exportAccount(cursor?: string | null): Promise<AccountExport> {
    const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
    return this.#request('GET', `${this.#todos}/account/export${query}`);
  }

  /** One batch of the account's deletion; call again until `done`. */
  deleteAccount(): Promise<AccountDeletion> {
    return this.#request('DELETE', `${this.#todos}/account`);
  }

  /** Up to 100 part URLs per call. */
  async presignParts(todoId: string, fileId: string, partNumbers: number[]): Promise<PartUrl[]> {
    const url = `${this.#fileList(todoId)}/${encodeURIComponent(fileId)}/parts`;
    return (await this.#request<{ parts: PartUrl[] }>('POST', url, { partNumbers })).parts;
  }

  /** The parts S3 already holds (to resume). */
  listParts(todoId: string, fileId: string): Promise<StoredParts> {
    return this.#request('GET', `${this.#fileList(todoId)}/${encodeURIComponent(fileId)}/parts`);
  }

  completeUpload(
    todoId: string,
    fileId: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<FileInfo> {
    return this.#request('POST', `${this.#fileList(todoId)}/${encodeURIComponent(fileId)}/complete`, {
      parts,
    });
  }

  getUsage(): Promise<Usage> {
    return this.#request('GET', `${this.#files}/usage`);
  }

  /**
   * PUTs the bytes straight to S3 with the presigned URL and exactly its signed headers.
   * XMLHttpRequest, because fetch reports no upload progress; the signal aborts it.
   */
  async uploadBytes(upload: SingleUpload, body: Blob, options: UploadOptions = {}): Promise<void> {
    await this.#put(upload, body, options);
  }

  /** PUTs one part; resolves with the ETag S3 answered (exposed through CORS). */
  async uploadPart(part: PartUrl, body: Blob, options: UploadOptions = {}): Promise<string> {
    const etag = (await this.#put(part, body, options)).getResponseHeader('ETag');
    if (!etag) throw new ApiError(502, 'UPLOAD_FAILED', 'The storage did not confirm a part (no ETag).');
    return etag;
  }

  #put(
    upload: { method: 'PUT'; url: string; headers: Record<string, string> },
    body: Blob,
    options: UploadOptions,
  ): Promise<XMLHttpRequest> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(new UploadCancelledError());
      const xhr = this.#createXhr();
      const onAbort = () => xhr.abort();
      xhr.open(upload.method, upload.url);
      for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (event) => {
        options.onProgress?.({
          loaded: event.loaded,
          total: event.lengthComputable ? event.total : body.size,
        });
      };
      xhr.onload = () => {
        options.signal?.removeEventListener('abort', onAbort);
        if (xhr.status >= 200 && xhr.status < 300) {
          options.onProgress?.({ loaded: body.size, total: body.size });
          resolve(xhr);
        } else {
          reject(new ApiError(xhr.status, 'UPLOAD_FAILED', `The upload was refused (HTTP ${xhr.status}).`));
        }
      };
      xhr.onerror = () => {
        options.signal?.removeEventListener('abort', onAbort);
        reject(new NetworkError('The upload failed.'));
      };
      xhr.onabort = () => reject(new UploadCancelledError());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      xhr.send(body);
    });
  }
}
