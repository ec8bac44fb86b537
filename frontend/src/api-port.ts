import type { Api } from './api';
import type { DueFilter, StatusFilter, TodoSort } from './types';

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
  | 'deleteTodo'
  | 'deleteTodoOnExit'
  | 'updateTodoOnExit'
  | 'clearCompleted'
  | 'listFiles'
  | 'createUpload'
  | 'getFile'
  | 'deleteFile'
  | 'uploadBytes'
  | 'exportAccount'
  | 'deleteAccount'
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
  label?: string;
  due?: DueFilter;
  /** The browser's local date (YYYY-MM-DD); the API needs it with `due`. */
  today?: string;
  sort?: TodoSort;
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
