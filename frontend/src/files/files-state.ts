import type { Usage } from '../api';
import type { Phase } from '../state';
import type { FileInfo } from '../types';

export interface Upload {
  id: string;
  todoId: string;
  /** The file record the API created for this upload (null until it answered). */
  fileId: string | null;
  fileName: string;
  size: number;
  loaded: number;
  /** uploading: bytes moving; processing: sent, waiting for S3 to confirm; failed: see `error`. */
  phase: 'uploading' | 'paused' | 'processing' | 'failed';
  error: string | null;
  /** A multipart upload: it can pause and resume. */
  multipart: boolean;
}

/** The open todo's attachments, and every upload still running (they outlive the screen). */
export interface FilesState {
  todoId: string | null;
  phase: Phase;
  files: readonly FileInfo[];
  error: string | null;
  /** Per-file error messages, shown next to that file's buttons. */
  fileErrors: Readonly<Record<string, string>>;
  uploads: readonly Upload[];
  /** Messages about picked files that were not uploaded (too large, ...). */
  rejected: readonly string[];
  /** The user's storage, or null until known. */
  usage: Usage | null;
  /** Pending files whose bytes this tab sent (S3 has not confirmed them yet): not interrupted. */
  finishing: readonly string[];
}

export const emptyFiles: FilesState = {
  todoId: null,
  phase: 'idle',
  files: [],
  error: null,
  fileErrors: {},
  uploads: [],
  rejected: [],
  usage: null,
  finishing: [],
};

/** Adds or replaces a file of the open todo, newest first like the API (ULIDs sort by time). */
export function withFile(state: FilesState, file: FileInfo): FilesState {
  if (state.todoId !== file.todoId) return state;
  const others = state.files.filter((f) => f.fileId !== file.fileId);
  return { ...state, files: [...others, file].sort((a, b) => (a.fileId < b.fileId ? 1 : -1)) };
}
