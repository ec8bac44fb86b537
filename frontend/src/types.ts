/** Shapes of the two APIs, as documented in DESIGN.md ("API contract"). */

export type StatusFilter = 'open' | 'completed' | 'all';

export interface Todo {
  todoId: string;
  title: string;
  description: string;
  notes: string;
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  completed: boolean;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TodoPage {
  items: Todo[];
  nextCursor: string | null;
}

export interface NewTodo {
  title: string;
  description?: string;
  dueDate?: string | null;
}

export interface TodoChanges {
  title?: string;
  description?: string;
  dueDate?: string | null;
  completed?: boolean;
  notes?: string;
}

export type FileStatus = 'pending' | 'available';

export interface FileInfo {
  fileId: string;
  todoId: string;
  fileName: string;
  contentType: string;
  size: number;
  status: FileStatus;
  createdAt: string;
  uploadedAt: string | null;
}

export interface FileWithDownload extends FileInfo {
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

export interface UploadTicket {
  file: FileInfo;
  upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
}

/** Field limits the API enforces (backend/src/todos/schemas.ts); checked here before sending. */
export const LIMITS = { title: 200, description: 2000, notes: 10000 } as const;
