import type { AppConfig } from './config';
import { ApiError, type FieldIssue, NetworkError, SessionExpiredError, UploadCancelledError } from './errors';
import type {
  FileInfo,
  FileWithDownload,
  NewTodo,
  SingleUpload,
  StatusFilter,
  Todo,
  TodoChanges,
  TodoPage,
  UploadTicket,
} from './types';

/** A presigned URL for one part of a multipart upload (it signs the part's exact size). */
export interface PartUrl {
  partNumber: number;
  url: string;
  method: 'PUT';
  size: number;
  headers: Record<string, string>;
  expiresAt: string;
}

export interface StoredParts {
  partSize: number;
  partCount: number;
  parts: { partNumber: number; size: number; etag: string }[];
}

export interface Usage {
  usedBytes: number;
  quotaBytes: number;
}

/** What the app needs of the API client (tests use an in-memory stand-in). */
export type ApiPort = Pick<
  Api,
  | 'listTodos'
  | 'createTodo'
  | 'getTodo'
  | 'updateTodo'
  | 'completeTodo'
  | 'setNotes'
  | 'deleteTodo'
  | 'listFiles'
  | 'createUpload'
  | 'getFile'
  | 'deleteFile'
  | 'uploadBytes'
  | 'presignParts'
  | 'listParts'
  | 'completeUpload'
  | 'uploadPart'
  | 'getUsage'
>;

/** Where API calls get their bearer token (the Auth class satisfies this). */
export interface TokenSource {
  getAccessToken(): Promise<string>;
  /** Forces new tokens, e.g. after a 401; rejects with SessionExpiredError when that is impossible. */
  refresh(): Promise<string>;
}

export interface ListQuery {
  status: StatusFilter;
  q?: string;
  limit?: number;
  cursor?: string | null;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

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

  async #send(method: Method, url: string, body: unknown, token: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const init: RequestInit = { method, headers, cache: 'no-store' };
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

  updateTodo(todoId: string, changes: TodoChanges): Promise<Todo> {
    return this.#request('PATCH', this.#todo(todoId), changes);
  }

  completeTodo(todoId: string): Promise<Todo> {
    return this.#request('POST', `${this.#todo(todoId)}/complete`);
  }

  setNotes(todoId: string, notes: string): Promise<Todo> {
    return this.#request('PUT', `${this.#todo(todoId)}/notes`, { notes });
  }

  deleteTodo(todoId: string): Promise<void> {
    return this.#request('DELETE', this.#todo(todoId));
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
